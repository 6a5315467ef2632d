// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.io;

public class UnsupportedEncodingException extends java.io.IOException {
    public UnsupportedEncodingException() {
        throw new RuntimeException();
    }
    public UnsupportedEncodingException(java.lang.String p0) {
        throw new RuntimeException();
    }
}
