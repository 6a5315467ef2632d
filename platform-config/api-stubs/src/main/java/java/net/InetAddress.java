// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.net;

public class InetAddress {
    protected InetAddress() {
        throw new RuntimeException();
    }
    public boolean equals(java.lang.Object p0) {
        throw new RuntimeException();
    }
    public byte[] getAddress() {
        throw new RuntimeException();
    }
    public static java.net.InetAddress getByAddress(java.lang.String p0, byte[] p1) throws java.net.UnknownHostException {
        throw new RuntimeException();
    }
    public static java.net.InetAddress getByAddress(byte[] p0) throws java.net.UnknownHostException {
        throw new RuntimeException();
    }
    public static java.net.InetAddress getByName(java.lang.String p0) throws java.net.UnknownHostException {
        throw new RuntimeException();
    }
    public java.lang.String getHostAddress() {
        throw new RuntimeException();
    }
    public int hashCode() {
        throw new RuntimeException();
    }
}
