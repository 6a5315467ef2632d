package io.tailnode.lang;

/**
 * Explicit-endian reads and writes on caller arrays (Java 7 has no unsigned helpers and the device has no
 * java.nio). Unsigned 32-bit values travel as {@code int}; callers widen with {@code & 0xFFFFFFFFL}.
 */
public final class Bytes {
    private Bytes() {
    }

    public static int getIntLE(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8 | (b[off + 2] & 0xFF) << 16 | b[off + 3] << 24;
    }

    public static void putIntLE(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }

    public static long getLongLE(byte[] b, int off) {
        return (getIntLE(b, off) & 0xFFFFFFFFL) | (long) getIntLE(b, off + 4) << 32;
    }

    public static void putLongLE(byte[] b, int off, long v) {
        putIntLE(b, off, (int) v);
        putIntLE(b, off + 4, (int) (v >>> 32));
    }

    public static int getIntBE(byte[] b, int off) {
        return b[off] << 24 | (b[off + 1] & 0xFF) << 16 | (b[off + 2] & 0xFF) << 8 | (b[off + 3] & 0xFF);
    }

    public static void putIntBE(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    public static long getLongBE(byte[] b, int off) {
        return (long) getIntBE(b, off) << 32 | (getIntBE(b, off + 4) & 0xFFFFFFFFL);
    }

    public static void putLongBE(byte[] b, int off, long v) {
        putIntBE(b, off, (int) (v >>> 32));
        putIntBE(b, off + 4, (int) v);
    }

    public static int getShortBE(byte[] b, int off) {
        return (b[off] & 0xFF) << 8 | (b[off + 1] & 0xFF);
    }

    public static void putShortBE(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    /** Zeroes {@code len} bytes: key material is wiped when a session or handshake dies. */
    public static void wipe(byte[] b, int off, int len) {
        for (int i = 0; i < len; i++) {
            b[off + i] = 0;
        }
    }

    /** The value of one hex digit (either case), or -1 if {@code c} is not one. */
    public static int hexDigit(int c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /**
     * Decodes {@code 2 * n} hex digits at hex[off..) into out[outOff..+n). All or nothing: if any digit is not
     * hex, returns false and out is untouched (a parser's "bad input changes nothing").
     */
    public static boolean decodeHex(byte[] hex, int off, int n, byte[] out, int outOff) {
        for (int i = 0; i < 2 * n; i++) {
            if (hexDigit(hex[off + i]) < 0) {
                return false;
            }
        }
        for (int i = 0; i < n; i++) {
            out[outOff + i] = (byte) (hexDigit(hex[off + 2 * i]) << 4 | hexDigit(hex[off + 2 * i + 1]));
        }
        return true;
    }
}
