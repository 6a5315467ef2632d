package io.tailnode.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.testing.Vectors;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Tai64nTest {
    private static String enc(long millis, int extraNanos, boolean whiten) {
        byte[] out = new byte[12];
        Tai64n.encode(millis, extraNanos, whiten, out, 0);
        return Vectors.hex(out);
    }

    @Test
    void knownEncodings() {
        assertEquals("400000000000000a00000000", enc(0, 0, false));
        assertEquals("400000000000000a00000000", enc(0, 0, true));
        assertEquals("400000000000000b00000000", enc(1000, 0, false));
        // 1.5 s: 500,000,000 ns = 0x1dcd6500; whitened = 0x1d000000.
        assertEquals("400000000000000b1dcd6500", enc(1500, 0, false));
        assertEquals("400000000000000b1d000000", enc(1500, 0, true));
        // 2^31 s (past 2038) and a recent date: 1,700,000,000 s = 0x6553f100.
        assertEquals("400000008000000a00000000", enc(2147483648000L, 0, false));
        assertEquals("400000006553f10a000f4240", enc(1700000000001L, 0, false));
        // Sub-millisecond nanos: 999 ms + 999,999 ns = 999,999,999 ns = 0x3b9ac9ff.
        assertEquals("400000000000000a3b9ac9ff", enc(999, 999999, false));
        assertEquals("400000000000000a3b000000", enc(999, 999999, true));
        // Extra nanos carry into the seconds.
        assertEquals("400000000000000b00000001", enc(999, 1000001, false));
        // Before 1970: seconds floor, nanoseconds stay positive (-1 ms = second -1 + 999,000,000 ns).
        assertEquals("40000000000000093b8b87c0", enc(-1, 0, false));
        assertEquals("400000000000000900000000", enc(-1000, 0, false));
        assertEquals("400000000000000a00000000", enc(-1, 1000000, false));
    }

    @Test
    void writesAtOffsetOnly() {
        byte[] out = new byte[20];
        Arrays.fill(out, (byte) 0x77);
        Tai64n.encode(1500, 0, false, out, 4);
        assertEquals("77777777400000000000000b1dcd650077777777", Vectors.hex(out));
    }

    @Test
    void monotonicOrdering() {
        Random rnd = new Random(64);
        byte[] prev = new byte[12];
        byte[] cur = new byte[12];
        long t = 1700000000000L;
        Tai64n.encode(t, 0, false, prev, 0);
        for (int i = 0; i < 10000; i++) {
            t += 1 + rnd.nextInt(5000);
            Tai64n.encode(t, 0, false, cur, 0);
            assertTrue(Tai64n.compare(cur, 0, prev, 0) > 0);
            assertTrue(Tai64n.compare(prev, 0, cur, 0) < 0);
            assertTrue(Tai64n.isAfter(cur, 0, prev, 0));
            System.arraycopy(cur, 0, prev, 0, 12);
        }
        // Across the epoch and across a nanos byte boundary with the sign bit set in bytes.
        long[] ms = {-2000, -1001, -1000, -999, -1, 0, 1, 999, 1000, 1001, 128000, 255000, 256000};
        for (int i = 1; i < ms.length; i++) {
            byte[] a = new byte[12];
            byte[] b = new byte[12];
            Tai64n.encode(ms[i - 1], 0, false, a, 0);
            Tai64n.encode(ms[i], 0, false, b, 0);
            assertTrue(Tai64n.isAfter(b, 0, a, 0), "ms " + ms[i]);
        }
    }

    @Test
    void whiteningCollapsesCloseTimes() {
        // Like wireguard-go's TestMonotonic: times inside one 2^24 ns bucket compare equal, the next bucket is later.
        long base = 1700000000000L;
        byte[] start = new byte[12];
        byte[] same = new byte[12];
        byte[] next = new byte[12];
        Tai64n.encode(base, 0, true, start, 0);
        // base has 0 ms within its second, so the first bucket is [0, 2^24) ns.
        Tai64n.encode(base, Tai64n.WHITENER_MASK, true, same, 0);
        Tai64n.encode(base, Tai64n.WHITENER_MASK + 1, true, next, 0);
        assertEquals(0, Tai64n.compare(same, 0, start, 0));
        assertFalse(Tai64n.isAfter(same, 0, start, 0));
        assertTrue(Tai64n.isAfter(next, 0, start, 0));
    }

    @Test
    void compareIsUnsignedAndLexicographic() {
        byte[] a = Vectors.hex("400000000000000a00000080");
        byte[] b = Vectors.hex("400000000000000a0000007f");
        assertTrue(Tai64n.compare(a, 0, b, 0) > 0);
        byte[] c = Vectors.hex("400000000000000bffffffff");
        byte[] d = Vectors.hex("400000000000000c00000000");
        assertTrue(Tai64n.compare(c, 0, d, 0) < 0);
        byte[] e = new byte[24];
        System.arraycopy(d, 0, e, 12, 12);
        assertEquals(0, Tai64n.compare(d, 0, e, 12));
    }
}
