package io.tailnode.crypto.sni;

import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * Simulator mock of the device class {@code io.tailnode.crypto.sni.CryptoNatives} (same fully qualified name,
 * same signatures, {@code public static} instead of {@code native}), on the BouncyCastle lightweight API. On the
 * host class path it comes before the device jars and shadows the native class, as a MicroEJ HIL mock does.
 * Host code: it may allocate; behaviour (return codes, zeroed output on failure, in-place use) matches the C.
 */
public final class CryptoNatives {
    private CryptoNatives() {
    }

    /** X25519 (RFC 7748 §5); 0, or -1 with out all zero if the result is all zero. */
    public static int x25519(byte[] out, int outOff, byte[] scalar, int scalarOff, byte[] u, int uOff) {
        // BC clamps its own copy of the scalar and masks bit 255 of u.
        X25519.scalarMult(scalar, scalarOff, u, uOff, out, outOff);
        int acc = 0;
        for (int i = 0; i < 32; i++) {
            acc |= out[outOff + i];
        }
        return acc == 0 ? -1 : 0;
    }

    /** ChaCha20-Poly1305 seal (RFC 8439 §2.8); returns inLen + 16. */
    public static int chacha20Poly1305Seal(byte[] key, int keyOff, byte[] nonce, int nonceOff,
            byte[] ad, int adOff, int adLen, byte[] in, int inOff, int inLen, byte[] out, int outOff) {
        ChaCha20Poly1305 aead = init(true, key, keyOff, nonce, nonceOff, ad, adOff, adLen);
        byte[] tmp = new byte[inLen + 16];
        int n = aead.processBytes(in, inOff, inLen, tmp, 0);
        try {
            n += aead.doFinal(tmp, n);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException(e);
        }
        System.arraycopy(tmp, 0, out, outOff, n);
        return n;
    }

    /** ChaCha20-Poly1305 open (RFC 8439 §2.8); returns inLen - 16, or -1 with the output zeroed. */
    public static int chacha20Poly1305Open(byte[] key, int keyOff, byte[] nonce, int nonceOff,
            byte[] ad, int adOff, int adLen, byte[] in, int inOff, int inLen, byte[] out, int outOff) {
        if (inLen < 16) {
            return -1;
        }
        ChaCha20Poly1305 aead = init(false, key, keyOff, nonce, nonceOff, ad, adOff, adLen);
        // Decrypt into a scratch buffer: BC streams plaintext before it checks the tag.
        byte[] tmp = new byte[inLen];
        try {
            int n = aead.processBytes(in, inOff, inLen, tmp, 0);
            n += aead.doFinal(tmp, n);
            System.arraycopy(tmp, 0, out, outOff, n);
            return n;
        } catch (InvalidCipherTextException e) {
            for (int i = 0; i < inLen - 16; i++) {
                out[outOff + i] = 0;
            }
            return -1;
        }
    }

    private static ChaCha20Poly1305 init(boolean encrypt, byte[] key, int keyOff, byte[] nonce, int nonceOff,
            byte[] ad, int adOff, int adLen) {
        byte[] n = new byte[12];
        System.arraycopy(nonce, nonceOff, n, 0, 12);
        ChaCha20Poly1305 aead = new ChaCha20Poly1305();
        aead.init(encrypt, new AEADParameters(new KeyParameter(key, keyOff, 32), 128, n));
        aead.processAADBytes(ad, adOff, adLen);
        return aead;
    }
}
