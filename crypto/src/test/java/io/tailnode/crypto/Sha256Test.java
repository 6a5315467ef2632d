package io.tailnode.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * SHA-256 against the FIPS 180-4 / NIST CAVP examples (SHA256.pdf example values: "abc", the 448-bit two-block
 * message, one million 'a') and differentially against the JDK's MessageDigest (tests may use the JDK).
 */
class Sha256Test {
    private static final int[] LENGTHS = {0, 1, 55, 56, 63, 64, 65, 1420, 65536};

    private static byte[] sha(byte[] in) {
        Sha256 s = new Sha256();
        s.update(in, 0, in.length);
        byte[] out = new byte[32];
        assertEquals(32, s.doFinal(out, 0));
        return out;
    }

    private static byte[] jdk(byte[] in, int off, int len) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update(in, off, len);
        return md.digest();
    }

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    @Test
    void abc() {
        assertArrayEquals(hex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
                sha("abc".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void twoBlock448BitMessage() {
        assertArrayEquals(hex("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
                sha("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void empty() {
        assertArrayEquals(hex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"), sha(new byte[0]));
    }

    @Test
    void oneMillionA() {
        byte[] a = new byte[1000];
        java.util.Arrays.fill(a, (byte) 'a');
        Sha256 s = new Sha256();
        for (int i = 0; i < 1000; i++) {
            s.update(a, 0, a.length);
        }
        byte[] out = new byte[32];
        s.doFinal(out, 0);
        assertArrayEquals(hex("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"), out);
        // Byte-at-a-time path too.
        for (int i = 0; i < 1_000_000; i++) {
            s.update((byte) 'a');
        }
        s.doFinal(out, 0);
        assertArrayEquals(hex("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"), out);
    }

    @Test
    void matchesJdkAtBoundaryLengths() throws Exception {
        Random rnd = new Random(256);
        Sha256 s = new Sha256();
        byte[] out = new byte[40];
        for (int len : LENGTHS) {
            for (int rep = 0; rep < 4; rep++) {
                byte[] in = new byte[len + 7];
                rnd.nextBytes(in);
                s.update(in, 3, len);
                s.doFinal(out, 5);
                byte[] got = java.util.Arrays.copyOfRange(out, 5, 37);
                assertArrayEquals(jdk(in, 3, len), got, "len " + len);
            }
        }
    }

    @Test
    void splitUpdatesMatchOneShot() throws Exception {
        Random rnd = new Random(7);
        Sha256 s = new Sha256();
        byte[] out = new byte[32];
        for (int len : LENGTHS) {
            byte[] in = new byte[len];
            rnd.nextBytes(in);
            for (int trial = 0; trial < 20; trial++) {
                int pos = 0;
                while (pos < len) {
                    int n = Math.min(len - pos, rnd.nextInt(130));
                    if (n == 1 && rnd.nextBoolean()) {
                        s.update(in[pos]);
                    } else {
                        s.update(in, pos, n);
                    }
                    pos += n;
                }
                s.doFinal(out, 0);
                assertArrayEquals(jdk(in, 0, len), out, "len " + len);
            }
        }
    }

    @Test
    void resetDiscardsPartialMessage() throws Exception {
        Sha256 s = new Sha256();
        byte[] junk = new byte[100];
        s.update(junk, 0, 77);
        s.reset();
        byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
        s.update(abc, 0, 3);
        byte[] out = new byte[32];
        s.doFinal(out, 0);
        assertArrayEquals(jdk(abc, 0, 3), out);
    }
}
