// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.net;

public final class DatagramPacket {
    public DatagramPacket(byte[] p0, int p1) {
        throw new RuntimeException();
    }
    public DatagramPacket(byte[] p0, int p1, int p2) {
        throw new RuntimeException();
    }
    public DatagramPacket(byte[] p0, int p1, int p2, java.net.InetAddress p3, int p4) {
        throw new RuntimeException();
    }
    public DatagramPacket(byte[] p0, int p1, int p2, java.net.SocketAddress p3) {
        throw new RuntimeException();
    }
    public DatagramPacket(byte[] p0, int p1, java.net.InetAddress p2, int p3) {
        throw new RuntimeException();
    }
    public DatagramPacket(byte[] p0, int p1, java.net.SocketAddress p2) {
        throw new RuntimeException();
    }
    public java.net.InetAddress getAddress() {
        throw new RuntimeException();
    }
    public byte[] getData() {
        throw new RuntimeException();
    }
    public int getLength() {
        throw new RuntimeException();
    }
    public int getOffset() {
        throw new RuntimeException();
    }
    public int getPort() {
        throw new RuntimeException();
    }
    public java.net.SocketAddress getSocketAddress() {
        throw new RuntimeException();
    }
    public void setAddress(java.net.InetAddress p0) {
        throw new RuntimeException();
    }
    public void setData(byte[] p0) {
        throw new RuntimeException();
    }
    public void setData(byte[] p0, int p1, int p2) {
        throw new RuntimeException();
    }
    public void setLength(int p0) {
        throw new RuntimeException();
    }
    public void setPort(int p0) {
        throw new RuntimeException();
    }
    public void setSocketAddress(java.net.SocketAddress p0) {
        throw new RuntimeException();
    }
}
