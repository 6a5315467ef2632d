// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.net;

public class NoRouteToHostException extends java.net.SocketException {
    public NoRouteToHostException() {
        throw new RuntimeException();
    }
    public NoRouteToHostException(java.lang.String p0) {
        throw new RuntimeException();
    }
}
