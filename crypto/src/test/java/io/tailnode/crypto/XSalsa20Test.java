package io.tailnode.crypto;

import static io.tailnode.testing.Vectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.tailnode.testing.Vectors;
import java.util.Arrays;
import java.util.Random;
import org.bouncycastle.crypto.engines.XSalsa20Engine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.junit.jupiter.api.Test;

class XSalsa20Test {

    @Test
    void differentialAgainstBouncyCastle() {
        Random rnd = new Random(20);
        XSalsa20 x = new XSalsa20();
        int[] lengths = {0, 1, 15, 16, 17, 63, 64, 65, 1420, 65536};
        for (int len : lengths) {
            for (int rep = 0; rep < 3; rep++) {
                byte[] key = new byte[32], nonce = new byte[24], in = new byte[len];
                rnd.nextBytes(key);
                rnd.nextBytes(nonce);
                rnd.nextBytes(in);
                XSalsa20Engine bc = new XSalsa20Engine();
                bc.init(true, new ParametersWithIV(new KeyParameter(key), nonce));
                byte[] expect = new byte[len];
                bc.processBytes(in, 0, len, expect, 0);

                byte[] out = new byte[len + 3];
                x.init(key, 0, nonce, 0);
                x.process(in, 0, len, out, 3);
                assertArrayEquals(expect, Arrays.copyOfRange(out, 3, 3 + len), "len " + len);

                // In place, in random-sized pieces (continuing mid-block), with offsets on key and nonce.
                byte[] k2 = new byte[40], n2 = new byte[30];
                System.arraycopy(key, 0, k2, 7, 32);
                System.arraycopy(nonce, 0, n2, 5, 24);
                byte[] buf = in.clone();
                x.init(k2, 7, n2, 5);
                int off = 0;
                while (off < len) {
                    int piece = Math.min(len - off, rnd.nextInt(150));
                    x.process(buf, off, piece, buf, off);
                    off += piece;
                }
                assertArrayEquals(expect, buf, "split len " + len);
            }
        }
    }

    @Test
    void hsalsa20GivesNaclBeforenm() {
        // beforenm = HSalsa20(shared secret, 16 zero bytes) ("Cryptography in NaCl" example).
        JsonNode v = Vectors.json("nacl-box.json").get("crypto_box").get(0);
        byte[] out = new byte[32];
        new HSalsa20().derive(out, 0, hex(v.get("sharedSecret").asText()), 0, new byte[16], 0);
        assertArrayEquals(hex(v.get("beforenm").asText()), out);
    }
}
