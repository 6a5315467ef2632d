// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.io;

public abstract class InputStream implements java.io.Closeable {
    public InputStream() {
        throw new RuntimeException();
    }
    public int available() throws java.io.IOException {
        throw new RuntimeException();
    }
    public void close() throws java.io.IOException {
        throw new RuntimeException();
    }
    public abstract int read() throws java.io.IOException;
    public int read(byte[] p0) throws java.io.IOException {
        throw new RuntimeException();
    }
    public int read(byte[] p0, int p1, int p2) throws java.io.IOException {
        throw new RuntimeException();
    }
    public long skip(long p0) throws java.io.IOException {
        throw new RuntimeException();
    }
}
