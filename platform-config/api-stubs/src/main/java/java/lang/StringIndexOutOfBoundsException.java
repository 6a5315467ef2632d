// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.lang;

public class StringIndexOutOfBoundsException extends java.lang.IndexOutOfBoundsException {
    public StringIndexOutOfBoundsException() {
        throw new RuntimeException();
    }
    public StringIndexOutOfBoundsException(int p0) {
        throw new RuntimeException();
    }
    public StringIndexOutOfBoundsException(java.lang.String p0) {
        throw new RuntimeException();
    }
}
