// Hand-written from the public BON 1.4 javadoc (microej.md §1.3). Signatures only.
package ej.bon;

public final class Immortals {
    private Immortals() {
        throw new RuntimeException();
    }

    public static Object setImmortal(Object o) {
        throw new RuntimeException();
    }

    public static Object deepImmortal(Object o) {
        throw new RuntimeException();
    }

    public static boolean isImmortal(Object o) {
        throw new RuntimeException();
    }

    public static long freeMemory() {
        throw new RuntimeException();
    }

    public static long totalMemory() {
        throw new RuntimeException();
    }

    public static void run(Runnable runnable) {
        throw new RuntimeException();
    }
}
