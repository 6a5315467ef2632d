// Hand-written from the public SNI 1.4 javadoc (microej.md §1.6): closeOnGC is a backstop, close explicitly.
package ej.sni;

public final class NativeResource {
    private NativeResource() {
        throw new RuntimeException();
    }

    public static void closeOnGC(long resource, long closeFunction, Object owner) {
        throw new RuntimeException();
    }
}
