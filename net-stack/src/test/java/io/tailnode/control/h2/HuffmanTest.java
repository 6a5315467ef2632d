package io.tailnode.control.h2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class HuffmanTest {
    @Test
    void everySymbolRoundTripsAloneAndInRuns() {
        byte[] out = new byte[512];
        for (int s = 0; s < 256; s++) {
            for (int n = 1; n <= 3; n++) {
                byte[] in = new byte[n];
                java.util.Arrays.fill(in, (byte) s);
                byte[] enc = TestBytes.huffman(in);
                int r = Huffman.decode(enc, 0, enc.length, out, 0, out.length);
                assertEquals(n, r, "symbol " + s);
                assertArrayEquals(in, java.util.Arrays.copyOf(out, r));
            }
        }
        byte[] all = new byte[256];
        for (int s = 0; s < 256; s++) {
            all[s] = (byte) s;
        }
        byte[] enc = TestBytes.huffman(all);
        assertEquals(256, Huffman.decode(enc, 0, enc.length, out, 0, out.length));
        assertArrayEquals(all, java.util.Arrays.copyOf(out, 256));
    }

    @Test
    void randomStringsRoundTrip() {
        Random rnd = new Random(7541);
        byte[] out = new byte[2048];
        for (int i = 0; i < 500; i++) {
            byte[] in = new byte[rnd.nextInt(300)];
            rnd.nextBytes(in);
            byte[] enc = TestBytes.huffman(in);
            int r = Huffman.decode(enc, 0, enc.length, out, 0, out.length);
            assertArrayEquals(in, java.util.Arrays.copyOf(out, r));
        }
    }

    @Test
    void codeIsCanonicalAndComplete() {
        double kraft = 0;
        for (int s = 0; s <= Huffman.EOS; s++) {
            kraft += Math.pow(2, -Huffman.codeLength(s));
        }
        assertEquals(1.0, kraft, 1e-12);
        assertEquals(0x3fffffff, Huffman.code(Huffman.EOS));
        assertEquals(30, Huffman.codeLength(Huffman.EOS));
        assertEquals(0x1ff8, Huffman.code(0)); // Appendix B first row
        assertEquals(0x0, Huffman.code('0'));
        assertEquals(5, Huffman.codeLength('0'));
    }

    @Test
    void outputBoundIsEnforced() {
        byte[] enc = TestBytes.huffman(TestBytes.ascii("hello"));
        byte[] out = new byte[4];
        assertEquals(H2Reason.HEADER_LIST_TOO_LARGE, Huffman.decode(enc, 0, enc.length, out, 0, 4));
    }
}
