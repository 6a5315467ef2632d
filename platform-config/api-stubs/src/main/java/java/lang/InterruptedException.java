// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.lang;

public class InterruptedException extends java.lang.Exception {
    public InterruptedException() {
        throw new RuntimeException();
    }
    public InterruptedException(java.lang.String p0) {
        throw new RuntimeException();
    }
}
