// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.lang;

public class UnsatisfiedLinkError extends java.lang.LinkageError {
    public UnsatisfiedLinkError() {
        throw new RuntimeException();
    }
    public UnsatisfiedLinkError(java.lang.String p0) {
        throw new RuntimeException();
    }
}
