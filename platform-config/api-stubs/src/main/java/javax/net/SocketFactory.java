// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package javax.net;

public abstract class SocketFactory {
    protected SocketFactory() {
        throw new RuntimeException();
    }
    public java.net.Socket createSocket() throws java.io.IOException {
        throw new RuntimeException();
    }
    public abstract java.net.Socket createSocket(java.lang.String p0, int p1) throws java.io.IOException, java.net.UnknownHostException;
    public abstract java.net.Socket createSocket(java.lang.String p0, int p1, java.net.InetAddress p2, int p3) throws java.io.IOException, java.net.UnknownHostException;
    public abstract java.net.Socket createSocket(java.net.InetAddress p0, int p1) throws java.io.IOException;
    public abstract java.net.Socket createSocket(java.net.InetAddress p0, int p1, java.net.InetAddress p2, int p3) throws java.io.IOException;
    public static javax.net.SocketFactory getDefault() {
        throw new RuntimeException();
    }
}
