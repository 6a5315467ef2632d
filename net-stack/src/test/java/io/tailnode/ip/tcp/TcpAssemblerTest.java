package io.tailnode.ip.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Out-of-order ranges: merge, bounded slots, advance across holes. */
class TcpAssemblerTest {
    @Test
    void mergesTouchingAndOverlappingRanges() {
        TcpAssembler a = new TcpAssembler(2);
        assertTrue(a.add(100, 200));
        assertTrue(a.add(300, 400));
        assertTrue(a.add(200, 300));
        assertEquals(1, a.ranges());
        assertEquals(400, a.advance(100));
        assertEquals(0, a.ranges());
    }

    @Test
    void refusesARangeBeyondCapacityButStillMergesIntoExistingOnes() {
        TcpAssembler a = new TcpAssembler(2);
        assertTrue(a.add(10, 20));
        assertTrue(a.add(30, 40));
        assertFalse(a.add(50, 60));
        assertTrue(a.add(35, 45));
        assertTrue(a.add(5, 12));
        assertEquals(2, a.ranges());
    }

    @Test
    void advanceStopsAtTheNextHoleAndRebases() {
        TcpAssembler a = new TcpAssembler(4);
        a.add(10, 20);
        a.add(30, 40);
        assertEquals(5, a.advance(5));
        assertEquals(2, a.ranges());
        // Now relative to the new RCV.NXT: [5,15) and [25,35).
        assertEquals(15, a.advance(5));
        assertEquals(1, a.ranges());
        assertEquals(20, a.advance(10));
        assertEquals(0, a.ranges());
    }

    @Test
    void zeroCapacityDropsEveryOutOfOrderRange() {
        TcpAssembler a = new TcpAssembler(0);
        assertFalse(a.add(1, 2));
        assertEquals(7, a.advance(7));
    }
}
