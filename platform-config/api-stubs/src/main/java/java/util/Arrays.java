// GENERATED from platform-config/api/microej-api.txt by io.tailnode.gate.StubGenerator. Do not edit.
package java.util;

public class Arrays {
    protected Arrays() {
        throw new RuntimeException();
    }
    public boolean equals(java.lang.Object p0) {
        throw new RuntimeException();
    }
    public static boolean equals(byte[] p0, byte[] p1) {
        throw new RuntimeException();
    }
    public static boolean equals(char[] p0, char[] p1) {
        throw new RuntimeException();
    }
    public static boolean equals(double[] p0, double[] p1) {
        throw new RuntimeException();
    }
    public static boolean equals(float[] p0, float[] p1) {
        throw new RuntimeException();
    }
    public static boolean equals(int[] p0, int[] p1) {
        throw new RuntimeException();
    }
    public static boolean equals(long[] p0, long[] p1) {
        throw new RuntimeException();
    }
    public static boolean equals(java.lang.Object[] p0, java.lang.Object[] p1) {
        throw new RuntimeException();
    }
    public static boolean equals(short[] p0, short[] p1) {
        throw new RuntimeException();
    }
    public static boolean equals(boolean[] p0, boolean[] p1) {
        throw new RuntimeException();
    }
    public static void fill(byte[] p0, byte p1) {
        throw new RuntimeException();
    }
    public static void fill(byte[] p0, int p1, int p2, byte p3) {
        throw new RuntimeException();
    }
    public static void fill(char[] p0, char p1) {
        throw new RuntimeException();
    }
    public static void fill(char[] p0, int p1, int p2, char p3) {
        throw new RuntimeException();
    }
    public static void fill(double[] p0, double p1) {
        throw new RuntimeException();
    }
    public static void fill(double[] p0, int p1, int p2, double p3) {
        throw new RuntimeException();
    }
    public static void fill(float[] p0, float p1) {
        throw new RuntimeException();
    }
    public static void fill(float[] p0, int p1, int p2, float p3) {
        throw new RuntimeException();
    }
    public static void fill(int[] p0, int p1) {
        throw new RuntimeException();
    }
    public static void fill(int[] p0, int p1, int p2, int p3) {
        throw new RuntimeException();
    }
    public static void fill(long[] p0, int p1, int p2, long p3) {
        throw new RuntimeException();
    }
    public static void fill(long[] p0, long p1) {
        throw new RuntimeException();
    }
    public static void fill(java.lang.Object[] p0, int p1, int p2, java.lang.Object p3) {
        throw new RuntimeException();
    }
    public static void fill(java.lang.Object[] p0, java.lang.Object p1) {
        throw new RuntimeException();
    }
    public static void fill(short[] p0, int p1, int p2, short p3) {
        throw new RuntimeException();
    }
    public static void fill(short[] p0, short p1) {
        throw new RuntimeException();
    }
    public static void fill(boolean[] p0, int p1, int p2, boolean p3) {
        throw new RuntimeException();
    }
    public static void fill(boolean[] p0, boolean p1) {
        throw new RuntimeException();
    }
}
