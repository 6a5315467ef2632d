// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.lang;

public class SecurityException extends java.lang.RuntimeException {
    public SecurityException() {
        throw new RuntimeException();
    }
    public SecurityException(java.lang.String p0) {
        throw new RuntimeException();
    }
    public SecurityException(java.lang.String p0, java.lang.Throwable p1) {
        throw new RuntimeException();
    }
    public SecurityException(java.lang.Throwable p0) {
        throw new RuntimeException();
    }
}
