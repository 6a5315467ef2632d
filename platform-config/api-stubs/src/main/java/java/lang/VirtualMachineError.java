// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.lang;

public abstract class VirtualMachineError extends java.lang.Error {
    protected VirtualMachineError() {
        throw new RuntimeException();
    }
}
