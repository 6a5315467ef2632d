// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.lang;

public class StackOverflowError extends java.lang.VirtualMachineError {
    public StackOverflowError() {
        throw new RuntimeException();
    }
    public StackOverflowError(java.lang.String p0) {
        throw new RuntimeException();
    }
}
