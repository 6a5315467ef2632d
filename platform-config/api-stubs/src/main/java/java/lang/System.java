// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.lang;

public final class System {
    public static final java.io.PrintStream err = null;
    public static final java.io.PrintStream out = null;
    private System() {
        throw new RuntimeException();
    }
    public static void arraycopy(java.lang.Object p0, int p1, java.lang.Object p2, int p3, int p4) {
        throw new RuntimeException();
    }
    public static long currentTimeMillis() {
        throw new RuntimeException();
    }
    public static void exit(int p0) {
        throw new RuntimeException();
    }
    public static void gc() {
        throw new RuntimeException();
    }
    public static java.lang.String getProperty(java.lang.String p0) {
        throw new RuntimeException();
    }
    public static java.lang.String getProperty(java.lang.String p0, java.lang.String p1) {
        throw new RuntimeException();
    }
    public static int identityHashCode(java.lang.Object p0) {
        throw new RuntimeException();
    }
}
