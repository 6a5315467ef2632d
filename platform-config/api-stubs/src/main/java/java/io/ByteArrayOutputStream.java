// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.io;

public class ByteArrayOutputStream extends java.io.OutputStream {
    public ByteArrayOutputStream() {
        throw new RuntimeException();
    }
    public ByteArrayOutputStream(int p0) {
        throw new RuntimeException();
    }
    public void reset() {
        throw new RuntimeException();
    }
    public int size() {
        throw new RuntimeException();
    }
    public byte[] toByteArray() {
        throw new RuntimeException();
    }
    public void write(int p0) {
        throw new RuntimeException();
    }
    public void write(byte[] p0) throws java.io.IOException {
        throw new RuntimeException();
    }
    public void write(byte[] p0, int p1, int p2) {
        throw new RuntimeException();
    }
    // not allowlisted: present only so this stub class implements its supertypes
    public void close() throws java.io.IOException {
        throw new RuntimeException();
    }
}
