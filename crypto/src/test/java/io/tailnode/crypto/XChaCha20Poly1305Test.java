package io.tailnode.crypto;

import static io.tailnode.testing.Vectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.tailnode.testing.Vectors;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class XChaCha20Poly1305Test {
    private static final JsonNode DRAFT = Vectors.json("xchacha-draft.json");

    @Test
    void hchacha20Section221() {
        JsonNode v = DRAFT.get("hchacha20");
        byte[] out = new byte[34];
        HChaCha20.subkey(hex(v.get("key").asText()), 0, hex(v.get("nonce").asText()), 0, out, 2);
        assertArrayEquals(hex(v.get("subkey").asText()), Arrays.copyOfRange(out, 2, 34));
    }

    @Test
    void hchacha20OutputMayOverlapInput() {
        JsonNode v = DRAFT.get("hchacha20");
        byte[] key = hex(v.get("key").asText());
        HChaCha20.subkey(key, 0, hex(v.get("nonce").asText()), 0, key, 0);
        assertArrayEquals(hex(v.get("subkey").asText()), key);
    }

    @Test
    void aeadA31() {
        JsonNode v = DRAFT.get("aead");
        XChaCha20Poly1305 x = new XChaCha20Poly1305();
        byte[] key = hex(v.get("key").asText());
        byte[] iv = hex(v.get("iv").asText());
        byte[] aad = hex(v.get("aad").asText());
        byte[] pt = hex(v.get("plaintext").asText());
        byte[] expected = hex(v.get("ciphertext").asText() + v.get("tag").asText());
        x.setKey(key, 0);
        byte[] out = new byte[pt.length + 16];
        assertEquals(pt.length + 16, x.seal(iv, 0, aad, 0, aad.length, pt, 0, pt.length, out, 0));
        assertArrayEquals(expected, out);
        byte[] back = new byte[pt.length];
        assertEquals(pt.length, x.open(iv, 0, aad, 0, aad.length, out, 0, out.length, back, 0));
        assertArrayEquals(pt, back);

        // Poly1305 key = block 0 of ChaCha20 under the HChaCha20 subkey with nonce fixedCommon || iv[16..24)
        byte[] subkey = new byte[32];
        HChaCha20.subkey(key, 0, iv, 0, subkey, 0);
        ChaCha20 c = new ChaCha20();
        c.setKey(subkey, 0);
        c.setNonce(hex(v.get("fixedCommon").asText() + v.get("iv").asText().substring(32)), 0);
        byte[] block = new byte[64];
        c.block(0, block, 0);
        assertArrayEquals(hex(v.get("poly1305Key").asText()), Arrays.copyOf(block, 32));
    }

    @Test
    void xchacha20KeystreamA32() {
        int n = 0;
        for (JsonNode v : DRAFT.get("xchacha20")) {
            byte[] key = hex(v.get("key").asText());
            byte[] iv = hex(v.get("iv").asText());
            byte[] pt = hex(v.get("plaintext").asText());
            byte[] ks = hex(v.get("keystream").asText());
            byte[] ct = hex(v.get("ciphertext").asText());
            byte[] subkey = new byte[32];
            HChaCha20.subkey(key, 0, iv, 0, subkey, 0);
            byte[] nonce = new byte[12];
            System.arraycopy(iv, 16, nonce, 4, 8);
            ChaCha20 c = new ChaCha20();
            c.setKey(subkey, 0);
            c.setNonce(nonce, 0);
            byte[] out = new byte[pt.length];
            c.xor(v.get("counter").asInt(), pt, 0, pt.length, out, 0);
            assertArrayEquals(ct, out, v.get("section").asText());
            byte[] zero = new byte[ks.length];
            byte[] k = new byte[ks.length];
            c.xor(v.get("counter").asInt(), zero, 0, zero.length, k, 0);
            assertArrayEquals(ks, k, v.get("section").asText());
            n++;
        }
        assertEquals(2, n);
    }

    @Test
    void wycheproofAllCases() {
        XChaCha20Poly1305 x = new XChaCha20Poly1305();
        WycheproofAeadRunner.Result r = WycheproofAeadRunner.run("xchacha20_poly1305_test.json", 24,
                new WycheproofAeadRunner.Aead() {
                    public void setKey(byte[] key) {
                        x.setKey(key, 0);
                    }

                    public int seal(byte[] nonce, byte[] ad, byte[] in, int inOff, int inLen, byte[] out, int o) {
                        return x.seal(nonce, 0, ad, 0, ad.length, in, inOff, inLen, out, o);
                    }

                    public int open(byte[] nonce, byte[] ad, byte[] in, int inOff, int inLen, byte[] out, int o) {
                        return x.open(nonce, 0, ad, 0, ad.length, in, inOff, inLen, out, o);
                    }
                });
        assertEquals(315, r.total());
        assertEquals(246, r.valid());
        assertEquals(60, r.invalid());
        assertEquals(9, r.skippedNonceSize(), "exactly the non-24-byte-nonce cases are skipped");
    }

    /** XChaCha = BouncyCastle ChaCha20-Poly1305 under our HChaCha20 subkey (HChaCha20 itself is vector-checked). */
    @Test
    void matchesHChaChaPlusBouncyCastle() throws Exception {
        Random rnd = new Random(192);
        XChaCha20Poly1305 x = new XChaCha20Poly1305();
        for (int len : ChaCha20Test.LENGTHS) {
            byte[] key = new byte[32];
            byte[] iv = new byte[24];
            byte[] ad = new byte[rnd.nextInt(40)];
            byte[] pt = new byte[len];
            rnd.nextBytes(key);
            rnd.nextBytes(iv);
            rnd.nextBytes(ad);
            rnd.nextBytes(pt);
            byte[] subkey = new byte[32];
            HChaCha20.subkey(key, 0, iv, 0, subkey, 0);
            byte[] nonce = new byte[12];
            System.arraycopy(iv, 16, nonce, 4, 8);
            byte[] expected = ChaCha20Poly1305Test.bcSeal(subkey, nonce, ad, pt);
            x.setKey(key, 0);
            byte[] out = new byte[len + 16];
            x.seal(iv, 0, ad, 0, ad.length, pt, 0, len, out, 0);
            assertArrayEquals(expected, out, "len " + len);
            // in place
            byte[] buf = Arrays.copyOf(pt, len + 16);
            x.seal(iv, 0, ad, 0, ad.length, buf, 0, len, buf, 0);
            assertArrayEquals(expected, buf);
            assertEquals(len, x.open(iv, 0, ad, 0, ad.length, buf, 0, len + 16, buf, 0));
            assertArrayEquals(pt, Arrays.copyOf(buf, len));
            // tamper
            out[rnd.nextInt(len + 16)] ^= 1;
            byte[] back = new byte[len];
            Arrays.fill(back, (byte) 1);
            assertEquals(XChaCha20Poly1305.AUTH_FAILED, x.open(iv, 0, ad, 0, ad.length, out, 0, len + 16, back, 0));
            assertArrayEquals(new byte[len], back);
        }
    }
}
