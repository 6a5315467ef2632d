package io.tailnode.crypto;

import static io.tailnode.testing.Vectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.tailnode.testing.Vectors;
import java.util.Random;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;

/** Tests of the placeholder Poly1305 (RFC 8439 §2.5.2, A.3, §2.8.2 MAC input; BC differential). */
class Poly1305Test {
    private final Poly1305 p = new Poly1305();

    private byte[] mac(byte[] key, byte[] msg) {
        p.init(key, 0);
        p.update(msg, 0, msg.length);
        byte[] t = new byte[16];
        p.finish(t, 0);
        return t;
    }

    @Test
    void rfc8439Section252() {
        byte[] key = hex("85d6be7857556d337f4452fe42d506a80103808afb0db2fd4abff6af4149f51b");
        byte[] msg = "Cryptographic Forum Research Group".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertArrayEquals(hex("a8061dc1305136c6c22b8baf0c0127a9"), mac(key, msg));
    }

    @Test
    void rfc8439AppendixA3AndSection282() {
        JsonNode s = Vectors.json("rfc8439.json").get("sections");
        int n = 0;
        for (JsonNode v : s.get("A.3").get("vectors")) {
            assertArrayEquals(hex(v.get("tag").asText()), mac(hex(v.get("key").asText()), hex(v.get("msg").asText())),
                    "A.3 #" + v.get("tcId"));
            n++;
        }
        assertEquals(11, n);
        JsonNode a = s.get("2.8.2");
        assertArrayEquals(hex(a.get("tag").asText()),
                mac(hex(a.get("poly1305Key").asText()), hex(a.get("poly1305Input").asText())));
    }

    @Test
    void differentialAgainstBouncyCastleWithSplitUpdates() {
        Random rnd = new Random(1305);
        int[] lengths = {0, 1, 15, 16, 17, 63, 64, 65, 1420, 65536};
        for (int len : lengths) {
            for (int rep = 0; rep < 5; rep++) {
                byte[] key = new byte[32], msg = new byte[len];
                rnd.nextBytes(key);
                rnd.nextBytes(msg);
                if (rep == 0) {
                    java.util.Arrays.fill(msg, (byte) 0xFF); // carry-heavy input
                }
                org.bouncycastle.crypto.macs.Poly1305 bc = new org.bouncycastle.crypto.macs.Poly1305();
                bc.init(new KeyParameter(key));
                bc.update(msg, 0, len);
                byte[] expect = new byte[16];
                bc.doFinal(expect, 0);
                assertArrayEquals(expect, mac(key, msg), "len " + len);
                // Same message in random-sized pieces.
                p.init(key, 0);
                int off = 0;
                while (off < len) {
                    int piece = Math.min(len - off, rnd.nextInt(40));
                    p.update(msg, off, piece);
                    off += piece;
                }
                byte[] t = new byte[16];
                p.finish(t, 0);
                assertArrayEquals(expect, t, "split len " + len);
            }
        }
    }
}
