// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.security.cert;

public class CertificateEncodingException extends java.security.cert.CertificateException {
    public CertificateEncodingException() {
        throw new RuntimeException();
    }
    public CertificateEncodingException(java.lang.String p0) {
        throw new RuntimeException();
    }
    public CertificateEncodingException(java.lang.String p0, java.lang.Throwable p1) {
        throw new RuntimeException();
    }
    public CertificateEncodingException(java.lang.Throwable p0) {
        throw new RuntimeException();
    }
}
