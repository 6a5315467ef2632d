// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.net;

public class SocketException extends java.io.IOException {
    public SocketException() {
        throw new RuntimeException();
    }
    public SocketException(java.lang.String p0) {
        throw new RuntimeException();
    }
}
