// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.lang;

public class Error extends java.lang.Throwable {
    public Error() {
        throw new RuntimeException();
    }
    public Error(java.lang.String p0) {
        throw new RuntimeException();
    }
    public Error(java.lang.String p0, java.lang.Throwable p1) {
        throw new RuntimeException();
    }
    protected Error(java.lang.String p0, java.lang.Throwable p1, boolean p2, boolean p3) {
        throw new RuntimeException();
    }
    public Error(java.lang.Throwable p0) {
        throw new RuntimeException();
    }
}
