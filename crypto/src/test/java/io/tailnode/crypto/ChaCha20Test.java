package io.tailnode.crypto;

import static io.tailnode.testing.Vectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.tailnode.testing.Vectors;
import java.util.Arrays;
import java.util.Random;
import org.bouncycastle.crypto.engines.ChaCha7539Engine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.junit.jupiter.api.Test;

class ChaCha20Test {
    static final int[] LENGTHS = {0, 1, 15, 16, 17, 63, 64, 65, 1420, 65536};
    private static final JsonNode RFC = Vectors.json("rfc8439.json").get("sections");

    @Test
    void rfc8439BlockFunctionA1() {
        int n = 0;
        for (JsonNode v : RFC.get("A.1").get("vectors")) {
            ChaCha20 c = new ChaCha20();
            c.setKey(hex(v.get("key").asText()), 0);
            c.setNonce(hex(v.get("nonce").asText()), 0);
            byte[] out = new byte[64 + 3];
            c.block(v.get("counter").asInt(), out, 3);
            assertArrayEquals(hex(v.get("keystream").asText()), Arrays.copyOfRange(out, 3, 67), "A.1 #" + n);
            n++;
        }
        assertEquals(5, n);
    }

    @Test
    void rfc8439EncryptionA2() {
        int n = 0;
        for (JsonNode v : RFC.get("A.2").get("vectors")) {
            byte[] pt = hex(v.get("plaintext").asText());
            byte[] ct = hex(v.get("ciphertext").asText());
            ChaCha20 c = new ChaCha20();
            c.setKey(hex(v.get("key").asText()), 0);
            c.setNonce(hex(v.get("nonce").asText()), 0);
            int counter = v.get("counter").asInt();
            byte[] out = new byte[pt.length];
            int next = c.xor(counter, pt, 0, pt.length, out, 0);
            assertArrayEquals(ct, out);
            assertEquals(counter + (pt.length + 63) / 64, next);
            // in place, decrypt
            c.xor(counter, out, 0, out.length, out, 0);
            assertArrayEquals(pt, out);
            n++;
        }
        assertEquals(3, n);
    }

    @Test
    void rfc8439KeyGenerationA4() {
        int n = 0;
        for (JsonNode v : RFC.get("A.4").get("vectors")) {
            ChaCha20 c = new ChaCha20();
            c.setKey(hex(v.get("key").asText()), 0);
            c.setNonce(hex(v.get("nonce").asText()), 0);
            byte[] block = new byte[64];
            c.block(0, block, 0);
            assertArrayEquals(hex(v.get("poly1305Key").asText()), Arrays.copyOf(block, 32));
            n++;
        }
        assertEquals(3, n);
    }

    @Test
    void rfc8439Section282Keystream() {
        JsonNode v = RFC.get("2.8.2");
        ChaCha20 c = new ChaCha20();
        c.setKey(hex(v.get("key").asText()), 0);
        c.setNonce(hex(v.get("nonce").asText()), 0);
        byte[] ks = hex(v.get("keystream").asText());
        byte[] zero = new byte[ks.length];
        byte[] out = new byte[ks.length];
        c.xor(1, zero, 0, zero.length, out, 0);
        assertArrayEquals(ks, out);
        byte[] block = new byte[64];
        c.block(0, block, 0);
        assertArrayEquals(hex(v.get("poly1305Key").asText()), Arrays.copyOf(block, 32));
    }

    @Test
    void matchesBouncyCastle() {
        Random rnd = new Random(8439);
        ChaCha20 ours = new ChaCha20();
        for (int len : LENGTHS) {
            for (int rep = 0; rep < 3; rep++) {
                byte[] key = new byte[32];
                byte[] nonce = new byte[12];
                rnd.nextBytes(key);
                rnd.nextBytes(nonce);
                byte[] pt = new byte[len];
                rnd.nextBytes(pt);
                int counter = rep == 2 ? 7 : rep;
                ChaCha7539Engine bc = new ChaCha7539Engine();
                bc.init(true, new ParametersWithIV(new KeyParameter(key), nonce));
                bc.skip(64L * counter);
                byte[] expected = new byte[len];
                bc.processBytes(pt, 0, len, expected, 0);

                ours.setKey(key, 0);
                ours.setNonce(nonce, 0);
                byte[] out = new byte[len + 5];
                ours.xor(counter, pt, 0, len, out, 5);
                assertArrayEquals(expected, Arrays.copyOfRange(out, 5, 5 + len), "len " + len);

                byte[] inPlace = new byte[len + 2];
                System.arraycopy(pt, 0, inPlace, 2, len);
                ours.xor(counter, inPlace, 2, len, inPlace, 2);
                assertArrayEquals(expected, Arrays.copyOfRange(inPlace, 2, 2 + len), "in place len " + len);
            }
        }
    }

    @Test
    void streamingByBlocksEqualsOneShot() {
        Random rnd = new Random(1);
        byte[] key = new byte[32];
        byte[] nonce = new byte[12];
        rnd.nextBytes(key);
        rnd.nextBytes(nonce);
        byte[] pt = new byte[1000];
        rnd.nextBytes(pt);
        ChaCha20 c = new ChaCha20();
        c.setKey(key, 0);
        c.setNonce(nonce, 0);
        byte[] one = new byte[1000];
        c.xor(1, pt, 0, 1000, one, 0);
        byte[] parts = new byte[1000];
        int ctr = c.xor(1, pt, 0, 128, parts, 0);
        ctr = c.xor(ctr, pt, 128, 64, parts, 128);
        c.xor(ctr, pt, 192, 808, parts, 192);
        assertArrayEquals(one, parts);
    }
}
