// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.io;

public class FilterOutputStream extends java.io.OutputStream {
    protected FilterOutputStream() {
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
