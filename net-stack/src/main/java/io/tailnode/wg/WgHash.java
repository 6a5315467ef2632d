package io.tailnode.wg;

import io.tailnode.crypto.Blake2s;

/**
 * The constant-derivation hashes of whitepaper §5.4 that take an ASCII string: {@code HASH(label || key)} for
 * the mac1 and cookie keys (§5.4.4, §5.4.7) and {@code Ci = HASH(CONSTRUCTION)}, {@code Hi = HASH(Ci ||
 * IDENTIFIER)} (§5.4.2). Strings are fed char by char so no byte[] is built and no charset is involved (all
 * four strings are ASCII). Run at construction or peer configuration, not per packet.
 */
final class WgHash {
    private WgHash() {
    }

    /** {@code out[outOff..+32) = BLAKE2s-256(label || key[keyOff..+32))}. */
    static void labelHash(Blake2s blake, String label, byte[] key, int keyOff, byte[] out, int outOff) {
        blake.init(WgConstants.KEY_SIZE);
        update(blake, label);
        blake.update(key, keyOff, WgConstants.KEY_SIZE);
        blake.doFinal(out, outOff);
    }

    /** {@code out = BLAKE2s-256(prefix[0..prefixLen) || ascii)}. */
    static void hash(Blake2s blake, byte[] prefix, int prefixLen, String ascii, byte[] out) {
        blake.init(WgConstants.KEY_SIZE);
        if (prefixLen > 0) {
            blake.update(prefix, 0, prefixLen);
        }
        update(blake, ascii);
        blake.doFinal(out, 0);
    }

    private static void update(Blake2s blake, String ascii) {
        for (int i = 0; i < ascii.length(); i++) {
            blake.update((byte) ascii.charAt(i));
        }
    }
}
