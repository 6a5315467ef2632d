package io.tailnode.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import io.tailnode.testing.Vectors;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.bouncycastle.crypto.digests.Blake2sDigest;
import org.junit.jupiter.api.Test;

class Blake2sTest {
    private static final int[] LENGTHS = {0, 1, 15, 16, 17, 63, 64, 65, 127, 128, 129, 1420, 65536};

    private static byte[] ours(int outLen, byte[] key, byte[] in) {
        Blake2s b = new Blake2s();
        b.init(outLen, key, 0, key.length);
        b.update(in, 0, in.length);
        byte[] out = new byte[outLen];
        assertEquals(outLen, b.doFinal(out, 0));
        return out;
    }

    private static byte[] bc(int outLen, byte[] key, byte[] in) {
        Blake2sDigest d = key.length == 0
                ? new Blake2sDigest(outLen * 8)
                : new Blake2sDigest(key, outLen, null, null);
        d.update(in, 0, in.length);
        byte[] out = new byte[outLen];
        d.doFinal(out, 0);
        return out;
    }

    @Test
    void unkeyedKnownAnswers() {
        JsonNode all = Vectors.json("blake2s-unkeyed-kat.json");
        assertEquals(256, all.size());
        Blake2s b = new Blake2s();
        for (JsonNode v : all) {
            assertEquals("blake2s", v.get("hash").asText());
            assertEquals("", v.get("key").asText());
            byte[] in = Vectors.hex(v.get("in").asText());
            byte[] expected = Vectors.hex(v.get("out").asText());
            b.init(32);
            b.update(in, 0, in.length);
            byte[] out = new byte[32];
            b.doFinal(out, 0);
            assertArrayEquals(expected, out, "unkeyed len " + in.length);
        }
    }

