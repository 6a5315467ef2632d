// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.lang;

public class CloneNotSupportedException extends java.lang.Exception {
    public CloneNotSupportedException() {
        throw new RuntimeException();
    }
    public CloneNotSupportedException(java.lang.String p0) {
        throw new RuntimeException();
    }
}
