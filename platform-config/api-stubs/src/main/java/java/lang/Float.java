// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.lang;

public final class Float extends java.lang.Number implements java.lang.Comparable<java.lang.Float> {
    public Float(double p0) {
        throw new RuntimeException();
    }
    public Float(float p0) {
        throw new RuntimeException();
    }
    public Float(java.lang.String p0) {
        throw new RuntimeException();
    }
    public static int floatToIntBits(float p0) {
        throw new RuntimeException();
    }
    public float floatValue() {
        throw new RuntimeException();
    }
    public static float intBitsToFloat(int p0) {
        throw new RuntimeException();
    }
    public boolean isNaN() {
        throw new RuntimeException();
    }
    public static boolean isNaN(float p0) {
        throw new RuntimeException();
    }
    public java.lang.String toString() {
        throw new RuntimeException();
    }
    public static java.lang.String toString(float p0) {
        throw new RuntimeException();
    }
    public static java.lang.Float valueOf(float p0) {
        throw new RuntimeException();
    }
    public static java.lang.Float valueOf(java.lang.String p0) {
        throw new RuntimeException();
    }
    // not allowlisted: present only so this stub class implements its supertypes
    public int compareTo(java.lang.Float p0) {
        throw new RuntimeException();
    }
    // not allowlisted: present only so this stub class implements its supertypes
    public int intValue() {
        throw new RuntimeException();
    }
    // not allowlisted: present only so this stub class implements its supertypes
    public long longValue() {
        throw new RuntimeException();
    }
}
