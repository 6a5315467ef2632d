// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.util;

public class Random {
    public Random() {
        throw new RuntimeException();
    }
    public Random(long p0) {
        throw new RuntimeException();
    }
    public boolean nextBoolean() {
        throw new RuntimeException();
    }
    public void nextBytes(byte[] p0) {
        throw new RuntimeException();
    }
    public int nextInt() {
        throw new RuntimeException();
    }
    public int nextInt(int p0) {
        throw new RuntimeException();
    }
    public long nextLong() {
        throw new RuntimeException();
    }
    public void setSeed(long p0) {
        throw new RuntimeException();
    }
}
