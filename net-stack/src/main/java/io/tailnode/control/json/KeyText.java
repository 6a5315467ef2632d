package io.tailnode.control.json;

import io.tailnode.lang.Bytes;
import io.tailnode.lang.HotPath;

/**
 * Curve25519 public keys in control JSON (shared tailscale-protocol.md §1): a type prefix ("nodekey:",
 * "discokey:", "mkey:") followed by exactly 64 hex digits (lower case on the wire; upper case accepted).
 */
public final class KeyText {
    public static final int KEY_LENGTH = 32;
    public static final byte[] NODEKEY = {'n', 'o', 'd', 'e', 'k', 'e', 'y', ':'};
    public static final byte[] DISCOKEY = {'d', 'i', 's', 'c', 'o', 'k', 'e', 'y', ':'};

    private KeyText() {
    }

    /** Decodes prefix + 64 hex into dst[dstOff..dstOff+32). @return true, or false (dst untouched) */
    @HotPath
    public static boolean parse(byte[] s, int off, int len, byte[] prefix, byte[] dst, int dstOff) {
        if (len != prefix.length + 2 * KEY_LENGTH) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (s[off + i] != prefix[i]) {
                return false;
            }
        }
        return Bytes.decodeHex(s, off + prefix.length, KEY_LENGTH, dst, dstOff);
    }
}
