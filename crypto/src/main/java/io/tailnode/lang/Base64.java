package io.tailnode.lang;

/**
 * Standard base64 with padding (RFC 4648 §4), allocation-free, on caller arrays: WireGuard keys as
 * {@code wg genkey} prints them (wg-quick configs, status output) and the {@code X-Tailscale-Handshake} header
 * (tailscale-protocol.md §2.2: 101 bytes become 136 characters). Strict: only canonical padded input decodes
 * (each byte string has exactly one accepted encoding). Stateless.
 */
public final class Base64 {
    private static final byte[] ALPHABET = {
        'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O', 'P',
        'Q', 'R', 'S', 'T', 'U', 'V', 'W', 'X', 'Y', 'Z', 'a', 'b', 'c', 'd', 'e', 'f',
        'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'p', 'q', 'r', 's', 't', 'u', 'v',
        'w', 'x', 'y', 'z', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '+', '/'};

    /** Returned by {@link #decode} for malformed input. */
    public static final int INVALID = -1;

    private Base64() {
    }

    /** Decoded length of {@code len} base64 characters at {@code off}, or -1 if {@code len} is not a multiple of 4. */
    public static int decodedLength(byte[] src, int off, int len) {
        if ((len & 3) != 0) {
            return INVALID;
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

    /** Characters produced for {@code len} input bytes. */
    public static int encodedLength(int len) {
        return ((len + 2) / 3) * 4;
    }

    /** Encodes {@code in[off..off+len)} into {@code out} at {@code outOff}; returns the characters written. */
    @HotPath
    public static int encode(byte[] in, int off, int len, byte[] out, int outOff) {
        int o = outOff;
        int end = off + len;
        int i = off;
        while (end - i >= 3) {
            int v = ((in[i] & 0xFF) << 16) | ((in[i + 1] & 0xFF) << 8) | (in[i + 2] & 0xFF);
            out[o] = ALPHABET[v >>> 18];
            out[o + 1] = ALPHABET[(v >>> 12) & 63];
            out[o + 2] = ALPHABET[(v >>> 6) & 63];
            out[o + 3] = ALPHABET[v & 63];
            i += 3;
            o += 4;
        }
        int rest = end - i;
        if (rest > 0) {
            int v = (in[i] & 0xFF) << 16;
            if (rest == 2) {
                v |= (in[i + 1] & 0xFF) << 8;
            }
            out[o] = ALPHABET[v >>> 18];
            out[o + 1] = ALPHABET[(v >>> 12) & 63];
            out[o + 2] = rest == 2 ? ALPHABET[(v >>> 6) & 63] : (byte) '=';
            out[o + 3] = (byte) '=';
            o += 4;
        }
        return o - outOff;
    }

    /**
     * Decodes padded standard base64 {@code in[off..off+len)} into {@code out} at {@code outOff}; returns the
     * bytes written or {@link #INVALID} (length not a multiple of 4, {@code out} too small for
     * {@link #decodedLength}, a character outside the alphabet, misplaced padding, or non-zero bits under the
     * padding; {@code out} may then hold partial output, which the caller discards).
     */
    @HotPath
    public static int decode(byte[] in, int off, int len, byte[] out, int outOff) {
        int n = decodedLength(in, off, len);
        if (n < 0 || outOff < 0 || outOff > out.length - n) {
            return INVALID;
        }
        int o = outOff;
        for (int i = off; i < off + len; i += 4) {
            boolean last = i + 4 == off + len;
            int a = value(in[i]);
            int b = value(in[i + 1]);
            int pad = 0;
            if (last && in[i + 3] == '=') {
                pad = in[i + 2] == '=' ? 2 : 1;
            }
            int c = pad == 2 ? 0 : value(in[i + 2]);
            int d = pad >= 1 ? 0 : value(in[i + 3]);
            if ((a | b | c | d) < 0) {
                return INVALID;
            }
            int v = (a << 18) | (b << 12) | (c << 6) | d;
            out[o] = (byte) (v >>> 16);
            if (pad == 2) {
                if ((v & 0xFFFF) != 0) {
                    return INVALID;
                }
                return o + 1 - outOff;
            }
            out[o + 1] = (byte) (v >>> 8);
            if (pad == 1) {
                if ((v & 0xFF) != 0) {
                    return INVALID;
                }
                return o + 2 - outOff;
            }
            out[o + 2] = (byte) v;
            o += 3;
        }
        return o - outOff;
    }

    /** The 6-bit value of a base64 character, or -1. */
    @HotPath
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
        if (ch == '/') {
            return 63;
        }
        return -1;
    }
}
