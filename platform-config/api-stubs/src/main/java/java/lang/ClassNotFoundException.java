// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.lang;

public class ClassNotFoundException extends java.lang.Exception {
    public ClassNotFoundException() {
        throw new RuntimeException();
    }
    public ClassNotFoundException(java.lang.String p0) {
        throw new RuntimeException();
    }
    public ClassNotFoundException(java.lang.String p0, java.lang.Throwable p1) {
        throw new RuntimeException();
    }
}
