package io.tailnode.sim.derp;

import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.engines.Salsa20Engine;
import org.bouncycastle.crypto.engines.XSalsa20Engine;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.bouncycastle.util.Pack;

/**
 * NaCl box (curve25519xsalsa20poly1305, "easy" layout tag || ciphertext) on BouncyCastle's lightweight API, for
 * the development relay: independent of the device crypto module, so relay ↔ device tests cross-check both.
 * HSalsa20 is BC's public Salsa20 core minus its feed-forward. Keys are 32-byte arrays; thread-safe (no state).
 */
public final class NaclBox {
    public static final int TAG = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private NaclBox() {
    }

    /** A clamped X25519 private key. */
    public static byte[] newPrivateKey() {
        byte[] k = new byte[32];
        X25519.generatePrivateKey(RANDOM, k);
        return k;
    }

    public static byte[] publicKey(byte[] priv) {
        byte[] pub = new byte[32];
        X25519.scalarMultBase(priv, 0, pub, 0);
        return pub;
    }

    public static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    /** crypto_box_beforenm: HSalsa20(X25519(priv, pub), 0); null for a low-order public key. */
    public static byte[] beforenm(byte[] theirPublic, byte[] myPrivate) {
        byte[] shared = new byte[32];
        if (!X25519.calculateAgreement(myPrivate, 0, theirPublic, 0, shared, 0)) {
            return null;
        }
        int[] in = new int[16];
        in[0] = 0x61707865;
        in[5] = 0x3320646e;
        in[10] = 0x79622d32;
        in[15] = 0x6b206574;
        Pack.littleEndianToInt(shared, 0, in, 1, 4);
        Pack.littleEndianToInt(shared, 16, in, 11, 4);
        int[] x = new int[16];
        Salsa20Engine.salsaCore(20, in, x);
        byte[] k = new byte[32];
        int[] pick = {0, 5, 10, 15, 6, 7, 8, 9};
        for (int i = 0; i < 8; i++) {
            Pack.intToLittleEndian(x[pick[i]] - in[pick[i]], k, 4 * i);
        }
        return k;
    }

    /** secretbox seal with a precomputed key: tag || ciphertext. */
    public static byte[] seal(byte[] key, byte[] nonce24, byte[] msg) {
        XSalsa20Engine s = new XSalsa20Engine();
        s.init(true, new ParametersWithIV(new KeyParameter(key), nonce24));
        byte[] polyKey = new byte[32];
        s.processBytes(new byte[32], 0, 32, polyKey, 0);
        byte[] out = new byte[TAG + msg.length];
        s.processBytes(msg, 0, msg.length, out, TAG);
        Poly1305 mac = new Poly1305();
        mac.init(new KeyParameter(polyKey));
        mac.update(out, TAG, msg.length);
        mac.doFinal(out, 0);
        return out;
    }

    /** secretbox open with a precomputed key; null if the tag does not verify. */
    public static byte[] open(byte[] key, byte[] nonce24, byte[] box, int off, int len) {
        if (len < TAG) {
            return null;
        }
        XSalsa20Engine s = new XSalsa20Engine();
        s.init(false, new ParametersWithIV(new KeyParameter(key), nonce24));
        byte[] polyKey = new byte[32];
        s.processBytes(new byte[32], 0, 32, polyKey, 0);
        Poly1305 mac = new Poly1305();
        mac.init(new KeyParameter(polyKey));
        mac.update(box, off + TAG, len - TAG);
        byte[] tag = new byte[TAG];
        mac.doFinal(tag, 0);
        if (!java.security.MessageDigest.isEqual(tag, Arrays.copyOfRange(box, off, off + TAG))) {
            return null;
        }
        byte[] out = new byte[len - TAG];
        s.processBytes(box, off + TAG, len - TAG, out, 0);
        return out;
    }
}
