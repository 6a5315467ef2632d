// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.util;

public abstract class AbstractCollection<E>  implements java.util.Collection<E> {
    protected AbstractCollection() {
        throw new RuntimeException();
    }
}
