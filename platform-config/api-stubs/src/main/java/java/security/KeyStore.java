// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.security;

public class KeyStore {
    protected KeyStore() {
        throw new RuntimeException();
    }
    public static final java.lang.String getDefaultType() {
        throw new RuntimeException();
    }
    public static java.security.KeyStore getInstance(java.lang.String p0) throws java.security.KeyStoreException {
        throw new RuntimeException();
    }
    public static java.security.KeyStore getInstance(java.lang.String p0, java.lang.String p1) throws java.security.KeyStoreException, java.security.NoSuchProviderException {
        throw new RuntimeException();
    }
    public final void load(java.io.InputStream p0, char[] p1) throws java.io.IOException, java.security.NoSuchAlgorithmException, java.security.cert.CertificateException {
        throw new RuntimeException();
    }
    public final void setCertificateEntry(java.lang.String p0, java.security.cert.Certificate p1) throws java.security.KeyStoreException {
        throw new RuntimeException();
    }
}
