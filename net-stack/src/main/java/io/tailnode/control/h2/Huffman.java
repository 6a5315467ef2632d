package io.tailnode.control.h2;

import io.tailnode.lang.HotPath;

/**
 * HPACK Huffman decoding (RFC 7541 §5.2, code of Appendix B). The code is canonical, so only the 257 code
 * lengths are transcribed; codes are derived from them at class initialisation (shortest first, then by
 * symbol) and a binary decode tree of 256 internal nodes is built in one {@code short[]} (1 KiB). Decoding
 * walks one bit at a time: slower than a 4-bit state table but a tenth of its size, and header blocks on the
 * control channel are a few hundred bytes.
 */
public final class Huffman {
    /** The end-of-string symbol; it must never be decoded (§5.2). */
    public static final int EOS = 256;

    private static final byte[] LENGTHS = {
        13, 23, 28, 28, 28, 28, 28, 28, 28, 24, 30, 28, 28, 30, 28, 28,
        28, 28, 28, 28, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 28,
        6, 10, 10, 12, 13, 6, 8, 11, 10, 10, 8, 11, 8, 6, 6, 6,
        5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 7, 8, 15, 6, 12, 10,
        13, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
        7, 7, 7, 7, 7, 7, 7, 7, 8, 7, 8, 13, 19, 13, 14, 6,
        15, 5, 6, 5, 6, 5, 6, 6, 6, 5, 7, 7, 6, 6, 6, 5,
        6, 7, 6, 5, 5, 6, 7, 7, 7, 7, 7, 15, 11, 14, 13, 28,
        20, 22, 20, 20, 22, 22, 22, 23, 22, 23, 23, 23, 23, 23, 24, 23,
        24, 24, 22, 23, 24, 23, 23, 23, 23, 21, 22, 23, 22, 23, 23, 24,
        22, 21, 20, 22, 22, 23, 23, 21, 23, 22, 22, 24, 21, 22, 23, 23,
        21, 21, 22, 21, 23, 22, 23, 23, 20, 22, 22, 22, 23, 22, 22, 23,
        26, 26, 20, 19, 22, 23, 22, 25, 26, 26, 26, 27, 27, 26, 24, 25,
        19, 21, 26, 27, 27, 26, 27, 24, 21, 21, 26, 26, 28, 27, 27, 27,
        20, 24, 20, 21, 22, 21, 21, 23, 22, 22, 25, 25, 24, 24, 26, 23,
        26, 27, 26, 26, 27, 27, 27, 27, 27, 28, 27, 27, 27, 27, 27, 26,
        30,    };

    private static final int[] CODES = new int[EOS + 1];
    /** Node n's children at [2n] (bit 0) and [2n+1] (bit 1): >= 0 another node, < 0 the leaf -(symbol+1). */
    private static final short[] TREE = new short[2 * EOS];

    static {
        int code = 0;
        int prevLen = 0;
        boolean first = true;
        for (int len = 1; len <= 30; len++) {
            for (int sym = 0; sym <= EOS; sym++) {
                if (LENGTHS[sym] != len) {
                    continue;
                }
                if (!first) {
                    code = (code + 1) << (len - prevLen);
                } else {
                    code = 0;
                    first = false;
                }
                prevLen = len;
                CODES[sym] = code;
            }
        }
        int nodes = 1;
        for (int sym = 0; sym <= EOS; sym++) {
            int node = 0;
            for (int bit = LENGTHS[sym] - 1; bit > 0; bit--) {
                int slot = 2 * node + ((CODES[sym] >>> bit) & 1);
                if (TREE[slot] == 0) {
                    TREE[slot] = (short) nodes++;
                }
                node = TREE[slot];
            }
            TREE[2 * node + (CODES[sym] & 1)] = (short) -(sym + 1);
        }
    }

    private Huffman() {
    }

    /** Code of {@code symbol} (0..256), right-aligned in {@link #codeLength(int)} bits. */
    public static int code(int symbol) {
        return CODES[symbol];
    }

    /** Length in bits (5..30) of the code of {@code symbol}. */
    public static int codeLength(int symbol) {
        return LENGTHS[symbol];
    }

    /**
     * Decodes {@code len} bytes at {@code off} into {@code out} from {@code outOff}, writing at most
     * {@code outCap} bytes. Returns the number of bytes written, {@link H2Reason#HPACK_BAD_HUFFMAN} for EOS or
     * bad padding, or {@link H2Reason#HEADER_LIST_TOO_LARGE} when the output does not fit.
     */
    @HotPath
    public static int decode(byte[] in, int off, int len, byte[] out, int outOff, int outCap) {
        int node = 0;
        int pendingBits = 0;
        boolean allOnes = true;
        int w = 0;
        for (int i = 0; i < len; i++) {
            int b = in[off + i] & 0xff;
            for (int bit = 7; bit >= 0; bit--) {
                int one = (b >>> bit) & 1;
                pendingBits++;
                if (one == 0) {
                    allOnes = false;
                }
                int next = TREE[2 * node + one];
                if (next >= 0) {
                    node = next;
                    continue;
                }
                int sym = -next - 1;
                if (sym == EOS) {
                    return H2Reason.HPACK_BAD_HUFFMAN;
                }
                if (w == outCap) {
                    return H2Reason.HEADER_LIST_TOO_LARGE;
                }
                out[outOff + w++] = (byte) sym;
                node = 0;
                pendingBits = 0;
                allOnes = true;
            }
        }
        // Padding is the most significant bits of EOS: fewer than 8 of them, all ones (§5.2).
        if (pendingBits > 7 || !allOnes) {
            return H2Reason.HPACK_BAD_HUFFMAN;
        }
        return w;
    }
}
