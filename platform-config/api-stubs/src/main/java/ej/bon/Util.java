// Hand-written from the public BON 1.4 javadoc (microej.md §1.3). Signatures only.
package ej.bon;

public final class Util {
    private Util() {
        throw new RuntimeException();
    }

    /** Monotonic time in milliseconds, unaffected by wall-clock changes. */
    public static long platformTimeMillis() {
        throw new RuntimeException();
    }

    /** Monotonic time in nanoseconds. */
    public static long platformTimeNanos() {
        throw new RuntimeException();
    }

    public static long currentTimeMillis() {
        throw new RuntimeException();
    }

    public static void setCurrentTimeMillis(long time) {
        throw new RuntimeException();
    }

    public static boolean isInInitialization() {
        throw new RuntimeException();
    }

    public static boolean isInMission() {
        throw new RuntimeException();
    }
}
