// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.lang;

public class InstantiationException extends java.lang.Exception {
    protected InstantiationException() {
        throw new RuntimeException();
    }
}
