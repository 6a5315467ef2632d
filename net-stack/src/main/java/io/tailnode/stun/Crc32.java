package io.tailnode.stun;

import io.tailnode.lang.HotPath;

/**
 * CRC-32 as ISO-HDLC / IEEE 802.3 / zlib (reflected polynomial 0xEDB88320, initial and final XOR 0xFFFFFFFF;
 * check value of "123456789" is 0xCBF43926), which STUN FINGERPRINT uses (RFC 5389 §15.5). One 256-entry table,
 * built once at class initialisation; java.util.zip is not part of the device API.
 */
public final class Crc32 {
    private static final int[] TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int c = i;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
            }
            TABLE[i] = c;
        }
    }

    private Crc32() {
    }

    /** CRC-32 of b[off..+len). */
    @HotPath
    public static int of(byte[] b, int off, int len) {
        int c = 0xFFFFFFFF;
        for (int i = 0; i < len; i++) {
            c = TABLE[(c ^ b[off + i]) & 0xFF] ^ (c >>> 8);
        }
        return ~c;
    }
}
