package io.tailnode.control.map;

import static io.tailnode.control.map.NetmapHarness.fullMap;
import static io.tailnode.control.map.NetmapHarness.hexKey;
import static io.tailnode.control.map.NetmapHarness.id;
import static io.tailnode.control.map.NetmapHarness.key;
import static io.tailnode.control.map.NetmapHarness.peer;
import static io.tailnode.control.map.NetmapHarness.v4;
import static io.tailnode.control.map.NetmapHarness.v6;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Full map, then deltas (add, change, key change, remove, patch) applied in sequence, then a full map again. */
class NetmapDeltaTest {
    @Test
    void deltasInSequence() throws Exception {
        NetmapHarness h = new NetmapHarness(16);
        assertEquals(0, h.apply(fullMap(1, 2, 3)));
        assertEquals(3, h.wgPeerCount());
        int slot2 = h.slotOf(key(2));
        assertEquals(slot2, h.routeOf(v4(2)));
        assertEquals("18.217.0.2:41641", h.endpointOf(key(2)));

        // add 4
        assertEquals(0, h.apply("{\"PeersChanged\":[" + peer(4) + "]}"));
        assertEquals(4, h.wgPeerCount());
        assertEquals(h.slotOf(key(4)), h.routeOf(v6(4)));

        // change 2: explicit AllowedIPs with a subnet route; same key -> same WireGuard slot
        assertEquals(0, h.apply("{\"PeersChanged\":[" + peer(2, 2,
                ",\"AllowedIPs\":[\"" + v4(2) + "/32\",\"" + v6(2) + "/128\",\"192.168.7.0/24\"]") + "]}"));
        assertEquals(slot2, h.slotOf(key(2)));
        assertEquals(slot2, h.routeOf("192.168.7.99"));
        assertEquals(slot2, h.routeOf(v4(2)));
        assertEquals(4 * 2 + 1, h.allowedIpCount());

        // and back: the subnet route goes, the peer stays
        assertEquals(0, h.apply("{\"PeersChanged\":[" + peer(2) + "]}"));
        assertEquals(slot2, h.slotOf(key(2)));
        assertEquals(-1, h.routeOf("192.168.7.99"));
        assertEquals(8, h.allowedIpCount());

        // key change of node 3: remove + add
        assertEquals(0, h.apply("{\"PeersChanged\":[" + peer(3, 333, "") + "]}"));
        assertEquals(-1, h.slotOf(key(3)));
        int slot3 = h.slotOf(key(333));
        assertTrue(slot3 >= 0);
        assertEquals(slot3, h.routeOf(v4(3)));
        assertEquals(4, h.wgPeerCount());

        // remove 1
        assertEquals(0, h.apply("{\"PeersRemoved\":[" + id(1) + "]}"));
        assertEquals(-1, h.slotOf(key(1)));
        assertEquals(-1, h.routeOf(v4(1)));
        assertEquals(-1, h.applier.peers().find(id(1)));
        assertEquals(3, h.wgPeerCount());

        // patch 4: endpoints and DERP region; patch of 2's key; patch of an unknown node
        assertEquals(0, h.apply("{\"PeersChangedPatch\":[{\"NodeID\":" + id(4)
                + ",\"DERPRegion\":7,\"Endpoints\":[\"[2001:db8::4]:1234\",\"1.2.3.4:5\"]},{\"NodeID\":" + id(2)
                + ",\"Key\":\"nodekey:" + hexKey(222) + "\"},{\"NodeID\":42,\"DERPRegion\":3}]}"));
        PeerTable t = h.applier.peers();
        assertEquals(7, t.derpRegion(t.find(id(4))));
        assertEquals("[2001:db8:0:0:0:0:0:4]:1234", h.endpointOf(key(4)));
        assertEquals(-1, h.slotOf(key(2)));
        assertEquals(h.slotOf(key(222)), h.routeOf(v4(2)), "patched key: new WireGuard peer with 2's routes");
        assertEquals(1, h.applier.patchesUnknown());

        // changed and removed in the same frame: Go applies removals first, so the node stays
        assertEquals(0, h.apply("{\"PeersChanged\":[" + peer(5) + "],\"PeersRemoved\":[" + id(5) + "]}"));
        assertTrue(h.slotOf(key(5)) >= 0);

        // a full map replaces the set: 3 (key 333) and 4 and 5 are swept, 2 comes back with key 2, 6 is new
        assertEquals(0, h.apply(fullMap(2, 6)));
        assertEquals(2, h.wgPeerCount());
        assertEquals(2, t.size());
        assertEquals(-1, h.slotOf(key(333)));
        assertEquals(-1, h.slotOf(key(4)));
        assertEquals(-1, h.slotOf(key(222)));
        assertEquals(h.slotOf(key(2)), h.routeOf(v4(2)));
        assertEquals(h.slotOf(key(6)), h.routeOf(v6(6)));
        assertEquals(-1, h.routeOf(v4(3)));
        assertEquals(4, h.allowedIpCount());

        // an empty Peers list changes nothing (tailcfg: non-empty = complete list)
        long before = t.digest();
        assertEquals(0, h.apply("{\"Peers\":[],\"KeepAlive\":false}"));
        assertEquals(before, t.digest());
        assertEquals(0, h.applier.refused());
    }

