// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.security.cert;

public class CertificateFactory {
    protected CertificateFactory() {
        throw new RuntimeException();
    }
    public final java.security.cert.Certificate generateCertificate(java.io.InputStream p0) throws java.security.cert.CertificateException {
        throw new RuntimeException();
    }
    public static final java.security.cert.CertificateFactory getInstance(java.lang.String p0) throws java.security.cert.CertificateException {
        throw new RuntimeException();
    }
    public static final java.security.cert.CertificateFactory getInstance(java.lang.String p0, java.lang.String p1) throws java.security.cert.CertificateException, java.security.NoSuchProviderException {
        throw new RuntimeException();
    }
}
