// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.lang;

public class IllegalAccessException extends java.lang.Exception {
    protected IllegalAccessException() {
        throw new RuntimeException();
    }
}
