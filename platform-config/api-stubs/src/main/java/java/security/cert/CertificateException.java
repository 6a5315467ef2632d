// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.security.cert;

public class CertificateException extends java.security.GeneralSecurityException {
    public CertificateException() {
        throw new RuntimeException();
    }
    public CertificateException(java.lang.String p0) {
        throw new RuntimeException();
    }
    public CertificateException(java.lang.String p0, java.lang.Throwable p1) {
        throw new RuntimeException();
    }
    public CertificateException(java.lang.Throwable p0) {
        throw new RuntimeException();
    }
}
