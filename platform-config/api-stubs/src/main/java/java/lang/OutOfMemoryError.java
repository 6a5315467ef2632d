// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.lang;

public class OutOfMemoryError extends java.lang.VirtualMachineError {
    public OutOfMemoryError() {
        throw new RuntimeException();
    }
    public OutOfMemoryError(java.lang.String p0) {
        throw new RuntimeException();
    }
}
