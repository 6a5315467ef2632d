// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package javax.net.ssl;

public abstract class SSLSocketFactory extends javax.net.SocketFactory {
    protected SSLSocketFactory() {
        throw new RuntimeException();
    }
    public java.net.Socket createSocket() throws java.io.IOException {
        throw new RuntimeException();
    }
    public abstract java.net.Socket createSocket(java.lang.String p0, int p1) throws java.io.IOException, java.net.UnknownHostException;
    public abstract java.net.Socket createSocket(java.lang.String p0, int p1, java.net.InetAddress p2, int p3) throws java.io.IOException, java.net.UnknownHostException;
    public abstract java.net.Socket createSocket(java.net.InetAddress p0, int p1) throws java.io.IOException;
    public abstract java.net.Socket createSocket(java.net.InetAddress p0, int p1, java.net.InetAddress p2, int p3) throws java.io.IOException;
    public java.net.Socket createSocket(java.net.Socket p0, java.io.InputStream p1, boolean p2) throws java.io.IOException {
        throw new RuntimeException();
    }
    public abstract java.net.Socket createSocket(java.net.Socket p0, java.lang.String p1, int p2, boolean p3) throws java.io.IOException;
    public static javax.net.SocketFactory getDefault() {
        throw new RuntimeException();
    }
}
