// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.net;

public class DatagramSocket implements java.io.Closeable {
    public DatagramSocket() throws java.net.SocketException {
        throw new RuntimeException();
    }
    public DatagramSocket(int p0) throws java.net.SocketException {
        throw new RuntimeException();
    }
    public DatagramSocket(int p0, java.net.InetAddress p1) throws java.net.SocketException {
        throw new RuntimeException();
    }
    public DatagramSocket(java.net.SocketAddress p0) throws java.net.SocketException {
        throw new RuntimeException();
    }
    public void bind(java.net.SocketAddress p0) throws java.net.SocketException {
        throw new RuntimeException();
    }
    public void close() {
        throw new RuntimeException();
    }
    public void connect(java.net.InetAddress p0, int p1) {
        throw new RuntimeException();
    }
    public void connect(java.net.SocketAddress p0) throws java.net.SocketException {
        throw new RuntimeException();
    }
    public void disconnect() {
        throw new RuntimeException();
    }
    public java.net.InetAddress getLocalAddress() {
        throw new RuntimeException();
    }
    public int getLocalPort() {
        throw new RuntimeException();
    }
    public int getSoTimeout() throws java.net.SocketException {
        throw new RuntimeException();
    }
    public boolean isClosed() {
        throw new RuntimeException();
    }
    public void receive(java.net.DatagramPacket p0) throws java.io.IOException {
        throw new RuntimeException();
    }
    public void send(java.net.DatagramPacket p0) throws java.io.IOException {
        throw new RuntimeException();
    }
    public void setReceiveBufferSize(int p0) throws java.net.SocketException {
        throw new RuntimeException();
    }
    public void setSendBufferSize(int p0) throws java.net.SocketException {
        throw new RuntimeException();
    }
    public void setSoTimeout(int p0) throws java.net.SocketException {
        throw new RuntimeException();
    }
}
