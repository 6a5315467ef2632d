package io.tailnode.firmware.entropy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.tailnode.crypto.HmacBlake2s;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * HmacDrbg against a textbook transcription of SP 800-90A §10.1.2 (concatenations and fresh arrays everywhere,
 * written from the pseudocode, not from the device code), over random seeds, lengths and additional inputs.
 * HMAC-BLAKE2s itself is checked against its vectors and BouncyCastle in crypto/.
 */
class HmacDrbgTest {

    /** The spec's pseudocode, literally. */
    static final class Reference {
        byte[] k = new byte[32];
        byte[] v = new byte[32];

        static byte[] hmac(byte[] key, byte[]... parts) {
            HmacBlake2s h = new HmacBlake2s();
            h.init(key, 0, key.length);
            for (byte[] p : parts) {
                h.update(p, 0, p.length);
            }
            byte[] out = new byte[32];
            h.doFinal(out, 0);
            return out;
        }

        static byte[] cat(byte[]... parts) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            for (byte[] p : parts) {
                b.writeBytes(p);
            }
            return b.toByteArray();
        }

        void update(byte[] provided) {
            k = hmac(k, v, new byte[] {0}, provided);
            v = hmac(k, v);
            if (provided.length == 0) {
                return;
            }
            k = hmac(k, v, new byte[] {1}, provided);
            v = hmac(k, v);
        }

        void instantiate(byte[] entropy, byte[] nonce, byte[] pers) {
            Arrays.fill(k, (byte) 0);
            Arrays.fill(v, (byte) 1);
            update(cat(entropy, nonce, pers));
        }

        void reseed(byte[] entropy, byte[] add) {
            update(cat(entropy, add));
        }

        byte[] generate(int n, byte[] add) {
            if (add.length > 0) {
                update(add);
            }
            ByteArrayOutputStream temp = new ByteArrayOutputStream();
            while (temp.size() < n) {
                v = hmac(k, v);
                temp.writeBytes(v);
            }
            update(add);
            return Arrays.copyOf(temp.toByteArray(), n);
        }
    }

    private static byte[] bytes(SplittableRandom r, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) r.nextInt(256);
        }
        return b;
    }

    @Test
    void matchesSpecPseudocode() {
        SplittableRandom r = new SplittableRandom(90);
        for (int trial = 0; trial < 200; trial++) {
            byte[] entropy = bytes(r, 1 + r.nextInt(100));
            byte[] nonce = bytes(r, r.nextInt(40));
            byte[] pers = bytes(r, r.nextInt(3) == 0 ? 0 : r.nextInt(70));
            Reference ref = new Reference();
            HmacDrbg ours = new HmacDrbg();
            ref.instantiate(entropy, nonce, pers);
            ours.instantiate(entropy, 0, entropy.length, nonce, 0, nonce.length, pers, 0, pers.length);
            for (int step = 0; step < 6; step++) {
                if (r.nextInt(4) == 0) {
                    byte[] e = bytes(r, 1 + r.nextInt(64));
                    byte[] add = bytes(r, r.nextInt(2) == 0 ? 0 : r.nextInt(50));
                    ref.reseed(e, add);
                    ours.reseed(e, 0, e.length, add, 0, add.length);
                    assertEquals(1, ours.reseedCounter());
                }
                int n = new int[] {0, 1, 31, 32, 33, 64, 100, 1000}[r.nextInt(8)];
                byte[] add = bytes(r, r.nextInt(2) == 0 ? 0 : r.nextInt(80));
                byte[] expected = ref.generate(n, add);
                byte[] out = new byte[n + 7];
                assertEquals(n, ours.generate(out, 3, n, add, 0, add.length));
                assertArrayEquals(expected, Arrays.copyOfRange(out, 3, 3 + n), "trial " + trial + " step " + step);
            }
        }
    }

    /**
     * Known answers computed independently with Python's hmac + hashlib.blake2s (a 20-line HMAC_DRBG from the
     * spec): entropy 00..1f, nonce 20..2f, personalization "tailnode"; generate 40; generate 32 with additional
     * input "additional"; reseed with 40..5f; generate 64.
     */
    @Test
    void knownAnswerFromIndependentImplementation() {
        byte[] entropy = new byte[32];
        byte[] nonce = new byte[16];
        byte[] reseed = new byte[32];
        for (int i = 0; i < 32; i++) {
            entropy[i] = (byte) i;
            reseed[i] = (byte) (0x40 + i);
        }
        for (int i = 0; i < 16; i++) {
            nonce[i] = (byte) (0x20 + i);
        }
        byte[] pers = "tailnode".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] add = "additional".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        HmacDrbg d = new HmacDrbg();
        d.instantiate(entropy, 0, 32, nonce, 0, 16, pers, 0, pers.length);
        byte[] out1 = new byte[40];
        d.generate(out1, 0, 40, null, 0, 0);
        assertEquals("e31c031d1678230e2524e65a9a4f76c7cf42b3537f11fcec7ae9e25cfec93d8620525d7fb2701634", hex(out1));
        byte[] out2 = new byte[32];
        d.generate(out2, 0, 32, add, 0, add.length);
        assertEquals("580f5eda7d55792f9971ab316deb636499b1edb1389e9b110b72b73fd9f8ad97", hex(out2));
        assertEquals(3, d.reseedCounter());
        d.reseed(reseed, 0, 32, null, 0, 0);
        byte[] out3 = new byte[64];
        d.generate(out3, 0, 64, null, 0, 0);
        assertEquals("36ea7110c474765aa947110fee5c38f06b412a0979821b4b0d1d4622c6298e7b"
                + "a7ccb28360cd66a0365dc4ef840b356c2167dc65adff0c5509a14903c22eacc8", hex(out3));
    }

    static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            s.append(String.format("%02x", x));
        }
        return s.toString();
    }

    @Test
    void refusesWhenNotInstantiatedOrTooLong() {
        HmacDrbg d = new HmacDrbg();
        byte[] out = new byte[8];
        assertEquals(-1, d.generate(out, 0, 8, null, 0, 0));
        d.instantiate(new byte[32], 0, 32, null, 0, 0, null, 0, 0);
        assertEquals(-1, d.generate(new byte[HmacDrbg.MAX_REQUEST_BYTES + 1], 0, HmacDrbg.MAX_REQUEST_BYTES + 1,
                null, 0, 0));
        d.wipe();
        assertFalse(d.isInstantiated());
        assertEquals(-1, d.generate(out, 0, 8, null, 0, 0));
    }

    @Test
    void backtrackingResistanceKeyChangesEveryRequest() {
        HmacDrbg a = new HmacDrbg();
        a.instantiate(new byte[32], 0, 32, null, 0, 0, null, 0, 0);
        byte[] x = new byte[32];
        byte[] y = new byte[32];
        a.generate(x, 0, 32, null, 0, 0);
        a.generate(y, 0, 32, null, 0, 0);
        assertFalse(Arrays.equals(x, y));
    }
}
