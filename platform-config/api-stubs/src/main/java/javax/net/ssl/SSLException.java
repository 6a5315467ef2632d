// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package javax.net.ssl;

public class SSLException extends java.io.IOException {
    public SSLException(java.lang.String p0) {
        throw new RuntimeException();
    }
    public SSLException(java.lang.String p0, java.lang.Throwable p1) {
        throw new RuntimeException();
    }
    public SSLException(java.lang.Throwable p0) {
        throw new RuntimeException();
    }
}
