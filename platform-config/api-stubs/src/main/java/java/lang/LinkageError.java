// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.lang;

public class LinkageError extends java.lang.Error {
    protected LinkageError() {
        throw new RuntimeException();
    }
}
