// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.lang;

public final class Boolean implements java.lang.Comparable<java.lang.Boolean> {
    public static final java.lang.Boolean FALSE = null;
    public static final java.lang.Boolean TRUE = null;
    public Boolean(java.lang.String p0) {
        throw new RuntimeException();
    }
    public Boolean(boolean p0) {
        throw new RuntimeException();
    }
    public boolean booleanValue() {
        throw new RuntimeException();
    }
    public boolean equals(java.lang.Object p0) {
        throw new RuntimeException();
    }
    public int hashCode() {
        throw new RuntimeException();
    }
    public static boolean parseBoolean(java.lang.String p0) {
        throw new RuntimeException();
    }
    public java.lang.String toString() {
        throw new RuntimeException();
    }
    public static java.lang.String toString(boolean p0) {
        throw new RuntimeException();
    }
    public static java.lang.Boolean valueOf(java.lang.String p0) {
        throw new RuntimeException();
    }
    public static java.lang.Boolean valueOf(boolean p0) {
        throw new RuntimeException();
    }
    // not allowlisted: present only so this stub class implements its supertypes
    public int compareTo(java.lang.Boolean p0) {
        throw new RuntimeException();
    }
}
