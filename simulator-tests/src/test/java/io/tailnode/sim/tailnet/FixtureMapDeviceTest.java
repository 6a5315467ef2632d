package io.tailnode.sim.tailnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.control.map.PeerTable;
import io.tailnode.sim.SimDevice;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dev server's fixture mode serves the real tailscale-rs MapResponse (keys rewritten) and then its Node fixture
 * as a delta; the device's netmap holds the values below, written by hand from
 * simulator-tests/src/main/resources/io/tailnode/sim/control/tailscale-rs-map_response.json and tailscale-rs-node.json
 * (node IDs above 2^52 read as longs; HomeDERP preferred over the legacy DERP string, which is used without it).
 */
class FixtureMapDeviceTest {
    @TempDir
    Path dir;
    TailnetFixture t;

    @AfterEach
    void close() throws Exception {
        if (t != null) {
            t.close();
        }
    }

    /** id -> "derpRegion first-address key-hex" for every peer in the device's netmap. */
    static Map<Long, String> netmap(SimDevice d) {
        return d.onLoop(l -> {
            PeerTable p = d.netmap().peers();
            Map<Long, String> m = new TreeMap<>();
            byte[] a = new byte[16];
            byte[] k = new byte[32];
            for (int i = 0; i < p.capacity(); i++) {
                if (!p.inUse(i)) {
                    continue;
                }
                String addr = "-";
                if (p.addressCount(i) > 0 && p.addressFamily(i, 0) == 4) {
                    p.copyAddress(i, 0, a, 0);
                    addr = (a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + "." + (a[3] & 0xff);
                }
                p.copyKey(i, k, 0);
                m.put(p.id(i), p.derpRegion(i) + " " + addr + " " + HexFormat.of().formatHex(k));
            }
            return m;
        });
    }

    @Test
    void deviceNetmapHoldsTheFixtureValues() throws Exception {
        t = new TailnetFixture(dir);
        t.config.fixtureMaps = true;
        t.startServer();
        String key = t.server.createAuthKey(true, null);
        SimDevice b = t.device("dev-b", key);
        assertTrue(TailnetFixture.waitFor(10000, () -> TailnetFixture.connected(b)), t::logs);
        SimDevice a = t.device("dev-a", key);
        // the MapResponse (5 peers) then the Node delta (peer 1679275757477108 gets the fixture's own key back)
        String nodeFixtureKey = "a57413f6734a12fa6f50e600891517deef4d324ea63de8915da511550a20a23f";
        assertTrue(TailnetFixture.waitFor(10000, () -> TailnetFixture.connected(a)
                && netmap(a).getOrDefault(1679275757477108L, "").endsWith(nodeFixtureKey)), () -> netmap(a) + t.logs());
        Map<Long, String> m = netmap(a);
        assertEquals(5, m.size(), m::toString);
        assertTrue(1679275757477108L < (1L << 52) && 6214411886909784L > (1L << 52));
        assertEquals("1 100.96.162.64 " + nodeFixtureKey, m.get(1679275757477108L));
        assertTrue(m.get(1920659479412999L).startsWith("12 100.123.60.38 "), m::toString);
        assertTrue(m.get(5170377294737635L).startsWith("1 100.76.78.55 "), m::toString);
        assertTrue(m.get(5459977561039002L).startsWith("12 100.108.192.80 "), m::toString);
        assertTrue(m.get(6214411886909784L).startsWith("0 100.75.0.1 "), m::toString);
        assertEquals("100.93.205.110", a.tunnelAddressV4(), "self Addresses from the fixture");
    }
}
