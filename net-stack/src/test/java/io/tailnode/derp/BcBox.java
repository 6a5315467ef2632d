package io.tailnode.derp;

import java.util.Arrays;
import org.bouncycastle.crypto.engines.Salsa20Engine;
import org.bouncycastle.crypto.engines.XSalsa20Engine;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.bouncycastle.util.Pack;

/** NaCl box on BouncyCastle (test oracle, independent of the crypto module): beforenm, seal, open. */
public final class BcBox {
    private BcBox() {
    }

    public static byte[] publicKey(byte[] priv) {
        byte[] pub = new byte[32];
        X25519.scalarMultBase(priv, 0, pub, 0);
        return pub;
    }

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

    public static byte[] seal(byte[] key, byte[] nonce, byte[] msg) {
        XSalsa20Engine s = new XSalsa20Engine();
        s.init(true, new ParametersWithIV(new KeyParameter(key), nonce));
        byte[] polyKey = new byte[32];
        s.processBytes(new byte[32], 0, 32, polyKey, 0);
        byte[] out = new byte[16 + msg.length];
        s.processBytes(msg, 0, msg.length, out, 16);
        Poly1305 mac = new Poly1305();
        mac.init(new KeyParameter(polyKey));
        mac.update(out, 16, msg.length);
        mac.doFinal(out, 0);
        return out;
    }

    public static byte[] open(byte[] key, byte[] nonce, byte[] box, int off, int len) {
        XSalsa20Engine s = new XSalsa20Engine();
        s.init(false, new ParametersWithIV(new KeyParameter(key), nonce));
        byte[] polyKey = new byte[32];
        s.processBytes(new byte[32], 0, 32, polyKey, 0);
        Poly1305 mac = new Poly1305();
        mac.init(new KeyParameter(polyKey));
        mac.update(box, off + 16, len - 16);
        byte[] tag = new byte[16];
        mac.doFinal(tag, 0);
        if (!Arrays.equals(tag, Arrays.copyOfRange(box, off, off + 16))) {
            return null;
        }
        byte[] out = new byte[len - 16];
        s.processBytes(box, off + 16, len - 16, out, 0);
        return out;
    }
}
