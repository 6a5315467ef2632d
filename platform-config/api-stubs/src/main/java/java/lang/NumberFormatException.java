// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.lang;

public class NumberFormatException extends java.lang.IllegalArgumentException {
    public NumberFormatException() {
        throw new RuntimeException();
    }
    public NumberFormatException(java.lang.String p0) {
        throw new RuntimeException();
    }
}
