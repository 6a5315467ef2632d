package io.tailnode.crypto;

/**
 * An AEAD with a 32-byte key, 12-byte nonce and 16-byte tag (AEAD_CHACHA20_POLY1305, RFC 8439 §2.8). It is the
 * seam between the pure-Java {@link ChaCha20Poly1305} and a native (SNI) implementation, so it stays minimal:
 * key setup plus the general nonce form; nonce layouts are built with {@link AeadNonce}.
 * <p>
 * Contract for implementations: no allocation per call; work on caller arrays; in-place (in == out, same
 * offset) must work, other overlaps need not; not thread-safe (one instance per thread); never throw on
 * authentication failure.
 */
public interface AeadEngine {
    int KEY_LENGTH = 32;
    int NONCE_LENGTH = 12;
    int TAG_LENGTH = 16;

    /** {@link #open} result when the tag does not verify; the output range has been zeroed. */
    int AUTH_FAILED = -1;
    /** {@link #open} result when the input is shorter than a tag; nothing has been written. */
    int BAD_LENGTH = -2;

    /** Sets the key from {@code key[off..off+32)}. */
    void setKey(byte[] key, int off);

    /**
     * Encrypts {@code in[inOff..inOff+inLen)} and authenticates it with {@code ad[adOff..adOff+adLen)}, writing
     * ciphertext || tag to {@code out[outOff..outOff+inLen+16)}.
     *
     * @return bytes written, {@code inLen + 16}
     */
    int seal(byte[] nonce, int nonceOff, byte[] ad, int adOff, int adLen,
             byte[] in, int inOff, int inLen, byte[] out, int outOff);

    /**
     * Verifies and decrypts ciphertext || tag {@code in[inOff..inOff+inLen)} with {@code ad}, writing the
     * plaintext to {@code out[outOff..outOff+inLen-16)}.
     *
     * @return plaintext length ({@code inLen - 16}), or a negative code ({@link #AUTH_FAILED}: the output range
     *     {@code out[outOff..outOff+inLen-16)} is zeroed, so no unauthenticated plaintext is released;
     *     {@link #BAD_LENGTH}: {@code inLen < 16}, nothing written)
     */
    int open(byte[] nonce, int nonceOff, byte[] ad, int adOff, int adLen,
             byte[] in, int inOff, int inLen, byte[] out, int outOff);
}
