// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.net;

public abstract class SocketAddress {
    protected SocketAddress() {
        throw new RuntimeException();
    }
}
