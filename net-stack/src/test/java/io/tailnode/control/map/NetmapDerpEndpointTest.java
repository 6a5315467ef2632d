package io.tailnode.control.map;

import static io.tailnode.control.map.NetmapHarness.fullMap;
import static io.tailnode.control.map.NetmapHarness.key;
import static io.tailnode.control.map.NetmapHarness.peer;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tailnode.derp.DerpRegions;
import io.tailnode.wg.WgConstants;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Issue #7: WireGuard endpoints are {direct UDP ip:port} or {DERP region + node key}. The netmap gives a peer with
 * a home region its DERP endpoint (0x44 + node key, the region kept per WireGuard slot) when it lists no direct
 * endpoint, or always with relay-first; a region change re-pushes it; the frame's DERPMap reaches DerpRegions.
 */
class NetmapDerpEndpointTest {
    static String withoutEndpoints(int i, int homeDerp) {
        return peer(i).replaceAll("\"Endpoints\":\\[.*?\\],\"HomeDERP\"", "\"Endpoints\":[],\"HomeDERP\"")
                .replaceAll("\"HomeDERP\":\\d+", "\"HomeDERP\":" + homeDerp);
    }

    static byte[] derpEndpoint(byte[] nodeKey) {
        byte[] e = new byte[33];
        e[0] = (byte) WgConstants.SOURCE_KIND_DERP;
        System.arraycopy(nodeKey, 0, e, 1, 32);
        return e;
    }

    static byte[] endpoint(NetmapHarness h, byte[] key) {
        byte[] e = new byte[64];
        int n = h.device.endpoint(h.slotOf(key), e, 0);
        return Arrays.copyOf(e, Math.max(n, 0));
    }

    @Test
    void peerWithoutEndpointsIsReachableThroughItsHomeRegion() throws Exception {
        NetmapHarness h = new NetmapHarness(8);
        assertEquals(0, h.apply("{\"Node\":" + peer(999_999) + ",\"Peers\":[" + peer(1) + ","
                + withoutEndpoints(2, 7) + "]}"));
        // peer 1 lists endpoints: direct first (no relay-first on this device)
        assertEquals("18.217.0.1:41641", h.endpointOf(key(1)));
        assertEquals(2, h.applier.derpRegionOfSlot(h.slotOf(key(1))));
        // peer 2 lists none: DERP region 7 + its node key
        assertArrayEquals(derpEndpoint(key(2)), endpoint(h, key(2)));
        assertEquals(7, h.applier.derpRegionOfSlot(h.slotOf(key(2))));
        // its home moves: region re-pushed, endpoint still the DERP form
        assertEquals(0, h.apply("{\"PeersChanged\":[" + withoutEndpoints(2, 9) + "]}"));
        assertEquals(9, h.applier.derpRegionOfSlot(h.slotOf(key(2))));
        assertArrayEquals(derpEndpoint(key(2)), endpoint(h, key(2)));
        assertEquals(0, h.applier.derpRegionOfSlot(-1));
        assertEquals(0, h.applier.derpRegionOfSlot(1000));
    }

    @Test
    void relayFirstPutsEveryPeerWithARegionOnDerpAndTheDerpMapReachesTheRegionTable() throws Exception {
        NetmapHarness h = new NetmapHarness(8);
        DerpRegions regions = new DerpRegions(4, 64);
        h.applier.setDerpRegions(regions);
        h.applier.setRelayFirst(true);
        String derpMap = ",\"DERPMap\":{\"Regions\":{\"900\":{\"RegionID\":900,\"RegionCode\":\"dev\",\"Nodes\":[{"
                + "\"Name\":\"900a\",\"RegionID\":900,\"HostName\":\"127.0.0.1\",\"IPv4\":\"127.0.0.1\","
                + "\"DERPPort\":4433,\"STUNPort\":3479}]}}}";
        String map = fullMap(1, 3);
        assertEquals(0, h.apply(map.substring(0, map.length() - 1) + derpMap + "}"));
        assertArrayEquals(derpEndpoint(key(1)), endpoint(h, key(1)));
        assertArrayEquals(derpEndpoint(key(3)), endpoint(h, key(3)));
        assertEquals(4, h.applier.derpRegionOfSlot(h.slotOf(key(3))));
        assertEquals(1, regions.size());
        assertEquals(900, regions.homeRegion(0));
        assertEquals(4433, regions.derpPort(0));
        // a frame without a DERPMap leaves the table as it was
        assertEquals(0, h.apply("{\"PeersChanged\":[" + peer(5) + "]}"));
        assertEquals(1, regions.size());
        assertArrayEquals(derpEndpoint(key(5)), endpoint(h, key(5)));
    }
}
