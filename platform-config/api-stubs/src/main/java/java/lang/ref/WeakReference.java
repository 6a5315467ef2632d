// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.lang.ref;

public class WeakReference<T>  extends java.lang.ref.Reference<T> {
    public WeakReference(T p0) {
        throw new RuntimeException();
    }
    public WeakReference(T p0, java.lang.ref.ReferenceQueue<? super T> p1) {
        throw new RuntimeException();
    }
}
