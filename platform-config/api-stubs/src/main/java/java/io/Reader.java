// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.io;

public abstract class Reader implements java.io.Closeable {
    protected Reader() {
        throw new RuntimeException();
    }
    public abstract void close() throws java.io.IOException;
    public int read() throws java.io.IOException {
        throw new RuntimeException();
    }
    public int read(char[] p0) throws java.io.IOException {
        throw new RuntimeException();
    }
    public abstract int read(char[] p0, int p1, int p2) throws java.io.IOException;
}
