// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.util;

public interface List<E>  extends java.util.Collection<E> {
    void add(int p0, E p1);
    boolean add(E p0);
    void clear();
    boolean contains(java.lang.Object p0);
    E get(int p0);
    int indexOf(java.lang.Object p0);
    boolean isEmpty();
    java.util.Iterator<E> iterator();
    E remove(int p0);
    boolean remove(java.lang.Object p0);
    E set(int p0, E p1);
    int size();
}
