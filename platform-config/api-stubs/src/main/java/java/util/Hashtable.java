// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.util;

public class Hashtable<K, V>  extends java.util.Dictionary<K, V> implements java.util.Map<K, V>, java.lang.Cloneable {
    public Hashtable() {
        throw new RuntimeException();
    }
    public Hashtable(int p0) {
        throw new RuntimeException();
    }
    public Hashtable(int p0, float p1) {
        throw new RuntimeException();
    }
    public Hashtable(java.util.Map<? extends K, ? extends V> p0) {
        throw new RuntimeException();
    }
    public void clear() {
        throw new RuntimeException();
    }
    public boolean containsKey(java.lang.Object p0) {
        throw new RuntimeException();
    }
    public java.util.Enumeration<V> elements() {
        throw new RuntimeException();
    }
    public V get(java.lang.Object p0) {
        throw new RuntimeException();
    }
    public boolean isEmpty() {
        throw new RuntimeException();
    }
    public java.util.Enumeration<K> keys() {
        throw new RuntimeException();
    }
    public V put(K p0, V p1) {
        throw new RuntimeException();
    }
    public V remove(java.lang.Object p0) {
        throw new RuntimeException();
    }
    public int size() {
        throw new RuntimeException();
    }
}
