package io.tailnode.firmware.keystore;

import io.tailnode.crypto.Blake2s;
import io.tailnode.lang.Bytes;

/**
 * The store's checks, all BLAKE2s (RFC 7693, unkeyed): 128-bit over each record, 32-bit over headers.
 * <p>
 * Why BLAKE2s-128 and not CRC32: a torn unit can read differently on every read, and a device re-reads its
 * store at every boot for ten years; across a fleet (10^6 devices x 10^4 boots) a 2^-32 false-accept rate per
 * read would let a few devices accept garbage as a key, 2^-128 never will. CRC32's guaranteed detection of
 * short bit-error bursts matters less than that, and BLAKE2s is already on the device (crypto/), so it costs no
 * code, only ~1 compression per 64 bytes at boot. The different digest lengths are in BLAKE2s's parameter
 * block, so header checks and record checks are domain-separated for free. It is not a MAC: anyone who can
 * write the flash can forge records (the threat model is power loss and bit rot, not an attacker on the bus).
 * <p>
 * Not thread-safe; one instance per store.
 */
final class IntegrityCheck {
    private final Blake2s blake = new Blake2s();
    private final byte[] digest = new byte[KeyStoreLayout.CHECK_LENGTH];

    /** BLAKE2s-32 of {@code buf[off..off+len)} as a little-endian int. */
    int shortCheck(byte[] buf, int off, int len) {
        blake.init(KeyStoreLayout.SHORT_CHECK_LENGTH);
        blake.update(buf, off, len);
        blake.doFinal(digest, 0);
        return Bytes.getIntLE(digest, 0);
    }

    /** Starts a record check (BLAKE2s-128); feed header then payload with {@link #update}. */
    void begin() {
        blake.init(KeyStoreLayout.CHECK_LENGTH);
    }

    void update(byte[] buf, int off, int len) {
        blake.update(buf, off, len);
    }

    /** Writes the 16-byte record check to {@code out[off..off+16)}. */
    void finish(byte[] out, int off) {
        blake.doFinal(out, off);
    }
}
