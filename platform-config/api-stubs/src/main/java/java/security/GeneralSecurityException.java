// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.security;

public class GeneralSecurityException extends java.lang.Exception {
    public GeneralSecurityException() {
        throw new RuntimeException();
    }
    public GeneralSecurityException(java.lang.String p0) {
        throw new RuntimeException();
    }
    public GeneralSecurityException(java.lang.String p0, java.lang.Throwable p1) {
        throw new RuntimeException();
    }
    public GeneralSecurityException(java.lang.Throwable p0) {
        throw new RuntimeException();
    }
}
