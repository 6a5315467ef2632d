// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.io;

public class DataInputStream extends java.io.FilterInputStream {
    public DataInputStream(java.io.InputStream p0) {
        throw new RuntimeException();
    }
    public final byte readByte() throws java.io.IOException {
        throw new RuntimeException();
    }
    public final void readFully(byte[] p0) throws java.io.IOException {
        throw new RuntimeException();
    }
    public final void readFully(byte[] p0, int p1, int p2) throws java.io.IOException {
        throw new RuntimeException();
    }
    public final int readInt() throws java.io.IOException {
        throw new RuntimeException();
    }
    public final long readLong() throws java.io.IOException {
        throw new RuntimeException();
    }
    public final short readShort() throws java.io.IOException {
        throw new RuntimeException();
    }
    public final int readUnsignedByte() throws java.io.IOException {
        throw new RuntimeException();
    }
    public final int readUnsignedShort() throws java.io.IOException {
        throw new RuntimeException();
    }
    // not allowlisted: present only so this stub class implements its supertypes
    public void close() throws java.io.IOException {
        throw new RuntimeException();
    }
    // not allowlisted: present only so this stub class implements its supertypes
    public int read() throws java.io.IOException {
        throw new RuntimeException();
    }
}
