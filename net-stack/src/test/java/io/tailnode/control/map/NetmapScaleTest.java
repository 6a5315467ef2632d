package io.tailnode.control.map;

import static io.tailnode.control.map.NetmapHarness.id;
import static io.tailnode.control.map.NetmapHarness.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** 1k and 10k-peer generated full maps into a 64-slot table: constant storage, counts. */
class NetmapScaleTest {
    private static void bigMap(int peers) {
        // pinned: one in the middle and the last one
        NetmapHarness h = new NetmapHarness(64, key(peers / 2), key(peers - 1));
        int table = NetmapApplier.bytesPerPeerSlot(h.config) * 64;
        assertEquals(0, h.apply(NetmapHarness.fullMapRange(0, peers)));
        PeerTable t = h.applier.peers();
        assertEquals(64, t.size());
        assertEquals(64, t.capacity());
        assertEquals(64, h.wgPeerCount());
        assertEquals(peers - 64, h.applier.refused());
        assertEquals(2, h.applier.evicted());
        assertEquals(0, h.applier.dropped());
        assertEquals(0, h.applier.wireGuardRefused());
        assertEquals(0, h.applier.allowedIpsRefused());
        assertEquals(128, h.allowedIpCount());
        assertTrue(h.slotOf(key(peers / 2)) >= 0);
        assertTrue(h.slotOf(key(peers - 1)) >= 0);
        for (int i = 0; i < 62; i++) {
            assertTrue(t.find(id(i)) >= 0, "first come " + i);
        }
        assertEquals(-1, t.find(id(62)));
        // storage is fixed by the configuration, whatever the map size
        assertEquals(2 * 387 * 64, table);
        // a second full map shifted by one: one swept, one added, same counts
        assertEquals(0, h.apply(NetmapHarness.fullMapRange(1, peers)));
        assertEquals(64, h.wgPeerCount());
        assertEquals(-1, h.slotOf(key(0)));
        assertTrue(h.slotOf(key(62)) >= 0);
    }

    @Test
    void thousandPeers() {
        bigMap(1_000);
    }

    @Test
    void tenThousandPeers() {
        bigMap(10_000);
    }
}
