// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.net;

public class UnknownHostException extends java.io.IOException {
    public UnknownHostException() {
        throw new RuntimeException();
    }
    public UnknownHostException(java.lang.String p0) {
        throw new RuntimeException();
    }
}
