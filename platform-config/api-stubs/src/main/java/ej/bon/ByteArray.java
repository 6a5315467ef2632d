// Hand-written from the public BON 1.4 javadoc (microej.md §1.3). Signatures only [unverified member list].
package ej.bon;

public final class ByteArray {
    public static final int BIG_ENDIAN = 0;
    public static final int LITTLE_ENDIAN = 1;

    private ByteArray() {
        throw new RuntimeException();
    }

    public static int readInt(byte[] array, int offset, int endianness) {
        throw new RuntimeException();
    }

    public static void writeInt(byte[] array, int offset, int value, int endianness) {
        throw new RuntimeException();
    }

    public static long readLong(byte[] array, int offset, int endianness) {
        throw new RuntimeException();
    }

    public static void writeLong(byte[] array, int offset, long value, int endianness) {
        throw new RuntimeException();
    }

    public static short readShort(byte[] array, int offset, int endianness) {
        throw new RuntimeException();
    }

    public static void writeShort(byte[] array, int offset, int value, int endianness) {
        throw new RuntimeException();
    }
}
