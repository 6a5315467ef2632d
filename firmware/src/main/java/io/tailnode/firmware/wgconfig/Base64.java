package io.tailnode.firmware.wgconfig;

/**
 * Standard base64 (RFC 4648 §4, "+/" alphabet, '=' padding required) decoding between caller buffers, as
 * {@code wg genkey} prints keys. Strict: rejects characters outside the alphabet, missing or misplaced
 * padding and non-zero bits in the last character's unused part (so each byte string has exactly one
 * accepted encoding). Allocation-free; stateless.
 */
public final class Base64 {
    private Base64() {
    }

    /** Decoded length of {@code len} base64 characters, or -1 if {@code len} is not a multiple of 4. */
    public static int decodedLength(byte[] src, int off, int len) {
        if (len % 4 != 0) {
            return -1;
        }
        int n = len / 4 * 3;
        if (len > 0 && src[off + len - 1] == '=') {
            n--;
            if (src[off + len - 2] == '=') {
                n--;
            }
        }
        return n;
    }

    /**
     * Decodes {@code src[off, off+len)} into {@code dst[dstOff...]}; returns the number of bytes written, or
     * -1 if the text is not valid base64 or {@code dst} is too small (then {@code dst} may hold partial output
     * which the caller must discard).
     */
    public static int decode(byte[] src, int off, int len, byte[] dst, int dstOff) {
        int n = decodedLength(src, off, len);
        if (n < 0 || dstOff < 0 || dstOff > dst.length - n) {
            return -1;
        }
        int o = dstOff;
        for (int i = 0; i < len; i += 4) {
            boolean last = i + 4 == len;
            int a = value(src[off + i]);
            int b = value(src[off + i + 1]);
            int c = src[off + i + 2] == '=' && last && src[off + i + 3] == '=' ? -2 : value(src[off + i + 2]);
            int d = src[off + i + 3] == '=' && last ? -2 : value(src[off + i + 3]);
            if (a < 0 || b < 0 || c == -1 || d == -1) {
                return -1;
            }
            dst[o++] = (byte) (a << 2 | b >>> 4);
            if (c == -2) {
                if ((b & 0x0f) != 0) {
                    return -1;
                }
                continue;
            }
            dst[o++] = (byte) (b << 4 | c >>> 2);
            if (d == -2) {
                if ((c & 0x03) != 0) {
                    return -1;
                }
                continue;
            }
            dst[o++] = (byte) (c << 6 | d);
        }
        return o - dstOff;
    }

    private static int value(byte ch) {
        if (ch >= 'A' && ch <= 'Z') {
            return ch - 'A';
        }
        if (ch >= 'a' && ch <= 'z') {
            return ch - 'a' + 26;
        }
        if (ch >= '0' && ch <= '9') {
            return ch - '0' + 52;
        }
        if (ch == '+') {
            return 62;
        }
        return ch == '/' ? 63 : -1;
    }
}
