package io.tailnode.ip.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InetChecksumTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    @Test
    void rfc1071Example() {
        // RFC 1071 §3: 0001 f203 f4f5 f6f7 sums to ddf2 (with carries), checksum ~ddf2 = 220d.
        assertEquals(0x220d, InetChecksum.of(hex("0001f203f4f5f6f7"), 0, 8));
    }

    @Test
    void knownIpv4Header() {
        byte[] h = hex("450000730000400040110000c0a80001c0a800c7");
        assertEquals(0xb861, InetChecksum.of(h, 0, 20));
        h[10] = (byte) 0xb8;
        h[11] = 0x61;
        assertEquals(0, InetChecksum.of(h, 0, 20));
    }

    @Test
    void oddLengthPadsWithZero() {
        assertEquals(InetChecksum.of(hex("0102030400"), 0, 5), InetChecksum.of(hex("01020304"), 0, 4));
        assertEquals(InetChecksum.of(hex("abcdef00"), 0, 4), InetChecksum.of(hex("abcdef"), 0, 3));
        assertEquals(0xffff, InetChecksum.of(new byte[0], 0, 0));
    }

    @Test
    void agreesWithAReferenceOnRandomInputUpTo64k() {
        Random rnd = new Random(1);
        for (int i = 0; i < 300; i++) {
            int len = i < 100 ? i : rnd.nextInt(65536);
            byte[] b = new byte[len];
            rnd.nextBytes(b);
            if (i % 7 == 0) {
                java.util.Arrays.fill(b, (byte) 0xff);
            }
            int sum = 0;
            for (int k = 0; k < len; k += 2) {
                sum += ((b[k] & 0xff) << 8) | (k + 1 < len ? b[k + 1] & 0xff : 0);
                sum = (sum & 0xffff) + (sum >>> 16);
            }
            assertEquals(~sum & 0xffff, InetChecksum.of(b, 0, len), "len " + len);
        }
    }

    @Test
    void ipv6PseudoHeaderOfTheCapturedEcho() {
        byte[] p = hex("600058a000403a40fd7a115ca1e000000000000000000002fd7a115ca1e000000000000000000001"
                + "8000e58f3286000183b1086b000000009bb20b0000000000"
                + "5461696c6e6f64655461696c6e6f64655461696c6e6f64655461696c6e6f64655461696c6e6f6465");
        long pseudo = InetChecksum.ipv6PseudoHeader(p, 8, 24, 64, 58);
        assertEquals(0, InetChecksum.finish(InetChecksum.add(pseudo, p, 40, 64)));
    }
}
