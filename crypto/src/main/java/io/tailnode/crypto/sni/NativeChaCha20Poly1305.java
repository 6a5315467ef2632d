package io.tailnode.crypto.sni;

import io.tailnode.crypto.AeadEngine;
import io.tailnode.lang.Bytes;
import io.tailnode.lang.HotPath;

/**
 * {@link AeadEngine} on the board's C ChaCha20-Poly1305 (RFC 8439 §2.8) through {@link CryptoNatives}. The
 * 32-byte key lives in this object (wiped by {@link #wipe}); every call passes it to C, which keeps no state.
 * {@link #open} returns -1 on a bad tag with the output zeroed, -2 for inLen < 16.
 *
 * <p>Not thread-safe; one instance per thread.
 */
public final class NativeChaCha20Poly1305 implements AeadEngine {
    /** open: the tag did not verify (output zeroed). */
    public static final int BAD_TAG = -1;
    /** open: input shorter than the 16-byte tag. */
    public static final int TOO_SHORT = -2;

    private final byte[] key = new byte[32];

    public NativeChaCha20Poly1305() {
    }

    @Override
    public void setKey(byte[] k, int off) {
        System.arraycopy(k, off, key, 0, 32);
    }

    /** Zeroes the key when the session dies. */
    public void wipe() {
        Bytes.wipe(key, 0, 32);
    }

    @Override
    @HotPath
    public int seal(byte[] nonce12, int nonceOff, byte[] ad, int adOff, int adLen,
            byte[] in, int inOff, int inLen, byte[] out, int outOff) {
        checkRange(nonce12, nonceOff, 12);
        checkRange(ad, adOff, adLen);
        checkRange(in, inOff, inLen);
        checkRange(out, outOff, inLen + 16);
        return CryptoNatives.chacha20Poly1305Seal(key, 0, nonce12, nonceOff, ad, adOff, adLen,
                in, inOff, inLen, out, outOff);
    }

    @Override
    @HotPath
    public int open(byte[] nonce12, int nonceOff, byte[] ad, int adOff, int adLen,
            byte[] in, int inOff, int inLen, byte[] out, int outOff) {
        if (inLen < 16) {
            return TOO_SHORT;
        }
        checkRange(nonce12, nonceOff, 12);
        checkRange(ad, adOff, adLen);
        checkRange(in, inOff, inLen);
        checkRange(out, outOff, inLen - 16);
        int n = CryptoNatives.chacha20Poly1305Open(key, 0, nonce12, nonceOff, ad, adOff, adLen,
                in, inOff, inLen, out, outOff);
        return n < 0 ? BAD_TAG : n;
    }

    /** C trusts offsets and lengths: a bad window must fail here, in Java, not corrupt the heap. */
    private static void checkRange(byte[] b, int off, int len) {
        if (off < 0 || len < 0 || off > b.length - len) {
            throw new ArrayIndexOutOfBoundsException(off);
        }
    }
}
