package io.tailnode.control.map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The real tailscale-rs MapResponse fixture (self Node + 5 PeersChanged, no AllowedIPs so Addresses apply)
 * applied to an empty netmap: expected WireGuard peers written by hand from the fixture file.
 */
class NetmapFixtureTest {
    // ID, Key, Addresses, first Endpoint, home DERP (HomeDERP, else legacy DERP "127.3.3.40:N") from the fixture
    private static final Object[][] EXPECTED = {
        {1679275757477108L, "a57413f6734a12fa6f50e600891517deef4d324ea63de8915da511550a20a23f",
            "100.96.162.64", "fd7a:115c:a1e0::a01:a241", "18.217.166.210:41641", 1},
        {1920659479412999L, "ac9f836d29c694c5ce4c934545028eac2296e6f5441dd3199975ca49807b3c25",
            "100.123.60.38", "fd7a:115c:a1e0::8001:3c2d", "18.217.31.242:41641", 12},
        {5170377294737635L, "37c1be6bca82509f30b9279a5d2aa9672c483c59469bc0fcf144350faa0c4e36",
            "100.76.78.55", "fd7a:115c:a1e0::aa01:4e38", "derp:1", 1}, // no endpoints: its home region (#7)
        {5459977561039002L, "db8cc0f6f79498c6fc851b78ea6c6f2d10a12882e188abcb66280623ba2cc04f",
            "100.108.192.80", "fd7a:115c:a1e0::ba01:c059", "18.219.252.178:41641", 12},
        {6214411886909784L, "8070ab256bcc372ea95f9700e2317c0a3dd2840ee493a769d26bf5b14e067d70",
            "100.75.0.1", "fd7a:115c:a1e0::4e01:7d7b", "18.219.254.123:41641", 0},
    };
    private static final String SELF_KEY = "7d56c29e77fdd9b76ddcaa1e17e1866a6d4afb1daae3a639fbee46b6b61dcd6d";

    @Test
    void fixtureBecomesWireGuardPeers() throws Exception {
        NetmapHarness h = new NetmapHarness(16);
        assertEquals(0, h.feed(NetmapHarness.frame(NetmapHarness.resource("tailscale-rs-map_response.json"))));
        PeerTable t = h.applier.peers();
        assertEquals(5, t.size());
        assertEquals(5, h.wgPeerCount());
        assertEquals(10, h.allowedIpCount(), "one /32 and one /128 per peer, nothing else");
        assertEquals(-1, h.slotOf(NetmapHarness.key("nodekey:" + SELF_KEY)), "self node is not a peer");
        for (Object[] e : EXPECTED) {
            byte[] key = NetmapHarness.key("nodekey:" + e[1]);
            int slot = h.slotOf(key);
            assertTrue(slot >= 0, "peer " + e[0]);
            int i = t.find((Long) e[0]);
            assertTrue(i >= 0);
            assertEquals(slot, t.wireGuardSlot(i));
            assertEquals(slot, h.routeOf((String) e[2]));
            assertEquals(slot, h.routeOf((String) e[3]));
            assertEquals(e[4], h.endpointOf(key));
            assertEquals(e[5], t.derpRegion(i));
            assertEquals(2, t.addressCount(i));
            assertEquals(32, t.addressPrefix(i, 0));
            assertEquals(128, t.addressPrefix(i, 1));
            assertEquals(false, t.hasAllowedIps(i));
        }
        assertEquals(-1, h.routeOf("100.96.162.65"));
        assertEquals(0, h.applier.refused());
        assertEquals(0, h.applier.dropped());
        assertEquals(1, h.applier.framesApplied());
        assertNotEquals(0, t.digest());
    }

    @Test
    void fixtureStableIdPins() {
        // a 2-slot table: first come would keep the first two; the fixture's last peer is pinned by StableID
        NetmapConfig c = new NetmapConfig();
        NetmapHarness h = new NetmapHarness(2, c, "nKSACd4XXq11CNTRL");
        assertEquals(0, h.feed(NetmapHarness.frame(NetmapHarness.resource("tailscale-rs-map_response.json"))));
        assertTrue(h.applier.peers().find(6214411886909784L) >= 0);
        assertTrue(h.applier.peers().find(1679275757477108L) >= 0);
        assertEquals(-1, h.applier.peers().find(1920659479412999L));
        assertEquals(3, h.applier.refused());
    }

    @Test
    void reapplyingTheSameFrameChangesNothing() {
        NetmapHarness h = new NetmapHarness(16);
        byte[] f = NetmapHarness.frame(NetmapHarness.resource("tailscale-rs-map_response.json"));
        assertEquals(0, h.feed(f));
        long table = h.applier.peers().digest();
        long wg = h.device.stateDigest();
        assertEquals(0, h.feed(f));
        assertEquals(table, h.applier.peers().digest());
        assertEquals(wg, h.device.stateDigest());
    }
}
