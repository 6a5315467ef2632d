package io.tailnode.crypto.sni;

/**
 * The board's C crypto (bsp/), reached through MicroEJ SNI: {@code static native} methods with base types and
 * 1-D base-type arrays only, at most 15 parameters, {@code int} return.
 *
 * <p>C side: each method is implemented by a function named after the Java class and method, e.g.
 * {@code int32_t Java_io_tailnode_crypto_sni_CryptoNatives_x25519(int8_t* out, int32_t outOff, ...)},
 * {@code Java_io_tailnode_crypto_sni_CryptoNatives_chacha20Poly1305Seal} and
 * {@code Java_io_tailnode_crypto_sni_CryptoNatives_chacha20Poly1305Open}. Array arguments arrive as raw
 * pointers to the start of the Java array (the offsets are passed separately) and are valid only during the
 * call: the C code must not keep them, must not call back into Java, and must not {@code malloc} (all state
 * on the C stack or in static buffers; wipe key material before returning). Bounds are checked by the Java
 * callers ({@link NativeX25519}, {@link NativeChaCha20Poly1305}); C trusts the offsets and lengths.
 *
 * <p>In the simulator the class of the same name in {@code platform-config/sni-mock} (BouncyCastle, Java SE)
 * shadows this one on the class path.
 */
public final class CryptoNatives {
    private CryptoNatives() {
    }

    /**
     * X25519 (RFC 7748 §5): out[outOff..+32) = X25519(scalar, u). C clamps a copy of the scalar (the caller's
     * bytes are not changed) and ignores bit 255 of u. Returns 0, or -1 if the result is all zero (low-order u;
     * out is then all zero).
     */
    public static native int x25519(byte[] out, int outOff, byte[] scalar, int scalarOff, byte[] u, int uOff);

    /**
     * ChaCha20-Poly1305 seal (RFC 8439 §2.8): key 32 bytes, nonce 12 bytes; writes ciphertext || 16-byte tag to
     * out[outOff..+inLen+16). in and out may be the same array at the same offset. Returns inLen + 16.
     */
    public static native int chacha20Poly1305Seal(byte[] key, int keyOff, byte[] nonce, int nonceOff,
            byte[] ad, int adOff, int adLen, byte[] in, int inOff, int inLen, byte[] out, int outOff);

    /**
     * ChaCha20-Poly1305 open (RFC 8439 §2.8): in[inOff..+inLen) = ciphertext || tag, inLen >= 16. Returns the
     * plaintext length inLen - 16, or -1 if the tag does not verify, in which case
     * out[outOff..+inLen-16) is zeroed. in and out may be the same array at the same offset.
     */
    public static native int chacha20Poly1305Open(byte[] key, int keyOff, byte[] nonce, int nonceOff,
            byte[] ad, int adOff, int adLen, byte[] in, int inOff, int inLen, byte[] out, int outOff);
}
