// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.net;

public final class Inet6Address extends java.net.InetAddress {
    private Inet6Address() {
        throw new RuntimeException();
    }
}
