package io.tailnode.crypto;

import io.tailnode.lang.Bytes;
import io.tailnode.lang.HotPath;

/**
 * NaCl {@code crypto_box} (curve25519xsalsa20poly1305) and {@code crypto_secretbox} (xsalsa20poly1305), as used
 * by Tailscale DERP and disco, in the libsodium "easy" / Go {@code nacl} layout: box = 16-byte Poly1305 tag ||
 * ciphertext, no zero padding.
 *
 * <ul>
 * <li>secretbox: XSalsa20(key, nonce24); key-stream bytes 0..31 are the Poly1305 key, the message is encrypted
 * with the key stream from byte 32, and the tag authenticates the ciphertext.</li>
 * <li>box: k = beforenm(theirPublic, mySecret) = HSalsa20(X25519(mySecret, theirPublic), 16 zero bytes), then
 * secretbox with k ({@link #sealAfternm} / {@link #openAfternm}). An all-zero X25519 result (low-order public
 * key) is rejected: beforenm returns false, seal/open return -1.</li>
 * </ul>
 *
 * <p>Return codes: seal returns inLen + 16, or -1 (box only: rejected public key; out untouched). Open returns the
 * plaintext length inLen - 16, or -1 (input shorter than the tag, bad tag, or rejected public key); on -1 out is
 * left untouched, since the tag is checked before anything is decrypted.
 *
 * <p>Buffers: seal writes the tag to out[outOff..+16) and the ciphertext to out[outOff+16..); in the same array
 * this works when outOff + 16 <= inOff or the regions do not overlap (so "encrypt in place behind a 16-byte tag
 * slot" works). Open writes the plaintext to out[outOff..); in the same array outOff <= inOff + 16 works
 * (including outOff == inOff and outOff == inOff + 16).
 *
 * <p>Allocates nothing after construction; wipes derived keys after each call. Not thread-safe; one instance per
 * thread.
 */
public final class CryptoBox {
    /** Tag length: the box is this much longer than the message. */
    public static final int MAC_BYTES = 16;
    public static final int NONCE_BYTES = 24;
    public static final int KEY_BYTES = 32;

    private final X25519Engine x25519;
    private final HSalsa20 hsalsa = new HSalsa20();
    private final XSalsa20 xsalsa = new XSalsa20();
    private final Poly1305 poly = new Poly1305();
    private final byte[] shared = new byte[32];
    private final byte[] k = new byte[32];
    private final byte[] polyKey = new byte[32];
    private final byte[] tag = new byte[16];
    private final byte[] zero16 = new byte[16];

    /** Box with the Java {@link X25519}. */
    public CryptoBox() {
        this(new X25519());
    }

    /** Box with the given X25519 engine, e.g. {@link io.tailnode.crypto.sni.NativeX25519} on the board. */
    public CryptoBox(X25519Engine x25519) {
        this.x25519 = x25519;
    }

    /**
     * crypto_box_beforenm: k[kOff..+32) = HSalsa20(X25519(mySecret, theirPublic), 0). Returns false, with k
     * zeroed, if the shared secret is all zero (theirPublic is a low-order point).
     */
    @HotPath
    public boolean beforenm(byte[] kOut, int kOff, byte[] theirPublic, int pubOff, byte[] mySecret, int secOff) {
        boolean ok = x25519.scalarMult(shared, 0, mySecret, secOff, theirPublic, pubOff);
        if (!ok) {
            Bytes.wipe(kOut, kOff, 32);
            return false;
        }
        hsalsa.derive(kOut, kOff, shared, 0, zero16, 0);
        Bytes.wipe(shared, 0, 32);
        return true;
    }

    /** crypto_box_easy: tag || ciphertext of in[inOff..+inLen) to out; inLen + 16, or -1 for a rejected key. */
    @HotPath
    public int seal(byte[] theirPublic, int pubOff, byte[] mySecret, int secOff, byte[] nonce24, int nonceOff,
            byte[] in, int inOff, int inLen, byte[] out, int outOff) {
        if (!beforenm(k, 0, theirPublic, pubOff, mySecret, secOff)) {
            return -1;
        }
        int n = secretboxSeal(k, 0, nonce24, nonceOff, in, inOff, inLen, out, outOff);
        Bytes.wipe(k, 0, 32);
        return n;
    }

