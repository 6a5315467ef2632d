// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.io;

public class EOFException extends java.io.IOException {
    public EOFException() {
        throw new RuntimeException();
    }
    public EOFException(java.lang.String p0) {
        throw new RuntimeException();
    }
}
