// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.lang;

public class Runtime {
    protected Runtime() {
        throw new RuntimeException();
    }
    public long freeMemory() {
        throw new RuntimeException();
    }
    public void gc() {
        throw new RuntimeException();
    }
    public static java.lang.Runtime getRuntime() {
        throw new RuntimeException();
    }
    public long totalMemory() {
        throw new RuntimeException();
    }
}
