// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.util;

public class Vector<E>  extends java.util.AbstractList<E> implements java.util.List<E>, java.util.RandomAccess, java.lang.Cloneable {
    public Vector() {
        throw new RuntimeException();
    }
    public Vector(int p0) {
        throw new RuntimeException();
    }
    public Vector(int p0, int p1) {
        throw new RuntimeException();
    }
    public Vector(java.util.Collection<? extends E> p0) {
        throw new RuntimeException();
    }
    public void addElement(E p0) {
        throw new RuntimeException();
    }
    public E elementAt(int p0) {
        throw new RuntimeException();
    }
    public void removeAllElements() {
        throw new RuntimeException();
    }
    public void removeElementAt(int p0) {
        throw new RuntimeException();
    }
    public int size() {
        throw new RuntimeException();
    }
    // not allowlisted: present only so this stub class implements its supertypes
    public void add(int p0, E p1) {
        throw new RuntimeException();
    }
    // not allowlisted: present only so this stub class implements its supertypes
    public boolean add(E p0) {
        throw new RuntimeException();
    }
    // not allowlisted: present only so this stub class implements its supertypes
    public void clear() {
        throw new RuntimeException();
    }
    // not allowlisted: present only so this stub class implements its supertypes
    public boolean contains(java.lang.Object p0) {
        throw new RuntimeException();
    }
    // not allowlisted: present only so this stub class implements its supertypes
    public E get(int p0) {
        throw new RuntimeException();
    }
    // not allowlisted: present only so this stub class implements its supertypes
    public int indexOf(java.lang.Object p0) {
        throw new RuntimeException();
    }
    // not allowlisted: present only so this stub class implements its supertypes
    public boolean isEmpty() {
        throw new RuntimeException();
    }
    // not allowlisted: present only so this stub class implements its supertypes
    public java.util.Iterator<E> iterator() {
        throw new RuntimeException();
    }
    // not allowlisted: present only so this stub class implements its supertypes
    public E remove(int p0) {
        throw new RuntimeException();
    }
    // not allowlisted: present only so this stub class implements its supertypes
    public boolean remove(java.lang.Object p0) {
        throw new RuntimeException();
    }
    // not allowlisted: present only so this stub class implements its supertypes
    public E set(int p0, E p1) {
        throw new RuntimeException();
    }
}
