// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.net;

public class BindException extends java.net.SocketException {
    public BindException() {
        throw new RuntimeException();
    }
    public BindException(java.lang.String p0) {
        throw new RuntimeException();
    }
}
