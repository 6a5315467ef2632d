// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.lang;

public class NegativeArraySizeException extends java.lang.RuntimeException {
    public NegativeArraySizeException() {
        throw new RuntimeException();
    }
    public NegativeArraySizeException(java.lang.String p0) {
        throw new RuntimeException();
    }
}
