// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.net;

public final class Inet4Address extends java.net.InetAddress {
    private Inet4Address() {
        throw new RuntimeException();
    }
}
