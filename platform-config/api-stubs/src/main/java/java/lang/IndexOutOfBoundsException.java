// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.lang;

public class IndexOutOfBoundsException extends java.lang.RuntimeException {
    public IndexOutOfBoundsException() {
        throw new RuntimeException();
    }
    public IndexOutOfBoundsException(int p0) {
        throw new RuntimeException();
    }
    public IndexOutOfBoundsException(long p0) {
        throw new RuntimeException();
    }
    public IndexOutOfBoundsException(java.lang.String p0) {
        throw new RuntimeException();
    }
}
