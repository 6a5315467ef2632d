package io.tailnode.control.map;

import static io.tailnode.control.map.NetmapHarness.id;
import static io.tailnode.control.map.NetmapHarness.key;
import static io.tailnode.control.map.NetmapHarness.peer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.wg.WgDeviceConfig;
import org.junit.jupiter.api.Test;

/**
 * Admission policy: pinned first (they evict the unpinned node admitted last), then first come in server order;
 * the rest refused and counted; a removal frees a slot for the next delta.
 */
class NetmapCapacityTest {
    @Test
    void twentyNodesIntoSixteenSlots() {
        // pinned: 5 (early), 17 and 19 (late, when the table is already full)
        NetmapHarness h = new NetmapHarness(16, key(5), key(17), key(19));
        int[] all = new int[20];
        for (int i = 0; i < 20; i++) {
            all[i] = i;
        }
        assertEquals(0, h.apply(NetmapHarness.fullMap(all)));
        PeerTable t = h.applier.peers();
        assertEquals(16, t.size());
        assertEquals(16, h.wgPeerCount());
        for (int i : new int[] {5, 17, 19}) {
            assertTrue(h.slotOf(key(i)) >= 0, "pinned " + i);
            assertTrue(t.pinned(t.find(id(i))));
        }
        // the unpinned ones kept are the first 13 in server order
        for (int i = 0; i <= 13; i++) {
            assertTrue(h.slotOf(key(i)) >= 0, "first come " + i);
        }
        for (int i : new int[] {14, 15, 16, 18}) {
            assertEquals(-1, h.slotOf(key(i)), "refused " + i);
            assertEquals(-1, t.find(id(i)));
        }
        // 16 and 18 refused outright, 15 and 14 evicted by 17 and 19
        assertEquals(4, h.applier.refused());
        assertEquals(2, h.applier.evicted());

        // full: a new node in a delta is refused and counted
        assertEquals(0, h.apply("{\"PeersChanged\":[" + peer(16) + "]}"));
        assertEquals(5, h.applier.refused());
        assertEquals(-1, h.slotOf(key(16)));

        // a removal frees a slot: the next delta's node gets in
        assertEquals(0, h.apply("{\"PeersRemoved\":[" + id(3) + "]}"));
        assertEquals(15, h.wgPeerCount());
        assertEquals(0, h.apply("{\"PeersChanged\":[" + peer(16) + "]}"));
        assertTrue(h.slotOf(key(16)) >= 0);
        assertEquals(16, h.wgPeerCount());
        assertEquals(5, h.applier.refused());

        // a pinned node in a delta evicts the unpinned node admitted last (16, just admitted)
        NetmapHarness h2 = h;
        assertEquals(0, h2.apply("{\"PeersRemoved\":[" + id(17) + "]}"));
        assertEquals(0, h2.apply("{\"PeersChanged\":[" + peer(18) + "]}"));
        assertEquals(16, h2.wgPeerCount());
        assertEquals(0, h2.apply("{\"PeersChanged\":[" + peer(17) + "]}"));
        assertTrue(h2.slotOf(key(17)) >= 0);
        assertEquals(-1, h2.slotOf(key(18)), "18 was the unpinned node admitted last");
        assertEquals(3, h2.applier.evicted());
    }

    @Test
    void morePinnedThanSlotsKeepsTheFirstPinned() {
        byte[][] pins = new byte[6][];
        for (int i = 0; i < 6; i++) {
            pins[i] = key(i);
        }
        NetmapHarness h = new NetmapHarness(4, pins);
        assertEquals(0, h.apply(NetmapHarness.fullMap(10, 0, 1, 2, 3, 4, 5)));
        assertEquals(4, h.applier.peers().size());
        for (int i = 0; i < 4; i++) {
            assertTrue(h.slotOf(key(i)) >= 0);
        }
        assertEquals(-1, h.slotOf(key(10)));
        assertEquals(3, h.applier.refused());
        assertEquals(1, h.applier.evicted());
    }

    @Test
    void pinnedByStableIdSurvivesKeyRotation() {
        NetmapConfig c = new NetmapConfig();
        NetmapHarness h = new NetmapHarness(4, c, "nStable9CNTRL");
        assertEquals(0, h.apply(NetmapHarness.fullMap(0, 1, 2, 3, 4, 5, 6, 7, 8, 9)));
        assertTrue(h.slotOf(key(9)) >= 0, "pinned by StableID, last in the list");
        assertEquals(-1, h.slotOf(key(3)), "evicted by 9");
        // node 9 rotates its key: still pinned, the WireGuard peer is replaced
        assertEquals(0, h.apply("{\"PeersRemoved\":[" + id(0) + "]}"));
        assertEquals(0, h.apply("{\"PeersChanged\":[" + peer(4) + "]}"));
        assertEquals(0, h.apply("{\"PeersChanged\":[" + peer(9, 909, "") + "]}"));
        assertTrue(h.slotOf(key(909)) >= 0);
        assertTrue(h.applier.peers().pinned(h.applier.peers().find(id(9))));
        assertEquals(4, h.wgPeerCount());
    }

    @Test
    void deviceMustHaveRoomForTheTable() {
        NetmapHarness small = new NetmapHarness(4);
        NetmapConfig c = new NetmapConfig();
        c.maxPeers = 5;
        assertThrows(IllegalArgumentException.class, () -> new NetmapApplier(c, small.device));
        c.maxPeers = 4;
        c.pinnedNodeKeys = new byte[31];
        assertThrows(IllegalArgumentException.class, () -> new NetmapApplier(c, small.device));
        c.pinnedNodeKeys = null;
        c.pinnedStableIds = new byte[][] {new byte[65]};
        assertThrows(IllegalArgumentException.class, () -> new NetmapApplier(c, small.device));
        assertEquals(16, new WgDeviceConfig().maxPeers);
    }
}
