// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.net;

public class Socket implements java.io.Closeable {
    public Socket() {
        throw new RuntimeException();
    }
    public Socket(java.lang.String p0, int p1) throws java.net.UnknownHostException, java.io.IOException {
        throw new RuntimeException();
    }
    public Socket(java.lang.String p0, int p1, java.net.InetAddress p2, int p3) throws java.io.IOException {
        throw new RuntimeException();
    }
    public Socket(java.lang.String p0, int p1, boolean p2) throws java.io.IOException {
        throw new RuntimeException();
    }
    public Socket(java.net.InetAddress p0, int p1) throws java.io.IOException {
        throw new RuntimeException();
    }
    public Socket(java.net.InetAddress p0, int p1, java.net.InetAddress p2, int p3) throws java.io.IOException {
        throw new RuntimeException();
    }
    public Socket(java.net.InetAddress p0, int p1, boolean p2) throws java.io.IOException {
        throw new RuntimeException();
    }
    public void close() throws java.io.IOException {
        throw new RuntimeException();
    }
    public void connect(java.net.SocketAddress p0) throws java.io.IOException {
        throw new RuntimeException();
    }
    public void connect(java.net.SocketAddress p0, int p1) throws java.io.IOException {
        throw new RuntimeException();
    }
    public java.net.InetAddress getInetAddress() {
        throw new RuntimeException();
    }
    public java.io.InputStream getInputStream() throws java.io.IOException {
        throw new RuntimeException();
    }
    public int getLocalPort() {
        throw new RuntimeException();
    }
    public java.io.OutputStream getOutputStream() throws java.io.IOException {
        throw new RuntimeException();
    }
    public int getPort() {
        throw new RuntimeException();
    }
    public int getSoTimeout() throws java.net.SocketException {
        throw new RuntimeException();
    }
    public boolean isClosed() {
        throw new RuntimeException();
    }
    public boolean isConnected() {
        throw new RuntimeException();
    }
    public void setSoTimeout(int p0) throws java.net.SocketException {
        throw new RuntimeException();
    }
    public void setTcpNoDelay(boolean p0) throws java.net.SocketException {
        throw new RuntimeException();
    }
}
