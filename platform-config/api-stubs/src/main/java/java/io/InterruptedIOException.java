// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.io;

public class InterruptedIOException extends java.io.IOException {
    public InterruptedIOException() {
        throw new RuntimeException();
    }
    public InterruptedIOException(java.lang.String p0) {
        throw new RuntimeException();
    }
}
