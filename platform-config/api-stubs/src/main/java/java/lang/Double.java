// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.lang;

public final class Double extends java.lang.Number implements java.lang.Comparable<java.lang.Double> {
    public Double(double p0) {
        throw new RuntimeException();
    }
    public Double(java.lang.String p0) {
        throw new RuntimeException();
    }
    public static long doubleToLongBits(double p0) {
        throw new RuntimeException();
    }
    public double doubleValue() {
        throw new RuntimeException();
    }
    public boolean isNaN() {
        throw new RuntimeException();
    }
    public static boolean isNaN(double p0) {
        throw new RuntimeException();
    }
    public static double longBitsToDouble(long p0) {
        throw new RuntimeException();
    }
    public java.lang.String toString() {
        throw new RuntimeException();
    }
    public static java.lang.String toString(double p0) {
        throw new RuntimeException();
    }
    public static java.lang.Double valueOf(double p0) {
        throw new RuntimeException();
    }
    public static java.lang.Double valueOf(java.lang.String p0) {
        throw new RuntimeException();
    }
    // not allowlisted: present only so this stub class implements its supertypes
    public int compareTo(java.lang.Double p0) {
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
