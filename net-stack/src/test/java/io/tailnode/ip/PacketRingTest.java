package io.tailnode.ip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** PacketRing: wrap-around at the byte end, both bounds, and a fixed-seed comparison with a simple model. */
class PacketRingTest {
    @Test
    void wrapsByStartingAtZeroAndCountsTheSkippedTail() {
        PacketRing r = new PacketRing(4, 10);
        assertTrue(r.push(new byte[] {1, 2, 3, 4, 5, 6}, 0, 6) >= 0);
        assertTrue(r.push(new byte[] {7, 8}, 0, 2) >= 0);
        byte[] d = new byte[10];
        assertEquals(6, r.pop(d, 0));
        // 2 bytes used at [6, 8); 4 at the end would not fit contiguously after them: 3 fits at [0, 3)
        // because the tail [8, 10) is skipped.
        assertTrue(r.push(new byte[] {9, 9, 9}, 0, 3) >= 0);
        assertEquals(-1, r.push(new byte[4], 0, 4), "only [3, 6) left");
        assertEquals(2, r.pop(d, 0));
        assertArrayEquals(new byte[] {7, 8}, Arrays.copyOf(d, 2));
        assertEquals(3, r.pop(d, 0));
        assertArrayEquals(new byte[] {9, 9, 9}, Arrays.copyOf(d, 3));
        assertTrue(r.isEmpty());
        assertTrue(r.push(new byte[10], 0, 10) >= 0, "an empty ring is contiguous again");
        assertTrue(r.push(new byte[0], 0, 0) >= 0, "zero-length datagrams take a slot, no bytes");
    }

    @Test
    void packetCountBoundsIndependentlyOfBytes() {
        PacketRing r = new PacketRing(2, 100);
        assertTrue(r.push(new byte[1], 0, 0) >= 0);
        assertTrue(r.push(new byte[1], 0, 1) >= 0);
        assertEquals(-1, r.push(new byte[1], 0, 1));
        assertEquals(-1, new PacketRing(2, 100).push(new byte[101], 0, 101));
    }

    @Test
    void matchesAQueueModel() {
        Random rnd = new Random(0x5EED);
        for (int round = 0; round < 200; round++) {
            int packets = 1 + rnd.nextInt(6);
            int bytes = 1 + rnd.nextInt(64);
            PacketRing r = new PacketRing(packets, bytes);
            ArrayDeque<byte[]> model = new ArrayDeque<>();
            int used = 0;
            for (int op = 0; op < 500; op++) {
                if (rnd.nextInt(3) > 0) {
                    byte[] p = new byte[rnd.nextInt(bytes + 2)];
                    rnd.nextBytes(p);
                    int slot = r.push(p, 0, p.length);
                    if (slot >= 0) {
                        model.add(p);
                        used += p.length;
                    } else {
                        // Below the count bound, an empty datagram and anything into an empty ring must fit;
                        // otherwise a rejection needs the bytes (or the skipped tail) to run out.
                        assertTrue(model.size() == packets
                                || p.length > 0 && (used > 0 || p.length > bytes), "rejected with room");
                    }
                    assertTrue(model.size() <= packets && used <= bytes);
                } else if (!model.isEmpty()) {
                    byte[] exp = model.poll();
                    used -= exp.length;
                    assertEquals(exp.length, r.peekLength());
                    byte[] d = new byte[exp.length + 2];
                    assertEquals(exp.length, r.pop(d, 1));
                    assertArrayEquals(exp, Arrays.copyOfRange(d, 1, 1 + exp.length));
                } else {
                    assertTrue(r.isEmpty());
                    assertEquals(-1, r.peekLength());
                    // Empty: anything up to the full byte size fits.
                    assertTrue(r.push(new byte[bytes], 0, bytes) >= 0);
                    model.add(new byte[bytes]);
                    used += bytes;
                }
                assertEquals(model.size(), r.size());
            }
        }
    }
}
