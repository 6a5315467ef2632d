// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.io;

public class IOException extends java.lang.Exception {
    public IOException() {
        throw new RuntimeException();
    }
    public IOException(java.lang.String p0) {
        throw new RuntimeException();
    }
    public IOException(java.lang.String p0, java.lang.Throwable p1) {
        throw new RuntimeException();
    }
    public IOException(java.lang.Throwable p0) {
        throw new RuntimeException();
    }
}
