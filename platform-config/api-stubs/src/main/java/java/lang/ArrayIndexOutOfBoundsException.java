// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.lang;

public class ArrayIndexOutOfBoundsException extends java.lang.IndexOutOfBoundsException {
    public ArrayIndexOutOfBoundsException() {
        throw new RuntimeException();
    }
    public ArrayIndexOutOfBoundsException(int p0) {
        throw new RuntimeException();
    }
    public ArrayIndexOutOfBoundsException(java.lang.String p0) {
        throw new RuntimeException();
    }
}
