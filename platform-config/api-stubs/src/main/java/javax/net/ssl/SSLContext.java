// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package javax.net.ssl;

public class SSLContext {
    protected SSLContext() {
        throw new RuntimeException();
    }
    public static javax.net.ssl.SSLContext getInstance(java.lang.String p0) throws java.security.NoSuchAlgorithmException {
        throw new RuntimeException();
    }
    public static javax.net.ssl.SSLContext getInstance(java.lang.String p0, java.lang.String p1) throws java.security.NoSuchAlgorithmException, java.security.NoSuchProviderException {
        throw new RuntimeException();
    }
    public final javax.net.ssl.SSLSocketFactory getSocketFactory() {
        throw new RuntimeException();
    }
    public final void init(javax.net.ssl.KeyManager[] p0, javax.net.ssl.TrustManager[] p1, java.security.SecureRandom p2) throws java.security.KeyManagementException {
        throw new RuntimeException();
    }
}
