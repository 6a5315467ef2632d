// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.lang;

public final class Void {
    private Void() {
        throw new RuntimeException();
    }
}
