// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.net;

public class ConnectException extends java.net.SocketException {
    public ConnectException() {
        throw new RuntimeException();
    }
    public ConnectException(java.lang.String p0) {
        throw new RuntimeException();
    }
}
