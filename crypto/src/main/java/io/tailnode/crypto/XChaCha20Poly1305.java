package io.tailnode.crypto;

import io.tailnode.lang.Bytes;
import io.tailnode.lang.HotPath;

/**
 * AEAD_XChaCha20_Poly1305, draft-irtf-cfrg-xchacha-03 §2.3 (test vector A.3): subkey = HChaCha20(key,
 * nonce[0..16)), then AEAD_CHACHA20_POLY1305 (RFC 8439 §2.8) under the subkey with the 12-byte nonce
 * 00000000 || nonce[16..24). WireGuard cookie replies (whitepaper §5.4.7) use it because their 24-byte nonce
 * is random.
 * <p>
 * Same contract as {@link ChaCha20Poly1305}: no allocation per call, in-place works, {@link #open} verifies
 * before decrypting and zeroes the output range on failure ({@link #AUTH_FAILED}). The 24-byte nonce form
 * does not fit {@link AeadEngine}, so this class does not implement it.
 * <p>
 * Not thread-safe; one instance per thread. Never {@code toString()} an instance: it holds the key.
 */
public final class XChaCha20Poly1305 {
    public static final int KEY_LENGTH = 32;
    public static final int NONCE_LENGTH = 24;
    public static final int TAG_LENGTH = 16;
    public static final int AUTH_FAILED = AeadEngine.AUTH_FAILED;
    public static final int BAD_LENGTH = AeadEngine.BAD_LENGTH;

    private final ChaCha20Poly1305 inner = new ChaCha20Poly1305();
    private final byte[] key = new byte[KEY_LENGTH];
    private final byte[] subkey = new byte[HChaCha20.SUBKEY_LENGTH];
    private final byte[] nonce12 = new byte[AeadEngine.NONCE_LENGTH];

    public XChaCha20Poly1305() {
    }

    /** Sets the key from {@code key[off..off+32)}. */
    public void setKey(byte[] key, int off) {
        System.arraycopy(key, off, this.key, 0, KEY_LENGTH);
    }

    /** Like {@link AeadEngine#seal} with a 24-byte nonce {@code nonce[nonceOff..nonceOff+24)}. */
    @HotPath
    public int seal(byte[] nonce, int nonceOff, byte[] ad, int adOff, int adLen,
                    byte[] in, int inOff, int inLen, byte[] out, int outOff) {
        derive(nonce, nonceOff);
        int n = inner.seal(nonce12, 0, ad, adOff, adLen, in, inOff, inLen, out, outOff);
        inner.wipe();
        return n;
    }

    /** Like {@link AeadEngine#open} with a 24-byte nonce {@code nonce[nonceOff..nonceOff+24)}. */
    @HotPath
    public int open(byte[] nonce, int nonceOff, byte[] ad, int adOff, int adLen,
                    byte[] in, int inOff, int inLen, byte[] out, int outOff) {
        derive(nonce, nonceOff);
        int n = inner.open(nonce12, 0, ad, adOff, adLen, in, inOff, inLen, out, outOff);
        inner.wipe();
        return n;
    }

    /** Zeroes the key and all scratch. */
    public void wipe() {
        Bytes.wipe(key, 0, KEY_LENGTH);
        Bytes.wipe(subkey, 0, subkey.length);
        inner.wipe();
    }

    /** Keys the inner AEAD with HChaCha20(key, nonce[0..16)) and builds its 12-byte nonce. */
    @HotPath
    private void derive(byte[] nonce, int nonceOff) {
        HChaCha20.subkey(key, 0, nonce, nonceOff, subkey, 0);
        inner.setKey(subkey, 0);
        Bytes.wipe(subkey, 0, subkey.length);
        Bytes.putIntLE(nonce12, 0, 0);
        System.arraycopy(nonce, nonceOff + 16, nonce12, 4, 8);
    }
}
