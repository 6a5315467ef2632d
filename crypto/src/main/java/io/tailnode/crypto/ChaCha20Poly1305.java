package io.tailnode.crypto;

import io.tailnode.lang.Bytes;
import io.tailnode.lang.HotPath;

/**
 * AEAD_CHACHA20_POLY1305, RFC 8439 §2.8 (one-time Poly1305 key from block 0, §2.6; payload from block 1; MAC
 * over AD || pad16 || ciphertext || pad16 || LE64(|AD|) || LE64(|ciphertext|)). This is WireGuard's transport
 * AEAD and Tailscale controlbase's, hence the two counter-nonce convenience forms ({@link AeadNonce} layouts).
 * <p>
 * Why this shape: everything per call runs on caller arrays and on scratch allocated in the constructor, so a
 * packet costs no allocation. {@link #open} verifies the tag before decrypting anything; on failure it zeroes
 * the output range and returns {@link #AUTH_FAILED}, so unauthenticated plaintext is never released (and for
 * in-place use the ciphertext is destroyed). In-place (in == out, same offset) works; other overlaps do not.
 * <p>
 * Not thread-safe; one instance per thread. Never {@code toString()} an instance: it holds the key.
 */
public final class ChaCha20Poly1305 implements AeadEngine {
    private final ChaCha20 chacha = new ChaCha20();
    private final Poly1305 poly = new Poly1305();
    /** Keystream block 0; its first 32 bytes are the one-time Poly1305 key. Wiped after use. */
    private final byte[] polyKey = new byte[ChaCha20.BLOCK_LENGTH];
    private final byte[] tag = new byte[TAG_LENGTH];
    private final byte[] lengths = new byte[16];
    private final byte[] counterNonce = new byte[NONCE_LENGTH];

    public ChaCha20Poly1305() {
    }

    @Override
    public void setKey(byte[] key, int off) {
        chacha.setKey(key, off);
    }

    @Override
    @HotPath
    public int seal(byte[] nonce, int nonceOff, byte[] ad, int adOff, int adLen,
                    byte[] in, int inOff, int inLen, byte[] out, int outOff) {
        startMac(nonce, nonceOff);
        chacha.xor(1, in, inOff, inLen, out, outOff);
        mac(ad, adOff, adLen, out, outOff, inLen);
        poly.finish(out, outOff + inLen);
        return inLen + TAG_LENGTH;
    }

    @Override
    @HotPath
    public int open(byte[] nonce, int nonceOff, byte[] ad, int adOff, int adLen,
                    byte[] in, int inOff, int inLen, byte[] out, int outOff) {
        if (inLen < TAG_LENGTH) {
            return BAD_LENGTH;
        }
        int ctLen = inLen - TAG_LENGTH;
        startMac(nonce, nonceOff);
        mac(ad, adOff, adLen, in, inOff, ctLen);
        poly.finish(tag, 0);
        boolean ok = ConstantTime.equals(tag, 0, in, inOff + ctLen, TAG_LENGTH);
        Bytes.wipe(tag, 0, TAG_LENGTH);
        if (!ok) {
            Bytes.wipe(out, outOff, ctLen);
            return AUTH_FAILED;
        }
        chacha.xor(1, in, inOff, ctLen, out, outOff);
        return ctLen;
    }

    /** {@link #seal} with the WireGuard nonce 00000000 || LE64(counter). */
    @HotPath
    public int sealCounterLE(long counter, byte[] ad, int adOff, int adLen,
                             byte[] in, int inOff, int inLen, byte[] out, int outOff) {
        AeadNonce.putCounterLE(counterNonce, 0, counter);
        return seal(counterNonce, 0, ad, adOff, adLen, in, inOff, inLen, out, outOff);
    }

    /** {@link #open} with the WireGuard nonce 00000000 || LE64(counter). */
    @HotPath
    public int openCounterLE(long counter, byte[] ad, int adOff, int adLen,
                             byte[] in, int inOff, int inLen, byte[] out, int outOff) {
        AeadNonce.putCounterLE(counterNonce, 0, counter);
        return open(counterNonce, 0, ad, adOff, adLen, in, inOff, inLen, out, outOff);
    }

    /** {@link #seal} with the Tailscale controlbase nonce 00000000 || BE64(counter). */
    @HotPath
    public int sealCounterBE(long counter, byte[] ad, int adOff, int adLen,
                             byte[] in, int inOff, int inLen, byte[] out, int outOff) {
        AeadNonce.putCounterBE(counterNonce, 0, counter);
        return seal(counterNonce, 0, ad, adOff, adLen, in, inOff, inLen, out, outOff);
    }

    /** {@link #open} with the Tailscale controlbase nonce 00000000 || BE64(counter). */
    @HotPath
    public int openCounterBE(long counter, byte[] ad, int adOff, int adLen,
                             byte[] in, int inOff, int inLen, byte[] out, int outOff) {
        AeadNonce.putCounterBE(counterNonce, 0, counter);
        return open(counterNonce, 0, ad, adOff, adLen, in, inOff, inLen, out, outOff);
    }

    /** Zeroes the key and all scratch (for when a session dies). */
    public void wipe() {
        chacha.wipe();
        poly.wipe();
        Bytes.wipe(polyKey, 0, polyKey.length);
        Bytes.wipe(tag, 0, TAG_LENGTH);
    }

    /** Sets the nonce and keys Poly1305 from keystream block 0 (RFC 8439 §2.6). */
    @HotPath
    private void startMac(byte[] nonce, int nonceOff) {
        chacha.setNonce(nonce, nonceOff);
        chacha.block(0, polyKey, 0);
        poly.init(polyKey, 0);
        Bytes.wipe(polyKey, 0, ChaCha20.BLOCK_LENGTH);
    }

    /** Absorbs the RFC 8439 §2.8 MAC input; the caller then finishes the tag. */
    @HotPath
    private void mac(byte[] ad, int adOff, int adLen, byte[] ct, int ctOff, int ctLen) {
        final Poly1305 p = poly;
        p.update(ad, adOff, adLen);
        p.padToBlock();
        p.update(ct, ctOff, ctLen);
        p.padToBlock();
        Bytes.putLongLE(lengths, 0, adLen);
        Bytes.putLongLE(lengths, 8, ctLen);
        p.update(lengths, 0, 16);
    }
}
