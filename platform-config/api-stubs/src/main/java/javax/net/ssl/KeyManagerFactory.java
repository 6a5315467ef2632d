// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package javax.net.ssl;

public class KeyManagerFactory {
    protected KeyManagerFactory() {
        throw new RuntimeException();
    }
    public static final java.lang.String getDefaultAlgorithm() {
        throw new RuntimeException();
    }
    public static final javax.net.ssl.KeyManagerFactory getInstance(java.lang.String p0) throws java.security.NoSuchAlgorithmException {
        throw new RuntimeException();
    }
    public static final javax.net.ssl.KeyManagerFactory getInstance(java.lang.String p0, java.lang.String p1) throws java.security.NoSuchAlgorithmException, java.security.NoSuchProviderException {
        throw new RuntimeException();
    }
    public final javax.net.ssl.KeyManager[] getKeyManagers() {
        throw new RuntimeException();
    }
}
