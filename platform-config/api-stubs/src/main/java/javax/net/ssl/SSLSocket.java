// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package javax.net.ssl;

public abstract class SSLSocket extends java.net.Socket {
    protected SSLSocket() {
        throw new RuntimeException();
    }
    public abstract void startHandshake() throws java.io.IOException;
}
