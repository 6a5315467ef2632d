// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.io;

public abstract class Writer implements java.lang.Appendable, java.io.Closeable, java.io.Flushable {
    protected Writer() {
        throw new RuntimeException();
    }
    public abstract void close() throws java.io.IOException;
    public abstract void flush() throws java.io.IOException;
    public void write(int p0) throws java.io.IOException {
        throw new RuntimeException();
    }
    public void write(java.lang.String p0) throws java.io.IOException {
        throw new RuntimeException();
    }
    public void write(java.lang.String p0, int p1, int p2) throws java.io.IOException {
        throw new RuntimeException();
    }
    public void write(char[] p0) throws java.io.IOException {
        throw new RuntimeException();
    }
    public abstract void write(char[] p0, int p1, int p2) throws java.io.IOException;
}
