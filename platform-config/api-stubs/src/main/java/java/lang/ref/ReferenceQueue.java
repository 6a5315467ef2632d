// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.lang.ref;

public class ReferenceQueue<T>  {
    public ReferenceQueue() {
        throw new RuntimeException();
    }
    public java.lang.ref.Reference<? extends T> poll() {
        throw new RuntimeException();
    }
    public java.lang.ref.Reference<? extends T> remove() throws java.lang.InterruptedException {
        throw new RuntimeException();
    }
    public java.lang.ref.Reference<? extends T> remove(long p0) throws java.lang.InterruptedException {
        throw new RuntimeException();
    }
}
