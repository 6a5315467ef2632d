// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.util;

public class ConcurrentModificationException extends java.lang.RuntimeException {
    public ConcurrentModificationException() {
        throw new RuntimeException();
    }
    public ConcurrentModificationException(java.lang.String p0) {
        throw new RuntimeException();
    }
    public ConcurrentModificationException(java.lang.String p0, java.lang.Throwable p1) {
        throw new RuntimeException();
    }
    public ConcurrentModificationException(java.lang.Throwable p0) {
        throw new RuntimeException();
    }
}
