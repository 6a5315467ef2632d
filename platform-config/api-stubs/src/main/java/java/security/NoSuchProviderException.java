// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.security;

public class NoSuchProviderException extends java.security.GeneralSecurityException {
    protected NoSuchProviderException() {
        throw new RuntimeException();
    }
}
