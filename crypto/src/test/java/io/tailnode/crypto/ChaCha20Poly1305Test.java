package io.tailnode.crypto;

import static io.tailnode.testing.Vectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tailnode.lang.Bytes;
import io.tailnode.testing.Vectors;
import java.util.Arrays;
import java.util.Random;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;

class ChaCha20Poly1305Test {
    private static final JsonNode RFC = Vectors.json("rfc8439.json").get("sections");
    private static final int[] AD_LENGTHS = {0, 1, 12, 16, 17, 40};

    static byte[] bcSeal(byte[] key, byte[] nonce, byte[] ad, byte[] pt) throws Exception {
        org.bouncycastle.crypto.modes.ChaCha20Poly1305 bc = new org.bouncycastle.crypto.modes.ChaCha20Poly1305();
        bc.init(true, new AEADParameters(new KeyParameter(key), 128, nonce, ad));
        byte[] out = new byte[bc.getOutputSize(pt.length)];
        int n = bc.processBytes(pt, 0, pt.length, out, 0);
        bc.doFinal(out, n);
        return out;
    }

    @Test
    void rfc8439Section282() {
        JsonNode v = RFC.get("2.8.2");
        ChaCha20Poly1305 a = new ChaCha20Poly1305();
        a.setKey(hex(v.get("key").asText()), 0);
        byte[] nonce = hex(v.get("nonce").asText());
        assertArrayEquals(hex(v.get("fixedCommon").asText() + v.get("iv").asText()), nonce);
        byte[] aad = hex(v.get("aad").asText());
        byte[] pt = hex(v.get("plaintext").asText());
        byte[] expected = hex(v.get("ciphertext").asText() + v.get("tag").asText());
        byte[] out = new byte[pt.length + 16];
        assertEquals(pt.length + 16, a.seal(nonce, 0, aad, 0, aad.length, pt, 0, pt.length, out, 0));
        assertArrayEquals(expected, out);
        byte[] back = new byte[pt.length];
        assertEquals(pt.length, a.open(nonce, 0, aad, 0, aad.length, out, 0, out.length, back, 0));
        assertArrayEquals(pt, back);
    }

    @Test
    void rfc8439A5Decryption() {
        JsonNode v = RFC.get("A.5");
        ChaCha20Poly1305 a = new ChaCha20Poly1305();
        a.setKey(hex(v.get("key").asText()), 0);
        byte[] nonce = hex(v.get("nonce").asText());
        byte[] aad = hex(v.get("aad").asText());
        byte[] in = hex(v.get("ciphertext").asText() + v.get("tag").asText());
        byte[] pt = hex(v.get("plaintext").asText());
        byte[] out = new byte[pt.length];
        assertEquals(pt.length, a.open(nonce, 0, aad, 0, aad.length, in, 0, in.length, out, 0));
        assertArrayEquals(pt, out);
        assertArrayEquals(hex(v.get("tag").asText()), hex(v.get("calculatedTag").asText()));
        // and sealing reproduces the ciphertext
        byte[] sealed = new byte[in.length];
        a.seal(nonce, 0, aad, 0, aad.length, pt, 0, pt.length, sealed, 0);
        assertArrayEquals(in, sealed);
    }

    @Test
    void wycheproofAllCases() {
        ChaCha20Poly1305 a = new ChaCha20Poly1305();
        WycheproofAeadRunner.Result r = WycheproofAeadRunner.run("chacha20_poly1305_test.json", 12,
                new WycheproofAeadRunner.Aead() {
                    public void setKey(byte[] key) {
                        a.setKey(key, 0);
                    }

                    public int seal(byte[] nonce, byte[] ad, byte[] in, int inOff, int inLen, byte[] out, int o) {
                        return a.seal(nonce, 0, ad, 0, ad.length, in, inOff, inLen, out, o);
                    }

                    public int open(byte[] nonce, byte[] ad, byte[] in, int inOff, int inLen, byte[] out, int o) {
                        return a.open(nonce, 0, ad, 0, ad.length, in, inOff, inLen, out, o);
                    }
                });
        assertEquals(325, r.total());
        assertEquals(256, r.valid());
        assertEquals(60, r.invalid());
        assertEquals(9, r.skippedNonceSize(), "exactly the non-12-byte-nonce cases are skipped");
    }

