package io.tailnode.lang;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Base64 round trips against java.util.Base64 (standard alphabet, padded), and strict rejection. */
class Base64Test {
    @Test
    void matchesJdkAtEveryLength() {
        Random rnd = new Random(42);
        for (int len = 0; len <= 300; len++) {
            byte[] in = new byte[len];
            rnd.nextBytes(in);
            String jdk = java.util.Base64.getEncoder().encodeToString(in);
            byte[] out = new byte[Base64.encodedLength(len) + 2];
            int n = Base64.encode(in, 0, len, out, 1);
            assertEquals(jdk.length(), n);
            assertEquals(jdk, new String(out, 1, n, StandardCharsets.US_ASCII));
            byte[] back = new byte[n / 4 * 3 + 1];
            int m = Base64.decode(out, 1, n, back, 1);
            assertEquals(len, m);
            assertArrayEquals(in, Arrays.copyOfRange(back, 1, 1 + m));
        }
    }

    @Test
    void initiationIs136Characters() {
        assertEquals(136, Base64.encodedLength(101));
    }

    @Test
    void rejectsMalformed() {
        for (String s : new String[] {"A", "AB", "ABC", "AB=C", "A===", "====", "AB==CD==", "AB*D", "AB D", "QQ=A",
                "QR==", "QUJ=", "QUI=QUJD"}) {
            byte[] in = s.getBytes(StandardCharsets.US_ASCII);
            assertEquals(Base64.INVALID, Base64.decode(in, 0, in.length, new byte[16], 0), s);
        }
    }
}
