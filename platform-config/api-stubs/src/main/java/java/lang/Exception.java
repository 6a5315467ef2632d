// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.lang;

public class Exception extends java.lang.Throwable {
    public Exception() {
        throw new RuntimeException();
    }
    public Exception(java.lang.String p0) {
        throw new RuntimeException();
    }
    public Exception(java.lang.String p0, java.lang.Throwable p1) {
        throw new RuntimeException();
    }
    protected Exception(java.lang.String p0, java.lang.Throwable p1, boolean p2, boolean p3) {
        throw new RuntimeException();
    }
    public Exception(java.lang.Throwable p0) {
        throw new RuntimeException();
    }
}
