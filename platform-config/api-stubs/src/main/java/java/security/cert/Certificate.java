// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.security.cert;

public abstract class Certificate {
    protected Certificate() {
        throw new RuntimeException();
    }
    public abstract byte[] getEncoded() throws java.security.cert.CertificateEncodingException;
}
