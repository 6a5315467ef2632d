package io.tailnode.ip.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Fixed ring: wrap-around, peek at offsets, out-of-order writes committed later. */
class TcpRingTest {
    @Test
    void wrapsAroundAndNeverGrows() {
        TcpRing r = new TcpRing(8);
        byte[] in = {1, 2, 3, 4, 5, 6};
        assertEquals(6, r.write(in, 0, 6));
        byte[] out = new byte[8];
        assertEquals(4, r.read(out, 0, 4));
        assertEquals(6, r.write(in, 0, 6));
        assertEquals(0, r.free());
        assertEquals(0, r.write(in, 0, 1));
        assertEquals(8, r.read(out, 0, 8));
        assertArrayEquals(new byte[] {5, 6, 1, 2, 3, 4, 5, 6}, out);
    }

    @Test
    void peekReadsWithoutConsuming() {
        TcpRing r = new TcpRing(4);
        r.write(new byte[] {9, 9, 9}, 0, 3);
        r.discard(3);
        r.write(new byte[] {1, 2, 3, 4}, 0, 4);
        byte[] out = new byte[2];
        r.peek(1, out, 0, 2);
        assertArrayEquals(new byte[] {2, 3}, out);
        assertEquals(4, r.count());
    }

    @Test
    void outOfOrderBytesSurviveTheRingEmptying() {
        TcpRing r = new TcpRing(8);
        r.write(new byte[] {1, 2, 3}, 0, 3);
        r.writeAt(2, new byte[] {7, 8}, 0, 2);
        byte[] out = new byte[8];
        assertEquals(3, r.read(out, 0, 3));
        r.writeAt(0, new byte[] {5, 6}, 0, 2);
        r.commit(4);
        assertEquals(4, r.read(out, 0, 8));
        assertArrayEquals(new byte[] {5, 6, 7, 8}, java.util.Arrays.copyOf(out, 4));
    }
}
