// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.util;

public interface Collection<E>  extends java.lang.Iterable<E> {
    boolean add(E p0);
    void clear();
    boolean contains(java.lang.Object p0);
    boolean isEmpty();
    java.util.Iterator<E> iterator();
    boolean remove(java.lang.Object p0);
    int size();
}
