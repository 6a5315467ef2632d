// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.net;

public class InetSocketAddress extends java.net.SocketAddress {
    public InetSocketAddress(int p0) {
        throw new RuntimeException();
    }
    public InetSocketAddress(java.lang.String p0, int p1) {
        throw new RuntimeException();
    }
    public InetSocketAddress(java.net.InetAddress p0, int p1) {
        throw new RuntimeException();
    }
    public final java.net.InetAddress getAddress() {
        throw new RuntimeException();
    }
    public final int getPort() {
        throw new RuntimeException();
    }
}
