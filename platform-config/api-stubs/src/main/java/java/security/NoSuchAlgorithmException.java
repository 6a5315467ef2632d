// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.security;

public class NoSuchAlgorithmException extends java.security.GeneralSecurityException {
    public NoSuchAlgorithmException() {
        throw new RuntimeException();
    }
    public NoSuchAlgorithmException(java.lang.String p0) {
        throw new RuntimeException();
    }
    public NoSuchAlgorithmException(java.lang.String p0, java.lang.Throwable p1) {
        throw new RuntimeException();
    }
    public NoSuchAlgorithmException(java.lang.Throwable p0) {
        throw new RuntimeException();
    }
}
