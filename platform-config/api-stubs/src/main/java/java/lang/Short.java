// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.lang;

public final class Short extends java.lang.Number implements java.lang.Comparable<java.lang.Short> {
    public static final short MAX_VALUE = (short) 32767;
    public static final short MIN_VALUE = (short) -32768;
    public Short(java.lang.String p0) {
        throw new RuntimeException();
    }
    public Short(short p0) {
        throw new RuntimeException();
    }
    public boolean equals(java.lang.Object p0) {
        throw new RuntimeException();
    }
    public int hashCode() {
        throw new RuntimeException();
    }
    public int intValue() {
        throw new RuntimeException();
    }
    public static short parseShort(java.lang.String p0) {
        throw new RuntimeException();
    }
    public static short parseShort(java.lang.String p0, int p1) {
        throw new RuntimeException();
    }
    public short shortValue() {
        throw new RuntimeException();
    }
    public java.lang.String toString() {
        throw new RuntimeException();
    }
    public static java.lang.String toString(short p0) {
        throw new RuntimeException();
    }
    public static java.lang.Short valueOf(java.lang.String p0) {
        throw new RuntimeException();
    }
    public static java.lang.Short valueOf(java.lang.String p0, int p1) {
        throw new RuntimeException();
    }
    public static java.lang.Short valueOf(short p0) {
        throw new RuntimeException();
    }
    // not allowlisted: present only so this stub class implements its supertypes
    public int compareTo(java.lang.Short p0) {
        throw new RuntimeException();
    }
    // not allowlisted: present only so this stub class implements its supertypes
    public long longValue() {
        throw new RuntimeException();
    }
}
