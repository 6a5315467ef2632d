// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.lang;

public class AssertionError extends java.lang.Error {
    public AssertionError() {
        throw new RuntimeException();
    }
    public AssertionError(char p0) {
        throw new RuntimeException();
    }
    public AssertionError(double p0) {
        throw new RuntimeException();
    }
    public AssertionError(float p0) {
        throw new RuntimeException();
    }
    public AssertionError(int p0) {
        throw new RuntimeException();
    }
    public AssertionError(long p0) {
        throw new RuntimeException();
    }
    public AssertionError(java.lang.Object p0) {
        throw new RuntimeException();
    }
    public AssertionError(java.lang.String p0, java.lang.Throwable p1) {
        throw new RuntimeException();
    }
    public AssertionError(boolean p0) {
        throw new RuntimeException();
    }
}
