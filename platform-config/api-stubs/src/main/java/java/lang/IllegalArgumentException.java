// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.lang;

public class IllegalArgumentException extends java.lang.RuntimeException {
    public IllegalArgumentException() {
        throw new RuntimeException();
    }
    public IllegalArgumentException(java.lang.String p0) {
        throw new RuntimeException();
    }
    public IllegalArgumentException(java.lang.String p0, java.lang.Throwable p1) {
        throw new RuntimeException();
    }
    public IllegalArgumentException(java.lang.Throwable p0) {
        throw new RuntimeException();
    }
}