    @Test
    void deviceRefusalsAreCountedAndKept() {
        NetmapHarness h = new NetmapHarness(16);
        // node 8 reuses node 7's key (the device refuses a second peer with one key); node 9 has the all-zero key,
        // a low-order point the device refuses
        String zero = "{\"ID\":" + id(9) + ",\"Key\":\"nodekey:" + "0".repeat(64)
                + "\",\"Addresses\":[\"100.64.9.9/32\"]}";
        assertEquals(0, h.apply("{\"Peers\":[" + peer(7) + "," + peer(8, 7, "") + "," + zero + "]}"));
        PeerTable t = h.applier.peers();
        assertEquals(3, t.size());
        assertEquals(1, h.wgPeerCount());
        assertEquals(2, h.applier.wireGuardRefused());
        assertEquals(-1, t.wireGuardSlot(t.find(id(8))));
        assertEquals(-1, t.wireGuardSlot(t.find(id(9))));
        assertEquals(-1, h.routeOf("100.64.9.9"));
        // node 7 leaves: node 8 (same key) is still refused until it changes (no retry of an unchanged node)
        assertEquals(0, h.apply("{\"PeersRemoved\":[" + id(7) + "]}"));
        assertEquals(0, h.wgPeerCount());
        // a new key for 8: a fresh add
        assertEquals(0, h.apply("{\"PeersChanged\":[" + peer(8) + "]}"));
        assertEquals(h.slotOf(key(8)), h.routeOf(v4(8)));
    }

    @Test
    void droppedChangedNodeRemovesTheStaleVersion() {
        NetmapHarness h = new NetmapHarness(16);
        assertEquals(0, h.apply(fullMap(1, 2)));
        // three Addresses: more than the configured two, so the scanner drops node 1's new version
        String tooMany = "{\"ID\":" + id(1) + ",\"Key\":\"nodekey:" + hexKey(1)
                + "\",\"Addresses\":[\"100.64.0.1/32\",\"100.64.0.2/32\",\"100.64.0.3/32\"]}";
        assertEquals(0, h.apply("{\"PeersChanged\":[" + tooMany + "]}"));
        assertEquals(1, h.applier.dropped());
        assertEquals(-1, h.slotOf(key(1)));
        assertTrue(h.slotOf(key(2)) >= 0);
        // in a full map a dropped node is simply absent
        assertEquals(0, h.apply("{\"Peers\":[" + tooMany + "," + peer(3) + "]}"));
        assertEquals(2, h.applier.dropped());
        assertEquals(1, h.wgPeerCount());
        assertTrue(h.slotOf(key(3)) >= 0);
    }
}
