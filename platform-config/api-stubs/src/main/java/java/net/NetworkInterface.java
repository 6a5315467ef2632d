// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.net;

public final class NetworkInterface {
    private NetworkInterface() {
        throw new RuntimeException();
    }
    public java.util.Enumeration<java.net.InetAddress> getInetAddresses() {
        throw new RuntimeException();
    }
    public java.lang.String getName() {
        throw new RuntimeException();
    }
    public static java.util.Enumeration<java.net.NetworkInterface> getNetworkInterfaces() throws java.net.SocketException {
        throw new RuntimeException();
    }
}
