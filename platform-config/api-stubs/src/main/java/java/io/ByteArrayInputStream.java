// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.io;

public class ByteArrayInputStream extends java.io.InputStream {
    public ByteArrayInputStream(byte[] p0) {
        throw new RuntimeException();
    }
    public ByteArrayInputStream(byte[] p0, int p1, int p2) {
        throw new RuntimeException();
    }
    // not allowlisted: present only so this stub class implements its supertypes
    public void close() throws java.io.IOException {
        throw new RuntimeException();
    }
    // not allowlisted: present only so this stub class implements its supertypes
    public int read() {
        throw new RuntimeException();
    }
}
