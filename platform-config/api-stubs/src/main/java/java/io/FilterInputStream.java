// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.io;

public class FilterInputStream extends java.io.InputStream {
    protected FilterInputStream() {
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
