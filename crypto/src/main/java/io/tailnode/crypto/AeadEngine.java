package io.tailnode.crypto;

/**
 * An AEAD with a 32-byte key and a 12-byte nonce (ChaCha20-Poly1305, RFC 8439 §2.8), on caller buffers:
 * the Java implementation or the board's C implementation through SNI
 * ({@link io.tailnode.crypto.sni.NativeChaCha20Poly1305}).
 *
 * <p>PLACEHOLDER written on branch wip-x25519 only so that the SNI seam compiles; the interface of the same
 * name from the ChaCha20-Poly1305 branch replaces it at merge.
 *
 * <p>Implementations are not thread-safe; one instance per thread.
 */
public interface AeadEngine {

    /** Sets the 32-byte key key[off..off+32); the bytes are copied. */
    void setKey(byte[] key, int off);

    /**
     * Encrypts in[inOff..+inLen) with associated data ad[adOff..+adLen) and writes ciphertext || 16-byte tag to
     * out[outOff..+inLen+16). in == out at the same offset is allowed. Returns inLen + 16.
     */
    int seal(byte[] nonce12, int nonceOff, byte[] ad, int adOff, int adLen,
            byte[] in, int inOff, int inLen, byte[] out, int outOff);

    /**
     * Verifies and decrypts in[inOff..+inLen) = ciphertext || 16-byte tag into out[outOff..+inLen-16). Returns the
     * plaintext length, or a negative code if inLen < 16 or the tag does not verify (then no plaintext is
     * released).
     */
    int open(byte[] nonce12, int nonceOff, byte[] ad, int adOff, int adLen,
            byte[] in, int inOff, int inLen, byte[] out, int outOff);
}
