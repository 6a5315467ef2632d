package io.tailnode.crypto;

import static io.tailnode.testing.Vectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.tailnode.testing.Vectors;
import java.util.Random;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;

class Poly1305Test {
    private static final JsonNode RFC = Vectors.json("rfc8439.json").get("sections");

    static byte[] mac(io.tailnode.crypto.Poly1305 p, byte[] key, byte[] msg) {
        p.init(key, 0);
        p.update(msg, 0, msg.length);
        byte[] tag = new byte[16];
        p.finish(tag, 0);
        return tag;
    }

    /** Same MAC fed in uneven pieces (exercises the partial-block buffer). */
    static byte[] macChunked(io.tailnode.crypto.Poly1305 p, byte[] key, byte[] msg, Random rnd) {
        p.init(key, 0);
        int off = 0;
        while (off < msg.length) {
            int n = Math.min(msg.length - off, rnd.nextInt(40));
            p.update(msg, off, n);
            off += n;
        }
        byte[] tag = new byte[18];
        p.finish(tag, 2);
        return java.util.Arrays.copyOfRange(tag, 2, 18);
    }

    @Test
    void rfc8439A3AllVectorsIncludingEdgeCases() {
        io.tailnode.crypto.Poly1305 p = new io.tailnode.crypto.Poly1305();
        Random rnd = new Random(3);
        int n = 0;
        for (JsonNode v : RFC.get("A.3").get("vectors")) {
            byte[] key = hex(v.get("key").asText());
            byte[] msg = hex(v.get("msg").asText());
            byte[] tag = hex(v.get("tag").asText());
            assertArrayEquals(tag, mac(p, key, msg), "A.3 #" + v.get("tcId"));
            assertArrayEquals(tag, macChunked(p, key, msg, rnd), "A.3 chunked #" + v.get("tcId"));
            n++;
        }
        assertEquals(11, n);
    }

    @Test
    void rfc8439AeadMacInputs() {
        io.tailnode.crypto.Poly1305 p = new io.tailnode.crypto.Poly1305();
        JsonNode s = RFC.get("2.8.2");
        assertArrayEquals(hex(s.get("tag").asText()),
                mac(p, hex(s.get("poly1305Key").asText()), hex(s.get("poly1305Input").asText())));
        JsonNode a5 = RFC.get("A.5");
        assertArrayEquals(hex(a5.get("calculatedTag").asText()),
                mac(p, hex(a5.get("poly1305Key").asText()), hex(a5.get("poly1305Input").asText())));
    }

    @Test
    void matchesBouncyCastle() {
        Random rnd = new Random(1305);
        io.tailnode.crypto.Poly1305 ours = new io.tailnode.crypto.Poly1305();
        for (int len : ChaCha20Test.LENGTHS) {
            for (int rep = 0; rep < 4; rep++) {
                byte[] key = new byte[32];
                rnd.nextBytes(key);
                if (rep == 3) {
                    java.util.Arrays.fill(key, 0, 16, (byte) 0xff); // maximal r after clamping
                }
                byte[] msg = new byte[len];
                if (rep == 2) {
                    java.util.Arrays.fill(msg, (byte) 0xff);
                } else {
                    rnd.nextBytes(msg);
                }
                Poly1305 bc = new Poly1305();
                bc.init(new KeyParameter(key));
                bc.update(msg, 0, len);
                byte[] expected = new byte[16];
                bc.doFinal(expected, 0);
                assertArrayEquals(expected, mac(ours, key, msg), "len " + len);
                assertArrayEquals(expected, macChunked(ours, key, msg, rnd), "chunked len " + len);
            }
        }
    }
}
