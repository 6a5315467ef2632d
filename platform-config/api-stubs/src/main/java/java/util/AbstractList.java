// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.util;

public abstract class AbstractList<E>  extends java.util.AbstractCollection<E> implements java.util.List<E> {
    protected AbstractList() {
        throw new RuntimeException();
    }
}
