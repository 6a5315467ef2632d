// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.net;

public class ServerSocket implements java.io.Closeable {
    public ServerSocket() throws java.io.IOException {
        throw new RuntimeException();
    }
    public ServerSocket(int p0) throws java.io.IOException {
        throw new RuntimeException();
    }
    public ServerSocket(int p0, int p1) throws java.io.IOException {
        throw new RuntimeException();
    }
    public ServerSocket(int p0, int p1, java.net.InetAddress p2) throws java.io.IOException {
        throw new RuntimeException();
    }
    public java.net.Socket accept() throws java.io.IOException {
        throw new RuntimeException();
    }
    public void bind(java.net.SocketAddress p0) throws java.io.IOException {
        throw new RuntimeException();
    }
    public void bind(java.net.SocketAddress p0, int p1) throws java.io.IOException {
        throw new RuntimeException();
    }
    public void close() throws java.io.IOException {
        throw new RuntimeException();
    }
    public int getLocalPort() {
        throw new RuntimeException();
    }
    public void setSoTimeout(int p0) throws java.net.SocketException {
        throw new RuntimeException();
    }
}
