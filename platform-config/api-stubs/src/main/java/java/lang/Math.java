// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.lang;

public final class Math {
    private Math() {
        throw new RuntimeException();
    }
    public static double abs(double p0) {
        throw new RuntimeException();
    }
    public static float abs(float p0) {
        throw new RuntimeException();
    }
    public static int abs(int p0) {
        throw new RuntimeException();
    }
    public static long abs(long p0) {
        throw new RuntimeException();
    }
    public static double max(double p0, double p1) {
        throw new RuntimeException();
    }
    public static float max(float p0, float p1) {
        throw new RuntimeException();
    }
    public static int max(int p0, int p1) {
        throw new RuntimeException();
    }
    public static long max(long p0, long p1) {
        throw new RuntimeException();
    }
    public static double min(double p0, double p1) {
        throw new RuntimeException();
    }
    public static float min(float p0, float p1) {
        throw new RuntimeException();
    }
    public static int min(int p0, int p1) {
        throw new RuntimeException();
    }
    public static long min(long p0, long p1) {
        throw new RuntimeException();
    }
}
