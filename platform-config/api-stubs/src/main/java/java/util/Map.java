// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.util;

public interface Map<K, V>  {
    void clear();
    boolean containsKey(java.lang.Object p0);
    V get(java.lang.Object p0);
    boolean isEmpty();
    V put(K p0, V p1);
    V remove(java.lang.Object p0);
    int size();
}
