// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.lang;

public class Throwable {
    public Throwable() {
        throw new RuntimeException();
    }
    public Throwable(java.lang.String p0) {
        throw new RuntimeException();
    }
    public Throwable(java.lang.String p0, java.lang.Throwable p1) {
        throw new RuntimeException();
    }
    protected Throwable(java.lang.String p0, java.lang.Throwable p1, boolean p2, boolean p3) {
        throw new RuntimeException();
    }
    public Throwable(java.lang.Throwable p0) {
        throw new RuntimeException();
    }
    public final void addSuppressed(java.lang.Throwable p0) {
        throw new RuntimeException();
    }
    public java.lang.Throwable getCause() {
        throw new RuntimeException();
    }
    public java.lang.String getMessage() {
        throw new RuntimeException();
    }
    public void printStackTrace() {
        throw new RuntimeException();
    }
    public void printStackTrace(java.io.PrintStream p0) {
        throw new RuntimeException();
    }
    public java.lang.String toString() {
        throw new RuntimeException();
    }
}
