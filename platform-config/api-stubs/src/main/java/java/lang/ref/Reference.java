// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.lang.ref;

public abstract class Reference<T>  {
    protected Reference() {
        throw new RuntimeException();
    }
    public void clear() {
        throw new RuntimeException();
    }
    public T get() {
        throw new RuntimeException();
    }
}
