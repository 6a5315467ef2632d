// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.util;

public abstract class Dictionary<K, V>  {
    protected Dictionary() {
        throw new RuntimeException();
    }
}
