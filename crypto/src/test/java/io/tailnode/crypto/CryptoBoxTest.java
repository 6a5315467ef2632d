package io.tailnode.crypto;

import static io.tailnode.testing.Vectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tailnode.testing.Vectors;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CryptoBoxTest {
    private final CryptoBox box = new CryptoBox();
    private final X25519 x = new X25519();

    private static byte[] h(JsonNode v, String f) {
        return hex(v.get(f).asText());
    }

    @Test
    void naclBoxVectors() {
        JsonNode all = Vectors.json("nacl-box.json").get("crypto_box");
        int n = 0;
        for (JsonNode v : all) {
            String name = v.get("name").asText();
            byte[] sSk = h(v, "senderSecretKey"), sPk = h(v, "senderPublicKey");
            byte[] rSk = h(v, "recipientSecretKey"), rPk = h(v, "recipientPublicKey");
            byte[] nonce = h(v, "nonce"), msg = h(v, "message"), expect = h(v, "box");
            byte[] pk = new byte[32];
            x.publicKey(pk, 0, sSk, 0);
            assertArrayEquals(sPk, pk, name);
            x.publicKey(pk, 0, rSk, 0);
            assertArrayEquals(rPk, pk, name);
            if (v.has("sharedSecret")) {
                byte[] ss = new byte[32];
                assertTrue(x.scalarMult(ss, 0, sSk, 0, rPk, 0));
                assertArrayEquals(h(v, "sharedSecret"), ss, name);
            }
            // beforenm from both sides.
            byte[] k1 = new byte[32], k2 = new byte[32];
            assertTrue(box.beforenm(k1, 0, rPk, 0, sSk, 0));
            assertTrue(box.beforenm(k2, 0, sPk, 0, rSk, 0));
            assertArrayEquals(h(v, "beforenm"), k1, name);
            assertArrayEquals(k1, k2, name);
            // crypto_box_easy / open_easy.
            byte[] out = new byte[msg.length + 16];
            assertEquals(msg.length + 16, box.seal(rPk, 0, sSk, 0, nonce, 0, msg, 0, msg.length, out, 0));
            assertArrayEquals(expect, out, name);
            byte[] back = new byte[msg.length];
            assertEquals(msg.length, box.open(sPk, 0, rSk, 0, nonce, 0, expect, 0, expect.length, back, 0));
            assertArrayEquals(msg, back, name);
            // afternm.
            Arrays.fill(out, (byte) 0);
            assertEquals(msg.length + 16, box.sealAfternm(k1, 0, nonce, 0, msg, 0, msg.length, out, 0));
            assertArrayEquals(expect, out, name);
            Arrays.fill(back, (byte) 0);
            assertEquals(msg.length, box.openAfternm(k2, 0, nonce, 0, expect, 0, expect.length, back, 0));
            assertArrayEquals(msg, back, name);
            n++;
        }
        assertEquals(2, n);
    }

    @Test
    void naclSecretboxVectors() {
        JsonNode all = Vectors.json("nacl-box.json").get("crypto_secretbox");
        int n = 0;
        for (JsonNode v : all) {
            String name = v.get("name").asText();
            byte[] key = h(v, "key"), nonce = h(v, "nonce"), msg = h(v, "message"), expect = h(v, "box");
            byte[] out = new byte[msg.length + 16];
            assertEquals(msg.length + 16, box.secretboxSeal(key, 0, nonce, 0, msg, 0, msg.length, out, 0));
            assertArrayEquals(expect, out, name);
            byte[] back = new byte[msg.length];
            assertEquals(msg.length, box.secretboxOpen(key, 0, nonce, 0, expect, 0, expect.length, back, 0));
            assertArrayEquals(msg, back, name);
            n++;
        }
        assertEquals(2, n);
    }

    @Test
    void sealedBoxVectorsAreSkipped() {
        // crypto_box_seal needs BLAKE2b for its nonce, which tailnode does not have: not implemented.
        int skipped = 0;
        for (JsonNode v : Vectors.json("nacl-box.json").get("crypto_box_seal")) {
            assertTrue(v.get("name").asText().contains("Sealed"));
            skipped++;
        }
        assertEquals(2, skipped);
    }

    @Test
    void badTagIsRejectedWithoutReleasingPlaintext() {
        Random rnd = new Random(3);
        byte[] key = new byte[32], nonce = new byte[24], msg = new byte[100];
        rnd.nextBytes(key);
        rnd.nextBytes(nonce);
        rnd.nextBytes(msg);
        byte[] sealed = new byte[116];
        box.secretboxSeal(key, 0, nonce, 0, msg, 0, 100, sealed, 0);
        for (int pos : new int[] {0, 15, 16, 115}) {
            byte[] bad = sealed.clone();
            bad[pos] ^= 0x20;
            byte[] out = new byte[100];
            Arrays.fill(out, (byte) 0x33);
            assertEquals(-1, box.secretboxOpen(key, 0, nonce, 0, bad, 0, 116, out, 0), "pos " + pos);
            byte[] untouched = new byte[100];
            Arrays.fill(untouched, (byte) 0x33);
            assertArrayEquals(untouched, out);
        }
        byte[] wrongNonce = nonce.clone();
        wrongNonce[23] ^= 1;
        assertEquals(-1, box.secretboxOpen(key, 0, wrongNonce, 0, sealed, 0, 116, new byte[100], 0));
        assertEquals(-1, box.secretboxOpen(key, 0, nonce, 0, sealed, 0, 15, new byte[100], 0));
        // Empty message: box is just the tag.
        byte[] t = new byte[16];
        assertEquals(16, box.secretboxSeal(key, 0, nonce, 0, msg, 0, 0, t, 0));
        assertEquals(0, box.secretboxOpen(key, 0, nonce, 0, t, 0, 16, new byte[0], 0));
    }

    @Test
    void lowOrderPublicKeyIsRejected() {
        byte[] sk = new byte[32];
        new Random(4).nextBytes(sk);
        byte[][] lowOrder = {new byte[32], hex("0100000000000000000000000000000000000000000000000000000000000000"),
            hex("e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800"),
            hex("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")};
        for (byte[] pk : lowOrder) {
            byte[] k = new byte[32];
            Arrays.fill(k, (byte) 9);
            assertFalse(box.beforenm(k, 0, pk, 0, sk, 0));
            assertArrayEquals(new byte[32], k);
            byte[] out = new byte[26];
            assertEquals(-1, box.seal(pk, 0, sk, 0, new byte[24], 0, new byte[10], 0, 10, out, 0));
            assertArrayEquals(new byte[26], out);
            assertEquals(-1, box.open(pk, 0, sk, 0, new byte[24], 0, new byte[26], 0, 26, new byte[10], 0));
        }
    }

    @Test
    void roundTripsInPlaceAndWithOffsets() {
        Random rnd = new Random(5);
        byte[] aSk = new byte[32], bSk = new byte[32], aPk = new byte[32], bPk = new byte[32];
        rnd.nextBytes(aSk);
        rnd.nextBytes(bSk);
        x.publicKey(aPk, 0, aSk, 0);
        x.publicKey(bPk, 0, bSk, 0);
        for (int len : new int[] {0, 1, 31, 32, 33, 63, 64, 65, 1420, 65536}) {
            byte[] msg = new byte[len], nonce = new byte[24];
            rnd.nextBytes(msg);
            rnd.nextBytes(nonce);
            byte[] ref = new byte[len + 16];
            assertEquals(len + 16, box.seal(bPk, 0, aSk, 0, nonce, 0, msg, 0, len, ref, 0));
            // In place behind a tag slot: buf = [16 free][msg] -> [tag][ct].
            byte[] buf = new byte[len + 16 + 4];
            System.arraycopy(msg, 0, buf, 16 + 2, len);
            assertEquals(len + 16, box.seal(bPk, 0, aSk, 0, nonce, 0, buf, 18, len, buf, 2));
            assertArrayEquals(ref, Arrays.copyOfRange(buf, 2, 2 + len + 16), "len " + len);
            // Open in place to the same offset.
            assertEquals(len, box.open(aPk, 0, bSk, 0, nonce, 0, buf, 2, len + 16, buf, 2));
            assertArrayEquals(msg, Arrays.copyOfRange(buf, 2, 2 + len), "len " + len);
        }
    }
}
