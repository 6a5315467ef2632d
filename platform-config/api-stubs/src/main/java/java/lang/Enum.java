// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.lang;

public abstract class Enum<E extends java.lang.Enum<E>>  implements java.lang.Comparable<E> {
    protected Enum(java.lang.String p0, int p1) {
        throw new RuntimeException();
    }
    public final int compareTo(E p0) {
        throw new RuntimeException();
    }
    public final boolean equals(java.lang.Object p0) {
        throw new RuntimeException();
    }
    public final int hashCode() {
        throw new RuntimeException();
    }
    public final java.lang.String name() {
        throw new RuntimeException();
    }
    public final int ordinal() {
        throw new RuntimeException();
    }
    public java.lang.String toString() {
        throw new RuntimeException();
    }
    public static <T extends java.lang.Enum<T>> T valueOf(java.lang.Class<T> p0, java.lang.String p1) {
        throw new RuntimeException();
    }
}
