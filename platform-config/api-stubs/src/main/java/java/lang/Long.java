// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.lang;

public final class Long extends java.lang.Number implements java.lang.Comparable<java.lang.Long> {
    public static final long MAX_VALUE = 9223372036854775807L;
    public static final long MIN_VALUE = -9223372036854775808L;
    public Long(long p0) {
        throw new RuntimeException();
    }
    public Long(java.lang.String p0) {
        throw new RuntimeException();
    }
    public static int bitCount(long p0) {
        throw new RuntimeException();
    }
    public int compareTo(java.lang.Long p0) {
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
    public long longValue() {
        throw new RuntimeException();
    }
    public static int numberOfLeadingZeros(long p0) {
        throw new RuntimeException();
    }
    public static int numberOfTrailingZeros(long p0) {
        throw new RuntimeException();
    }
    public static long parseLong(java.lang.String p0) {
        throw new RuntimeException();
    }
    public static long parseLong(java.lang.String p0, int p1) {
        throw new RuntimeException();
    }
    public static long rotateLeft(long p0, int p1) {
        throw new RuntimeException();
    }
    public static long rotateRight(long p0, int p1) {
        throw new RuntimeException();
    }
    public static java.lang.String toHexString(long p0) {
        throw new RuntimeException();
    }
    public java.lang.String toString() {
        throw new RuntimeException();
    }
    public static java.lang.String toString(long p0) {
        throw new RuntimeException();
    }
    public static java.lang.String toString(long p0, int p1) {
        throw new RuntimeException();
    }
    public static java.lang.Long valueOf(long p0) {
        throw new RuntimeException();
    }
    public static java.lang.Long valueOf(java.lang.String p0) {
        throw new RuntimeException();
    }
    public static java.lang.Long valueOf(java.lang.String p0, int p1) {
        throw new RuntimeException();
    }
}