    @Test
    void counterNoncesMatchGeneralForm() {
        Random rnd = new Random(42);
        ChaCha20Poly1305 a = new ChaCha20Poly1305();
        byte[] key = new byte[32];
        rnd.nextBytes(key);
        a.setKey(key, 0);
        long[] counters = {0, 1, 255, 256, 0x0102030405060708L, -1L, Long.MIN_VALUE, rnd.nextLong()};
        byte[] ad = new byte[13];
        rnd.nextBytes(ad);
        byte[] pt = new byte[100];
        rnd.nextBytes(pt);
        for (long c : counters) {
            byte[] le = new byte[12];
            Bytes.putLongLE(le, 4, c);
            byte[] be = new byte[12];
            Bytes.putLongBE(be, 4, c);
            byte[] built = new byte[14];
            Arrays.fill(built, (byte) 0x77);
            AeadNonce.putCounterLE(built, 1, c);
            assertArrayEquals(le, Arrays.copyOfRange(built, 1, 13));
            AeadNonce.putCounterBE(built, 1, c);
            assertArrayEquals(be, Arrays.copyOfRange(built, 1, 13));

            byte[] g = new byte[116];
            byte[] x = new byte[116];
            a.seal(le, 0, ad, 0, ad.length, pt, 0, pt.length, g, 0);
            assertEquals(116, a.sealCounterLE(c, ad, 0, ad.length, pt, 0, pt.length, x, 0));
            assertArrayEquals(g, x, "LE " + c);
            byte[] back = new byte[100];
            assertEquals(100, a.openCounterLE(c, ad, 0, ad.length, x, 0, 116, back, 0));
            assertArrayEquals(pt, back);

            a.seal(be, 0, ad, 0, ad.length, pt, 0, pt.length, g, 0);
            assertEquals(116, a.sealCounterBE(c, ad, 0, ad.length, pt, 0, pt.length, x, 0));
            assertArrayEquals(g, x, "BE " + c);
            assertEquals(100, a.openCounterBE(c, ad, 0, ad.length, x, 0, 116, back, 0));
            assertArrayEquals(pt, back);
            if (c != 0 && Long.reverseBytes(c) != c) {
                assertTrue(a.openCounterLE(c, ad, 0, ad.length, x, 0, 116, back, 0) < 0, "BE box opened as LE");
            }
        }
    }

    @Test
    void matchesBouncyCastleSeparateAndInPlace() throws Exception {
        Random rnd = new Random(2024);
        ChaCha20Poly1305 a = new ChaCha20Poly1305();
        for (int len : ChaCha20Test.LENGTHS) {
            for (int adLen : AD_LENGTHS) {
                byte[] key = new byte[32];
                byte[] nonce = new byte[12];
                byte[] ad = new byte[adLen];
                byte[] pt = new byte[len];
                rnd.nextBytes(key);
                rnd.nextBytes(nonce);
                rnd.nextBytes(ad);
                rnd.nextBytes(pt);
                byte[] expected = bcSeal(key, nonce, ad, pt);
                a.setKey(key, 0);

                // separate buffers, non-zero offsets everywhere
                byte[] nb = new byte[15];
                System.arraycopy(nonce, 0, nb, 3, 12);
                byte[] adb = new byte[adLen + 2];
                System.arraycopy(ad, 0, adb, 2, adLen);
                byte[] in = new byte[len + 5];
                System.arraycopy(pt, 0, in, 5, len);
                byte[] out = new byte[len + 16 + 7];
                assertEquals(len + 16, a.seal(nb, 3, adb, 2, adLen, in, 5, len, out, 7));
                assertArrayEquals(expected, Arrays.copyOfRange(out, 7, 7 + len + 16), "seal len " + len);
                byte[] back = new byte[len + 1];
                assertEquals(len, a.open(nb, 3, adb, 2, adLen, out, 7, len + 16, back, 1));
                assertArrayEquals(pt, Arrays.copyOfRange(back, 1, 1 + len));

                // in place
                byte[] buf = new byte[len + 16 + 4];
                System.arraycopy(pt, 0, buf, 4, len);
                a.seal(nonce, 0, ad, 0, adLen, buf, 4, len, buf, 4);
                assertArrayEquals(expected, Arrays.copyOfRange(buf, 4, 4 + len + 16), "in-place seal " + len);
                assertEquals(len, a.open(nonce, 0, ad, 0, adLen, buf, 4, len + 16, buf, 4));
                assertArrayEquals(pt, Arrays.copyOfRange(buf, 4, 4 + len), "in-place open " + len);
            }
        }
    }

