// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.net;

public class PortUnreachableException extends java.net.SocketException {
    public PortUnreachableException() {
        throw new RuntimeException();
    }
    public PortUnreachableException(java.lang.String p0) {
        throw new RuntimeException();
    }
}
