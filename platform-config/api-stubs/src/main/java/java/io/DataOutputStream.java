// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.io;

public class DataOutputStream extends java.io.FilterOutputStream {
    public DataOutputStream(java.io.OutputStream p0) {
        throw new RuntimeException();
    }
    public final void writeByte(int p0) throws java.io.IOException {
        throw new RuntimeException();
    }
    public final void writeInt(int p0) throws java.io.IOException {
        throw new RuntimeException();
    }
    public final void writeLong(long p0) throws java.io.IOException {
        throw new RuntimeException();
    }
    public final void writeShort(int p0) throws java.io.IOException {
        throw new RuntimeException();
    }
    // not allowlisted: present only so this stub class implements its supertypes
    public void close() throws java.io.IOException {
        throw new RuntimeException();
    }
    // not allowlisted: present only so this stub class implements its supertypes
    public void flush() throws java.io.IOException {
        throw new RuntimeException();
    }
    // not allowlisted: present only so this stub class implements its supertypes
    public void write(int p0) throws java.io.IOException {
        throw new RuntimeException();
    }
}
