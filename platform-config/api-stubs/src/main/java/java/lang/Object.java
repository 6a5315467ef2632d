// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.lang;

public class Object {
    public Object() {
        throw new RuntimeException();
    }
    public boolean equals(java.lang.Object p0) {
        throw new RuntimeException();
    }
    public final java.lang.Class<?> getClass() {
        throw new RuntimeException();
    }
    public int hashCode() {
        throw new RuntimeException();
    }
    public final void notify() {
        throw new RuntimeException();
    }
    public final void notifyAll() {
        throw new RuntimeException();
    }
    public java.lang.String toString() {
        throw new RuntimeException();
    }
    public final void wait() throws java.lang.InterruptedException {
        throw new RuntimeException();
    }
    public final void wait(long p0) throws java.lang.InterruptedException {
        throw new RuntimeException();
    }
    public final void wait(long p0, int p1) throws java.lang.InterruptedException {
        throw new RuntimeException();
    }
}