    @Test
    void tamperedCiphertextTagOrAdFailsAndZeroesOutput() throws Exception {
        Random rnd = new Random(99);
        ChaCha20Poly1305 a = new ChaCha20Poly1305();
        for (int len : ChaCha20Test.LENGTHS) {
            for (int what = 0; what < 3; what++) {
                byte[] key = new byte[32];
                byte[] nonce = new byte[12];
                byte[] ad = new byte[1 + rnd.nextInt(30)];
                byte[] pt = new byte[len];
                rnd.nextBytes(key);
                rnd.nextBytes(nonce);
                rnd.nextBytes(ad);
                rnd.nextBytes(pt);
                a.setKey(key, 0);
                byte[] sealed = new byte[len + 16];
                a.seal(nonce, 0, ad, 0, ad.length, pt, 0, len, sealed, 0);
                assertArrayEquals(bcSeal(key, nonce, ad, pt), sealed);
                byte bit = (byte) (1 << rnd.nextInt(8));
                if (what == 0 && len > 0) {
                    sealed[rnd.nextInt(len)] ^= bit; // ciphertext
                } else if (what == 1 || len == 0) {
                    sealed[len + rnd.nextInt(16)] ^= bit; // tag
                } else {
                    ad[rnd.nextInt(ad.length)] ^= bit; // associated data
                }
                byte[] out = new byte[len];
                Arrays.fill(out, (byte) 0xa5);
                assertEquals(AeadEngine.AUTH_FAILED, a.open(nonce, 0, ad, 0, ad.length, sealed, 0, len + 16, out, 0));
                assertArrayEquals(new byte[len], out, "output zeroed, len " + len);
                // in place: the buffer's plaintext range is zeroed too
                byte[] copy = sealed.clone();
                assertEquals(AeadEngine.AUTH_FAILED, a.open(nonce, 0, ad, 0, ad.length, copy, 0, len + 16, copy, 0));
                assertArrayEquals(new byte[len], Arrays.copyOf(copy, len));
            }
        }
    }

    @Test
    void shortInputIsBadLength() {
        ChaCha20Poly1305 a = new ChaCha20Poly1305();
        a.setKey(new byte[32], 0);
        byte[] out = new byte[16];
        for (int n = 0; n < 16; n++) {
            assertEquals(AeadEngine.BAD_LENGTH, a.open(new byte[12], 0, new byte[0], 0, 0, new byte[16], 0, n, out, 0));
        }
    }

    @Test
    void rekeyingReusesInstance() throws Exception {
        Random rnd = new Random(5);
        ChaCha20Poly1305 a = new ChaCha20Poly1305();
        for (int i = 0; i < 20; i++) {
            byte[] key = new byte[32];
            byte[] nonce = new byte[12];
            byte[] pt = new byte[rnd.nextInt(300)];
            rnd.nextBytes(key);
            rnd.nextBytes(nonce);
            rnd.nextBytes(pt);
            a.setKey(key, 0);
            byte[] out = new byte[pt.length + 16];
            a.seal(nonce, 0, new byte[0], 0, 0, pt, 0, pt.length, out, 0);
            assertArrayEquals(bcSeal(key, nonce, new byte[0], pt), out);
        }
    }
}