    /** crypto_box_open_easy: plaintext of the box in[inOff..+inLen) to out; inLen - 16, or -1. */
    @HotPath
    public int open(byte[] theirPublic, int pubOff, byte[] mySecret, int secOff, byte[] nonce24, int nonceOff,
            byte[] in, int inOff, int inLen, byte[] out, int outOff) {
        if (inLen < MAC_BYTES) {
            return -1;
        }
        if (!beforenm(k, 0, theirPublic, pubOff, mySecret, secOff)) {
            return -1;
        }
        int n = secretboxOpen(k, 0, nonce24, nonceOff, in, inOff, inLen, out, outOff);
        Bytes.wipe(k, 0, 32);
        return n;
    }

    /** crypto_box_easy_afternm with the precomputed key k from {@link #beforenm}: same as secretbox. */
    @HotPath
    public int sealAfternm(byte[] key, int keyOff, byte[] nonce24, int nonceOff,
            byte[] in, int inOff, int inLen, byte[] out, int outOff) {
        return secretboxSeal(key, keyOff, nonce24, nonceOff, in, inOff, inLen, out, outOff);
    }

    /** crypto_box_open_easy_afternm with the precomputed key k from {@link #beforenm}: same as secretbox. */
    @HotPath
    public int openAfternm(byte[] key, int keyOff, byte[] nonce24, int nonceOff,
            byte[] in, int inOff, int inLen, byte[] out, int outOff) {
        return secretboxOpen(key, keyOff, nonce24, nonceOff, in, inOff, inLen, out, outOff);
    }

    /** crypto_secretbox_easy: out = tag || XSalsa20(key, nonce)-encrypted in; returns inLen + 16. */
    @HotPath
    public int secretboxSeal(byte[] key, int keyOff, byte[] nonce24, int nonceOff,
            byte[] in, int inOff, int inLen, byte[] out, int outOff) {
        xsalsa.init(key, keyOff, nonce24, nonceOff);
        Bytes.wipe(polyKey, 0, 32);
        xsalsa.process(polyKey, 0, 32, polyKey, 0);
        xsalsa.process(in, inOff, inLen, out, outOff + MAC_BYTES);
        poly.init(polyKey, 0);
        poly.update(out, outOff + MAC_BYTES, inLen);
        poly.finish(out, outOff);
        Bytes.wipe(polyKey, 0, 32);
        xsalsa.wipe();
        return inLen + MAC_BYTES;
    }

    /**
     * crypto_secretbox_open_easy: checks the tag of in[inOff..+inLen) = tag || ciphertext in constant time, then
     * decrypts to out. Returns inLen - 16, or -1 (too short or bad tag; out untouched).
     */
    @HotPath
    public int secretboxOpen(byte[] key, int keyOff, byte[] nonce24, int nonceOff,
            byte[] in, int inOff, int inLen, byte[] out, int outOff) {
        if (inLen < MAC_BYTES) {
            return -1;
        }
        int ctLen = inLen - MAC_BYTES;
        xsalsa.init(key, keyOff, nonce24, nonceOff);
        Bytes.wipe(polyKey, 0, 32);
        xsalsa.process(polyKey, 0, 32, polyKey, 0);
        poly.init(polyKey, 0);
        poly.update(in, inOff + MAC_BYTES, ctLen);
        poly.finish(tag, 0);
        Bytes.wipe(polyKey, 0, 32);
        if (!ConstantTime.equals(tag, 0, in, inOff, MAC_BYTES)) {
            xsalsa.wipe();
            return -1;
        }
        xsalsa.process(in, inOff + MAC_BYTES, ctLen, out, outOff);
        xsalsa.wipe();
        return ctLen;
    }
}
