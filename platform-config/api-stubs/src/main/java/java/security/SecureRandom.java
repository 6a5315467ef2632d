// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.security;

public class SecureRandom extends java.util.Random {
    public SecureRandom() {
        throw new RuntimeException();
    }
    public SecureRandom(byte[] p0) {
        throw new RuntimeException();
    }
    public void nextBytes(byte[] p0) {
        throw new RuntimeException();
    }
}
