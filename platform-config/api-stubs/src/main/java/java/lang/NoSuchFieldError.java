// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.lang;

public class NoSuchFieldError extends java.lang.LinkageError {
    public NoSuchFieldError() {
        throw new RuntimeException();
    }
    public NoSuchFieldError(java.lang.String p0) {
        throw new RuntimeException();
    }
}
