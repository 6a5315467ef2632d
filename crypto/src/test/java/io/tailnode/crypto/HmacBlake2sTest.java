package io.tailnode.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.bouncycastle.crypto.digests.Blake2sDigest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;

class HmacBlake2sTest {
    private static final int[] KEY_LENGTHS = {0, 1, 32, 63, 64, 65, 100, 200};
    private static final int[] LENGTHS = {0, 1, 15, 16, 17, 32, 33, 63, 64, 65, 1420, 65536};

    static byte[] bc(byte[] key, byte[] in) {
        HMac mac = new HMac(new Blake2sDigest());
        mac.init(new KeyParameter(key));
        mac.update(in, 0, in.length);
        byte[] out = new byte[32];
        mac.doFinal(out, 0);
        return out;
    }

    @Test
    void differentialAgainstBouncyCastle() {
        Random rnd = new Random(2104);
        HmacBlake2s h = new HmacBlake2s();
        for (int keyLen : KEY_LENGTHS) {
            for (int len : LENGTHS) {
                byte[] key = new byte[keyLen];
                rnd.nextBytes(key);
                byte[] in = new byte[len];
                rnd.nextBytes(in);
                h.init(key, 0, keyLen);
                h.update(in, 0, len);
                byte[] out = new byte[32];
                assertEquals(32, h.doFinal(out, 0));
                assertArrayEquals(bc(key, in), out, "keyLen " + keyLen + " len " + len);
            }
        }
    }

    @Test
    void reuseWithSameKeyAndSplitUpdates() {
        Random rnd = new Random(9);
        HmacBlake2s h = new HmacBlake2s();
        for (int keyLen : KEY_LENGTHS) {
            byte[] key = new byte[keyLen];
            rnd.nextBytes(key);
            h.init(key, 0, keyLen);
            for (int trial = 0; trial < 20; trial++) {
                byte[] in = new byte[rnd.nextInt(600)];
                rnd.nextBytes(in);
                int off = 0;
                while (off < in.length) {
                    int n = rnd.nextInt(in.length - off + 1);
                    if (n == 1) {
                        h.update(in[off]);
                    } else {
                        h.update(in, off, n);
                    }
                    off += n;
                }
                byte[] out = new byte[40];
                h.doFinal(out, 8);
                assertArrayEquals(bc(key, in), Arrays.copyOfRange(out, 8, 40));
            }
        }
    }

    @Test
    void outputMayAliasKeyAndMessage() {
        byte[] buf = new byte[64];
        new Random(11).nextBytes(buf);
        byte[] key = Arrays.copyOfRange(buf, 0, 32);
        byte[] msg = Arrays.copyOfRange(buf, 32, 64);
        byte[] expected = bc(key, msg);
        HmacBlake2s h = new HmacBlake2s();
        h.init(buf, 0, 32);
        h.update(buf, 32, 32);
        h.doFinal(buf, 0);
        assertArrayEquals(expected, Arrays.copyOfRange(buf, 0, 32));
    }

    @Test
    void wipeThenInit() {
        HmacBlake2s h = new HmacBlake2s();
        byte[] key = new byte[20];
        Arrays.fill(key, (byte) 3);
        h.init(key, 0, 20);
        h.update(key, 0, 5);
        h.wipe();
        h.init(key, 0, 20);
        byte[] out = new byte[32];
        h.doFinal(out, 0);
        assertArrayEquals(bc(key, new byte[0]), out);
    }
}
