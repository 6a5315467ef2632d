// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.lang;

public final class Integer extends java.lang.Number implements java.lang.Comparable<java.lang.Integer> {
    public static final int MAX_VALUE = 2147483647;
    public static final int MIN_VALUE = -2147483648;
    public Integer(int p0) {
        throw new RuntimeException();
    }
    public Integer(java.lang.String p0) {
        throw new RuntimeException();
    }
    public static int bitCount(int p0) {
        throw new RuntimeException();
    }
    public byte byteValue() {
        throw new RuntimeException();
    }
    public int compareTo(java.lang.Integer p0) {
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
    public static int numberOfLeadingZeros(int p0) {
        throw new RuntimeException();
    }
    public static int numberOfTrailingZeros(int p0) {
        throw new RuntimeException();
    }
    public static int parseInt(java.lang.String p0) {
        throw new RuntimeException();
    }
    public static int parseInt(java.lang.String p0, int p1) {
        throw new RuntimeException();
    }
    public static int reverseBytes(int p0) {
        throw new RuntimeException();
    }
    public static int rotateLeft(int p0, int p1) {
        throw new RuntimeException();
    }
    public static int rotateRight(int p0, int p1) {
        throw new RuntimeException();
    }
    public short shortValue() {
        throw new RuntimeException();
    }
    public static java.lang.String toBinaryString(int p0) {
        throw new RuntimeException();
    }
    public static java.lang.String toHexString(int p0) {
        throw new RuntimeException();
    }
    public java.lang.String toString() {
        throw new RuntimeException();
    }
    public static java.lang.String toString(int p0) {
        throw new RuntimeException();
    }
    public static java.lang.String toString(int p0, int p1) {
        throw new RuntimeException();
    }
    public static java.lang.Integer valueOf(int p0) {
        throw new RuntimeException();
    }
    public static java.lang.Integer valueOf(java.lang.String p0) {
        throw new RuntimeException();
    }
    public static java.lang.Integer valueOf(java.lang.String p0, int p1) {
        throw new RuntimeException();
    }
}
