package io.tailnode.wg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The device-wide held-packet pool: order per peer, per-peer cap, fairness when full, release, wiping. */
class HeldPacketsTest {
    static final int MTU = 100;
    /** 4 shared slots, at most 3 per peer, 8 peer slots. */
    final HeldPackets pool = new HeldPackets(4, 3, 8, MTU);

    static byte[] packet(int tag, int len) {
        byte[] p = new byte[len];
        Arrays.fill(p, (byte) tag);
        return p;
    }

    boolean hold(int peer, int tag) {
        byte[] p = packet(tag, 10 + tag);
        return pool.hold(peer, p, 0, p.length);
    }

    /** Tag of the peer's oldest held packet (its first byte), checking its length and bytes. */
    int oldestTag(int peer) {
        int off = pool.oldestOffset(peer);
        int len = pool.oldestLength(peer);
        int tag = pool.data[off];
        assertEquals(10 + tag, len);
        assertArrayEquals(packet(tag, len), Arrays.copyOfRange(pool.data, off, off + len));
        return tag;
    }

    @Test
    void packetsOfOnePeerLeaveOldestFirst() {
        assertFalse(hold(1, 1));
        assertFalse(hold(1, 2));
        assertFalse(hold(2, 3));
        assertEquals(2, pool.count(1));
        assertEquals(1, pool.count(2));
        assertEquals(1, oldestTag(1));
        pool.dropOldest(1);
        assertEquals(2, oldestTag(1));
        assertFalse(hold(1, 4));
        assertEquals(2, oldestTag(1));
        pool.dropOldest(1);
        assertEquals(4, oldestTag(1));
        pool.dropOldest(1);
        assertEquals(0, pool.count(1));
        assertEquals(-1, pool.oldestOffset(1));
        assertEquals(0, pool.oldestLength(1));
        assertEquals(3, oldestTag(2));
    }

    @Test
    void aPeerAtItsCapDropsItsOwnOldest() {
        assertFalse(hold(1, 1));
        assertFalse(hold(1, 2));
        assertFalse(hold(1, 3));
        // Cap 3 reached with one pool slot still free: the peer's own oldest goes, the free slot stays free.
        assertTrue(hold(1, 4));
        assertEquals(3, pool.count(1));
        assertEquals(2, oldestTag(1));
        assertFalse(hold(2, 5));
        assertEquals(1, pool.count(2));
    }

    @Test
    void aFullPoolTakesFromThePeerHoldingTheMost() {
        hold(1, 1);
        hold(1, 2);
        hold(1, 3);
        hold(2, 4);
        // Full: peer 3 gets a slot; peer 1 (3 held) loses its oldest, peer 2 keeps its one packet.
        assertTrue(hold(3, 5));
        assertEquals(2, pool.count(1));
        assertEquals(2, oldestTag(1));
        assertEquals(1, pool.count(2));
        assertEquals(1, pool.count(3));
        assertEquals(5, oldestTag(3));
        // Again: peer 1 still holds the most.
        assertTrue(hold(4, 6));
        assertEquals(1, pool.count(1));
        assertEquals(3, oldestTag(1));
        // Now every peer holds one: the oldest packet overall (peer 1's) goes.
        assertTrue(hold(5, 7));
        assertEquals(0, pool.count(1));
        assertEquals(1, pool.count(5));
        assertEquals(4, oldestTag(2));
    }

    @Test
    void aFullPoolWhoseBusiestPeerIsTheSenderDropsItsOwnOldest() {
        hold(1, 1);
        hold(1, 2);
        hold(2, 3);
        hold(2, 4);
        // Tie at 2 each: the oldest packet overall (peer 1's tag 1) goes, whichever peer holds.
        assertTrue(hold(1, 5));
        assertEquals(2, pool.count(1));
        assertEquals(2, oldestTag(1));
        assertEquals(2, pool.count(2));
    }

    @Test
    void clearReleasesAndZeroesOnlyThatPeersSlots() {
        hold(1, 1);
        hold(2, 2);
        hold(1, 3);
        assertEquals(2, pool.clear(1));
        assertEquals(0, pool.count(1));
        assertEquals(1, pool.count(2));
        assertEquals(2, oldestTag(2));
        int nonZero = 0;
        for (byte b : pool.data) {
            if (b != 0 && b != 2) {
                nonZero++;
            }
        }
        assertEquals(0, nonZero, "the cleared peer's plaintext is wiped");
        // Its slots are free again: three more packets fit without a drop.
        assertFalse(hold(3, 4));
        assertFalse(hold(3, 5));
        assertFalse(hold(3, 6));
        assertEquals(0, pool.clear(7));
    }

    @Test
    void aReusedSlotKeepsNoTailOfTheDroppedPacket() {
        hold(1, 60);
        hold(1, 61);
        hold(1, 62);
        hold(2, 63);
        assertTrue(hold(3, 1));
        int off = pool.oldestOffset(3);
        for (int i = pool.oldestLength(3); i < MTU + WgConstants.TAG_SIZE; i++) {
            assertEquals(0, pool.data[off + i]);
        }
    }
}
