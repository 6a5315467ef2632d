// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.security;

public class KeyStoreException extends java.security.GeneralSecurityException {
    public KeyStoreException() {
        throw new RuntimeException();
    }
    public KeyStoreException(java.lang.String p0) {
        throw new RuntimeException();
    }
    public KeyStoreException(java.lang.String p0, java.lang.Throwable p1) {
        throw new RuntimeException();
    }
    public KeyStoreException(java.lang.Throwable p0) {
        throw new RuntimeException();
    }
}
