// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.lang;

public final class Byte extends java.lang.Number implements java.lang.Comparable<java.lang.Byte> {
    public static final byte MAX_VALUE = (byte) 127;
    public static final byte MIN_VALUE = (byte) -128;
    public Byte(byte p0) {
        throw new RuntimeException();
    }
    public Byte(java.lang.String p0) {
        throw new RuntimeException();
    }
    public byte byteValue() {
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
    public static byte parseByte(java.lang.String p0) {
        throw new RuntimeException();
    }
    public static byte parseByte(java.lang.String p0, int p1) {
        throw new RuntimeException();
    }
    public java.lang.String toString() {
        throw new RuntimeException();
    }
    public static java.lang.String toString(byte p0) {
        throw new RuntimeException();
    }
    public static java.lang.Byte valueOf(byte p0) {
        throw new RuntimeException();
    }
    public static java.lang.Byte valueOf(java.lang.String p0) {
        throw new RuntimeException();
    }
    public static java.lang.Byte valueOf(java.lang.String p0, int p1) {
        throw new RuntimeException();
    }
    // not allowlisted: present only so this stub class implements its supertypes
    public int compareTo(java.lang.Byte p0) {
        throw new RuntimeException();
    }
    // not allowlisted: present only so this stub class implements its supertypes
    public long longValue() {
        throw new RuntimeException();
    }
}