    static List<byte[][]> keyedKat() throws IOException {
        List<byte[][]> cases = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(Vectors.open("blake2s-kat.txt"), StandardCharsets.US_ASCII))) {
            byte[] in = null;
            byte[] key = null;
            String line;
            while ((line = r.readLine()) != null) {
                line = line.trim();
                if (line.startsWith("in:")) {
                    in = Vectors.hex(line.substring(3).trim());
                } else if (line.startsWith("key:")) {
                    key = Vectors.hex(line.substring(4).trim());
                } else if (line.startsWith("hash:")) {
                    cases.add(new byte[][] {in, key, Vectors.hex(line.substring(5).trim())});
                    in = null;
                    key = null;
                }
            }
        }
        return cases;
    }

    @Test
    void keyedKnownAnswers() throws IOException {
        List<byte[][]> cases = keyedKat();
        assertEquals(256, cases.size());
        Blake2s b = new Blake2s();
        byte[] out = new byte[32];
        for (int i = 0; i < cases.size(); i++) {
            byte[][] c = cases.get(i);
            assertEquals(i, c[0].length);
            b.init(32, c[1], 0, c[1].length);
            b.update(c[0], 0, c[0].length);
            b.doFinal(out, 0);
            assertArrayEquals(c[2], out, "keyed len " + i);
            // The one-shot MAC helper must agree.
            byte[] mac = new byte[32];
            assertEquals(32, b.mac(c[1], 0, c[1].length, c[0], 0, c[0].length, mac, 0, 32));
            assertArrayEquals(c[2], mac);
        }
    }

    @Test
    void keyedKnownAnswersAtOffsets() throws IOException {
        // Same KAT with key, input and output in the middle of bigger arrays.
        Blake2s b = new Blake2s();
        for (byte[][] c : keyedKat()) {
            byte[] key = new byte[c[1].length + 7];
            System.arraycopy(c[1], 0, key, 5, c[1].length);
            byte[] in = new byte[c[0].length + 9];
            System.arraycopy(c[0], 0, in, 3, c[0].length);
            byte[] out = new byte[40];
            b.mac(key, 5, c[1].length, in, 3, c[0].length, out, 4, 32);
            assertArrayEquals(c[2], Arrays.copyOfRange(out, 4, 36));
            assertEquals(0, out[0] | out[1] | out[2] | out[3] | out[36] | out[37] | out[38] | out[39]);
        }
    }

    @Test
    void differentialAgainstBouncyCastle() {
        Random rnd = new Random(7693);
        for (int outLen : new int[] {16, 32, 1, 20, 31}) {
            for (int keyLen : new int[] {0, 1, 16, 32}) {
                for (int len : LENGTHS) {
                    byte[] key = new byte[keyLen];
                    rnd.nextBytes(key);
                    byte[] in = new byte[len];
                    rnd.nextBytes(in);
                    assertArrayEquals(bc(outLen, key, in), ours(outLen, key, in),
                            "outLen " + outLen + " keyLen " + keyLen + " len " + len);
                }
            }
        }
    }

    @Test
    void incrementalEqualsOneShot() {
        Random rnd = new Random(1);
        Blake2s b = new Blake2s();
        for (int trial = 0; trial < 400; trial++) {
            int len = trial < 200 ? rnd.nextInt(300) : rnd.nextInt(5000);
            byte[] in = new byte[len];
            rnd.nextBytes(in);
            byte[] key = new byte[trial % 3 == 0 ? 0 : 1 + rnd.nextInt(32)];
            rnd.nextBytes(key);
            int outLen = trial % 2 == 0 ? 32 : 16;
            byte[] expected = ours(outLen, key, in);
            b.init(outLen, key, 0, key.length);
            int off = 0;
            while (off < len) {
                int n = rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(Math.min(len - off, 130) + 1);
                if (rnd.nextInt(8) == 0 && n > 0) {
                    b.update(in[off]);
                    n = 1;
                } else {
                    b.update(in, off, n);
                }
                off += n;
            }
            byte[] out = new byte[outLen];
            b.doFinal(out, 0);
            assertArrayEquals(expected, out, "trial " + trial);
        }
    }

    @Test
    void concatenationIsTwoUpdates() {
        Random rnd = new Random(2);
        byte[] a = new byte[32];
        byte[] c = new byte[48];
        rnd.nextBytes(a);
        rnd.nextBytes(c);
        byte[] both = new byte[80];
        System.arraycopy(a, 0, both, 0, 32);
        System.arraycopy(c, 0, both, 32, 48);
        Blake2s b = new Blake2s();
        b.init(32);
        b.update(a, 0, 32);
        b.update(c, 0, 48);
        byte[] out = new byte[32];
        b.doFinal(out, 0);
        assertArrayEquals(ours(32, new byte[0], both), out);
    }

    @Test
    void doFinalRestartsWithSameParameters() {
        Random rnd = new Random(3);
        byte[] key = new byte[32];
        rnd.nextBytes(key);
        Blake2s b = new Blake2s();
        for (byte[] k : new byte[][] {new byte[0], key}) {
            b.init(16, k, 0, k.length);
            for (int len : LENGTHS) {
                byte[] in = new byte[len];
                rnd.nextBytes(in);
                b.update(in, 0, len);
                byte[] out = new byte[16];
                b.doFinal(out, 0);
                assertArrayEquals(bc(16, k, in), out, "reuse len " + len);
            }
            // Empty message after reuse.
            byte[] out = new byte[16];
            b.doFinal(out, 0);
            assertArrayEquals(bc(16, k, new byte[0]), out);
        }
    }

    @Test
    void keyCopiedAtInit() {
        byte[] key = new byte[32];
        new Random(4).nextBytes(key);
        byte[] expected = bc(32, key.clone(), new byte[] {1, 2, 3});
        Blake2s b = new Blake2s();
        b.init(32, key, 0, 32);
        Arrays.fill(key, (byte) 0);
        b.update(new byte[] {1, 2, 3}, 0, 3);
        byte[] out = new byte[32];
        b.doFinal(out, 0);
        assertArrayEquals(expected, out);
    }

    @Test
    void outputMayAliasInput() {
        byte[] in = new byte[100];
        new Random(5).nextBytes(in);
        byte[] expected = bc(32, new byte[0], in);
        Blake2s b = new Blake2s();
        b.init(32);
        b.update(in, 0, 100);
        b.doFinal(in, 10);
        assertArrayEquals(expected, Arrays.copyOfRange(in, 10, 42));
    }

    @Test
    void wipeThenInit() {
        Blake2s b = new Blake2s();
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 9);
        b.init(32, key, 0, 32);
        b.update(key, 0, 10);
        b.wipe();
        b.init(32);
        byte[] out = new byte[32];
        b.doFinal(out, 0);
        assertArrayEquals(bc(32, new byte[0], new byte[0]), out);
    }

    @Test
    void rejectsBadParameters() {
        Blake2s b = new Blake2s();
        assertThrows(IllegalArgumentException.class, () -> b.init(0));
        assertThrows(IllegalArgumentException.class, () -> b.init(33));
        assertThrows(IllegalArgumentException.class, () -> b.init(32, new byte[33], 0, 33));
        assertThrows(IllegalArgumentException.class, () -> b.init(32, new byte[1], 0, -1));
    }
}
