// Hand-written from the public SNI 1.4 javadoc (microej.md §1.6): raised by C with SNI_throwNativeException.
package ej.sni;

public class NativeException extends RuntimeException {
    public NativeException(int errorCode, String message) {
        throw new RuntimeException();
    }

    public int getErrorCode() {
        throw new RuntimeException();
    }
}
