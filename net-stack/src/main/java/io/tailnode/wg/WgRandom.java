package io.tailnode.wg;

/**
 * Source of cryptographically secure random bytes for ephemeral keys, sender indices, cookie secrets and
 * cookie nonces. The firmware backs it with its DRBG (Random HAL); tests back it with a seeded generator.
 * Implementations must not allocate per call: the handshake calls it on its 0-allocation path.
 */
public interface WgRandom {
    /** Fills {@code b[off..off+len)} with random bytes. */
    void nextBytes(byte[] b, int off, int len);
}
