// Hand-written from the public SNI 1.4 javadoc (microej.md §1.6). Signatures only.
package ej.sni;

public final class SNI {
    private SNI() {
        throw new RuntimeException();
    }

    public static byte[] toCString(String javaString) {
        throw new RuntimeException();
    }

    public static String toJavaString(byte[] cString) {
        throw new RuntimeException();
    }
}
