// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.io;

public abstract class OutputStream implements java.io.Closeable, java.io.Flushable {
    public OutputStream() {
        throw new RuntimeException();
    }
    public void close() throws java.io.IOException {
        throw new RuntimeException();
    }
    public void flush() throws java.io.IOException {
        throw new RuntimeException();
    }
    public abstract void write(int p0) throws java.io.IOException;
    public void write(byte[] p0) throws java.io.IOException {
        throw new RuntimeException();
    }
    public void write(byte[] p0, int p1, int p2) throws java.io.IOException {
        throw new RuntimeException();
    }
}
