// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.lang;

public class IllegalMonitorStateException extends java.lang.RuntimeException {
    public IllegalMonitorStateException() {
        throw new RuntimeException();
    }
    public IllegalMonitorStateException(java.lang.String p0) {
        throw new RuntimeException();
    }
}
