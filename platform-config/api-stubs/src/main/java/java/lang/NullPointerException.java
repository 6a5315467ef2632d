// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.lang;

public class NullPointerException extends java.lang.RuntimeException {
    public NullPointerException() {
        throw new RuntimeException();
    }
    public NullPointerException(java.lang.String p0) {
        throw new RuntimeException();
    }
}
