package io.tailnode.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.tailnode.testing.Vectors;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NoiseKdfTest {
    @Test
    void wireguardGoVectors() {
        JsonNode vs = Vectors.json("kdf-vectors.json").get("vectors");
        assertEquals(3, vs.size());
        NoiseKdf kdf = new NoiseKdf();
        for (JsonNode v : vs) {
            byte[] key = Vectors.hex(v.get("key").asText());
            byte[] in = Vectors.hex(v.get("input").asText());
            byte[] t0 = Vectors.hex(v.get("t0").asText());
            byte[] t1 = Vectors.hex(v.get("t1").asText());
            byte[] t2 = Vectors.hex(v.get("t2").asText());
            String id = "tcId " + v.get("tcId").asInt();

            byte[] a = new byte[32];
            byte[] b = new byte[32];
            byte[] c = new byte[32];
            kdf.kdf3(key, 0, key.length, in, 0, in.length, a, 0, b, 0, c, 0);
            assertArrayEquals(t0, a, id);
            assertArrayEquals(t1, b, id);
            assertArrayEquals(t2, c, id);

            Arrays.fill(a, (byte) 0);
            Arrays.fill(b, (byte) 0);
            kdf.kdf2(key, 0, key.length, in, 0, in.length, a, 0, b, 0);
            assertArrayEquals(t0, a, id);
            assertArrayEquals(t1, b, id);

            Arrays.fill(a, (byte) 0);
            kdf.kdf1(key, 0, key.length, in, 0, in.length, a, 0);
            assertArrayEquals(t0, a, id);

            // Outputs packed into one array at offsets, as a handshake state would hold them.
            byte[] packed = new byte[100];
            kdf.kdf3(key, 0, key.length, in, 0, in.length, packed, 1, packed, 33, packed, 65);
            assertArrayEquals(t0, Arrays.copyOfRange(packed, 1, 33), id);
            assertArrayEquals(t1, Arrays.copyOfRange(packed, 33, 65), id);
            assertArrayEquals(t2, Arrays.copyOfRange(packed, 65, 97), id);
        }
    }

    /** Reference straight from the definition with the (BC-checked) HMAC. */
    private static byte[][] reference(byte[] key, byte[] in) {
        byte[] prk = HmacBlake2sTest.bc(key, in);
        byte[] t1 = HmacBlake2sTest.bc(prk, new byte[] {1});
        byte[] m2 = Arrays.copyOf(t1, 33);
        m2[32] = 2;
        byte[] t2 = HmacBlake2sTest.bc(prk, m2);
        byte[] m3 = Arrays.copyOf(t2, 33);
        m3[32] = 3;
        byte[] t3 = HmacBlake2sTest.bc(prk, m3);
        return new byte[][] {t1, t2, t3};
    }

    @Test
    void outputMayAliasChainingKey() {
        Random rnd = new Random(54);
        NoiseKdf kdf = new NoiseKdf();
        for (int trial = 0; trial < 20; trial++) {
            byte[] ck = new byte[32];
            rnd.nextBytes(ck);
            byte[] dh = new byte[32 + trial];
            rnd.nextBytes(dh);
            byte[][] ref = reference(ck, dh);

            // (ck, k) = KDF2(ck, dh): first output over the key.
            byte[] state = ck.clone();
            byte[] k = new byte[32];
            kdf.kdf2(state, 0, 32, dh, 0, dh.length, state, 0, k, 0);
            assertArrayEquals(ref[0], state);
            assertArrayEquals(ref[1], k);

            // ck = KDF1(ck, in)
            state = ck.clone();
            kdf.kdf1(state, 0, 32, dh, 0, dh.length, state, 0);
            assertArrayEquals(ref[0], state);

            // (ck, t, k) = KDF3(ck, psk), with the second output over the key instead.
            state = ck.clone();
            byte[] o1 = new byte[32];
            byte[] o3 = new byte[32];
            kdf.kdf3(state, 0, 32, dh, 0, dh.length, o1, 0, state, 0, o3, 0);
            assertArrayEquals(ref[0], o1);
            assertArrayEquals(ref[1], state);
            assertArrayEquals(ref[2], o3);

            // Key and input in one array, output over the input.
            byte[] buf = new byte[32 + dh.length];
            System.arraycopy(ck, 0, buf, 0, 32);
            System.arraycopy(dh, 0, buf, 32, dh.length);
            kdf.kdf2(buf, 0, 32, buf, 32, dh.length, buf, 32, buf, 0);
            assertArrayEquals(ref[0], Arrays.copyOfRange(buf, 32, 64));
            assertArrayEquals(ref[1], Arrays.copyOfRange(buf, 0, 32));
        }
    }

    @Test
    void emptyInputAsInMixKeyOfEmptyPsk() {
        byte[] ck = new byte[32];
        new Random(3).nextBytes(ck);
        byte[][] ref = reference(ck, new byte[0]);
        byte[] a = new byte[32];
        byte[] b = new byte[32];
        new NoiseKdf().kdf2(ck, 0, 32, null, 0, 0, a, 0, b, 0);
        assertArrayEquals(ref[0], a);
        assertArrayEquals(ref[1], b);
    }
}
