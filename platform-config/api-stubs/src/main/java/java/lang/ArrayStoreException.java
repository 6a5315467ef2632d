// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.lang;

public class ArrayStoreException extends java.lang.RuntimeException {
    public ArrayStoreException() {
        throw new RuntimeException();
    }
    public ArrayStoreException(java.lang.String p0) {
        throw new RuntimeException();
    }
}
