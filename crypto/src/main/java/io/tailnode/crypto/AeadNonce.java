package io.tailnode.crypto;

import io.tailnode.lang.Bytes;
import io.tailnode.lang.HotPath;

/**
 * Builds the 12-byte ChaCha20-Poly1305 nonces the product uses from a 64-bit message counter (RFC 8439 §2.8
 * leaves the layout to the protocol): WireGuard transport data (whitepaper §5.4.6) is 4 zero bytes ||
 * counter little-endian; Tailscale controlbase is 4 zero bytes || counter big-endian. Kept apart from the
 * AEAD so the native {@link AeadEngine} uses the same layouts.
 */
public final class AeadNonce {
    private AeadNonce() {
    }

    /** WireGuard layout: {@code nonce[off..off+12) = 00000000 || LE64(counter)}. */
    @HotPath
    public static void putCounterLE(byte[] nonce, int off, long counter) {
        Bytes.putIntLE(nonce, off, 0);
        Bytes.putLongLE(nonce, off + 4, counter);
    }

    /** Tailscale controlbase layout: {@code nonce[off..off+12) = 00000000 || BE64(counter)}. */
    @HotPath
    public static void putCounterBE(byte[] nonce, int off, long counter) {
        Bytes.putIntLE(nonce, off, 0);
        Bytes.putLongBE(nonce, off + 4, counter);
    }
}
