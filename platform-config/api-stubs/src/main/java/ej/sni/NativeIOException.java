// Hand-written from the public SNI 1.4 javadoc (microej.md §1.6). [unverified]
package ej.sni;

public class NativeIOException extends java.io.IOException {
    public NativeIOException(int errorCode, String message) {
        throw new RuntimeException();
    }

    public int getErrorCode() {
        throw new RuntimeException();
    }
}
