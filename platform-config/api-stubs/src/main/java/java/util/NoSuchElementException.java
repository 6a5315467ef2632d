// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.util;

public class NoSuchElementException extends java.lang.RuntimeException {
    public NoSuchElementException() {
        throw new RuntimeException();
    }
    public NoSuchElementException(java.lang.String p0) {
        throw new RuntimeException();
    }
    public NoSuchElementException(java.lang.String p0, java.lang.Throwable p1) {
        throw new RuntimeException();
    }
    public NoSuchElementException(java.lang.Throwable p0) {
        throw new RuntimeException();
    }
}
