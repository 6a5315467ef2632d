package io.tailnode.stun;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.testing.Fuzz;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * Fuzz target "stun" (docs/fuzzing.md): {@link StunResponse#parse} on mutated responses placed between guard
 * bytes. Never throws, never writes to the input; a refusal leaves the previous result; an acceptance agrees with
 * an independent model (header rules, FINGERPRINT via java.util.zip, XOR decoding via ByteBuffer). Half the
 * inputs get header length and FINGERPRINT fixed so mutations reach the attribute walk.
 */
class StunFuzzTest {
    static final byte[] TX = HexFormat.of().parseHex("b7e7a701bc34d686fa87dfae");

    static byte[] fix(byte[] in) {
        if (in.length < 28 || (in.length & 3) != 0) {
            return in;
        }
        byte[] b = in.clone();
        b[2] = (byte) ((b.length - 20) >>> 8);
        b[3] = (byte) (b.length - 20);
        int at = b.length - 8;
        if ((b[at] & 0xFF) == 0x80 && b[at + 1] == 0x28) {
            CRC32 c = new CRC32();
            c.update(b, 0, at);
            ByteBuffer.wrap(b, at + 4, 4).putInt((int) c.getValue() ^ 0x5354554E);
        }
        return b;
    }

    static void property(byte[] input) {
        Fuzz.Guarded g = new Fuzz.Guarded(input, 9, 9, input.length);
        StunResponse r = new StunResponse();
        // A known previous result that a refusal must keep.
        byte[] seed = HexFormat.of().parseHex("0101000c2112a442b7e7a701bc34d686fa87dfae000100080001" + "0d05c6120007");
        assertEquals(StunReason.OK, r.parse(seed, 0, seed.length, TX, 0));
        int res = r.parse(g.buf, g.off, g.len, TX, 0);
        assertTrue(g.unchanged(), "input untouched");
        assertTrue(res == StunReason.OK || (res < 0 && res > -StunReason.COUNT), "known result " + res);
        if (res != StunReason.OK) {
            assertEquals(4, r.family());
            assertEquals(3333, r.port());
            return;
        }
        // Independent model of an accepted message.
        ByteBuffer m = ByteBuffer.wrap(input);
        assertTrue(input.length >= 20 && (m.getShort(2) & 0xFFFF) + 20 == input.length);
        assertEquals(0x0101, m.getShort(0) & 0xFFFF);
        assertEquals(0x2112A442, m.getInt(4));
        assertArrayEquals(TX, Arrays.copyOfRange(input, 8, 20));
        int p = 20;
        int xor = -1;
        int alt = -1;
        int mapped = -1;
        while (p < input.length) {
            int t = m.getShort(p) & 0xFFFF;
            int l = m.getShort(p + 2) & 0xFFFF;
            boolean ok = (l == 8 && input[p + 5] == 1) || (l == 20 && input[p + 5] == 2);
            if (t == 0x0020 && xor < 0) {
                xor = ok ? p : -2;
            } else if (t == 0x8020 && alt < 0) {
                alt = ok ? p : -2;
            } else if (t == 0x0001 && mapped < 0) {
                mapped = ok ? p : -2;
            } else if (t == 0x8028) {
                CRC32 c = new CRC32();
                c.update(input, 0, p);
                assertEquals((int) c.getValue() ^ 0x5354554E, m.getInt(p + 4));
                assertEquals(input.length, p + 8, "FINGERPRINT last");
            }
            p += 4 + ((l + 3) & ~3);
        }
        int at = xor >= 0 ? xor : alt >= 0 ? alt : mapped;
        boolean isXor = at == xor || at == alt;
        int n = input[at + 5] == 1 ? 4 : 16;
        assertEquals(n == 4 ? 4 : 6, r.family());
        int port = m.getShort(at + 6) & 0xFFFF;
        assertEquals(isXor ? port ^ 0x2112 : port, r.port());
        for (int i = 0; i < n; i++) {
            assertEquals((byte) (input[at + 8 + i] ^ (isXor ? input[4 + i] : 0)), r.address()[i]);
        }
    }

    @Test
    void fuzzResponses() {
        Fuzz.Report rep = Fuzz.run("stun", java.util.List.of(), StunFuzzTest::fix, StunFuzzTest::property);
        assertTrue(rep.seeds >= 6 && rep.runs > 0, rep.toString());
    }
}
