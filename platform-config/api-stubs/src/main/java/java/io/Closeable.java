// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.io;

public interface Closeable extends java.lang.AutoCloseable {
    void close() throws java.io.IOException;
}
