// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.util;

public abstract class AbstractMap<K, V>  implements java.util.Map<K, V> {
    protected AbstractMap() {
        throw new RuntimeException();
    }
}
