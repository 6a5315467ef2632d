// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.util;

public class ArrayList<E>  extends java.util.AbstractList<E> implements java.util.List<E>, java.util.RandomAccess, java.lang.Cloneable {
    public ArrayList() {
        throw new RuntimeException();
    }
    public ArrayList(int p0) {
        throw new RuntimeException();
    }
    public ArrayList(java.util.Collection<? extends E> p0) {
        throw new RuntimeException();
    }
    public void add(int p0, E p1) {
        throw new RuntimeException();
    }
    public boolean add(E p0) {
        throw new RuntimeException();
    }
    public void clear() {
        throw new RuntimeException();
    }
    public boolean contains(java.lang.Object p0) {
        throw new RuntimeException();
    }
    public E get(int p0) {
        throw new RuntimeException();
    }
    public int indexOf(java.lang.Object p0) {
        throw new RuntimeException();
    }
    public boolean isEmpty() {
        throw new RuntimeException();
    }
    public java.util.Iterator<E> iterator() {
        throw new RuntimeException();
    }
    public E remove(int p0) {
        throw new RuntimeException();
    }
    public boolean remove(java.lang.Object p0) {
        throw new RuntimeException();
    }
    public E set(int p0, E p1) {
        throw new RuntimeException();
    }
    public int size() {
        throw new RuntimeException();
    }
}
