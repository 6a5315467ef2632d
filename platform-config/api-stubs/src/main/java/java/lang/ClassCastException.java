// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.lang;

public class ClassCastException extends java.lang.RuntimeException {
    public ClassCastException() {
        throw new RuntimeException();
    }
    public ClassCastException(java.lang.String p0) {
        throw new RuntimeException();
    }
}
