// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.lang;

public class ArithmeticException extends java.lang.RuntimeException {
    public ArithmeticException() {
        throw new RuntimeException();
    }
    public ArithmeticException(java.lang.String p0) {
        throw new RuntimeException();
    }
}
