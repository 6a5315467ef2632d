// Hand-written from the public BON 1.4 javadoc (microej.md §1.3). Values are inlined at link time by SOAR.
package ej.bon;

public final class Constants {
    private Constants() {
        throw new RuntimeException();
    }

    public static boolean getBoolean(String key) {
        throw new RuntimeException();
    }

    public static int getInt(String key) {
        throw new RuntimeException();
    }

    public static long getLong(String key) {
        throw new RuntimeException();
    }

    public static String getString(String key) {
        throw new RuntimeException();
    }
}
