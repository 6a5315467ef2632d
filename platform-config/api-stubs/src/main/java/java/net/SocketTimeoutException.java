// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.net;

public class SocketTimeoutException extends java.io.InterruptedIOException {
    public SocketTimeoutException() {
        throw new RuntimeException();
    }
    public SocketTimeoutException(java.lang.String p0) {
        throw new RuntimeException();
    }
}
