// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.io;

public interface Flushable {
    void flush() throws java.io.IOException;
}
