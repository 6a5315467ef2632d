// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.lang;

public class IllegalStateException extends java.lang.RuntimeException {
    public IllegalStateException() {
        throw new RuntimeException();
    }
    public IllegalStateException(java.lang.String p0) {
        throw new RuntimeException();
    }
    public IllegalStateException(java.lang.String p0, java.lang.Throwable p1) {
        throw new RuntimeException();
    }
    public IllegalStateException(java.lang.Throwable p0) {
        throw new RuntimeException();
    }
}
