package io.tailnode.sim.tailnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tailnode.control.map.PeerTable;
import io.tailnode.sim.SimDevice;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 10,000-peer map to a 16-peer device: the map streams through the device's 4 KiB JSON value buffer (no frame
 * is discarded), the netmap keeps 16 peers, and the four pinned in the device's configuration (two by node key,
 * two by StableID, all late in the map) are among them; the others are refused and counted.
 */
class LargeNetmapDeviceTest {
    @TempDir
    Path dir;
    TailnetFixture t;

    @AfterEach
    void close() throws Exception {
        if (t != null) {
            t.close();
        }
    }

    /** The dev server's StableID scheme for node {@code id} (Tailnet: "n" + base 36 + "CNTRL"). */
    static String stableId(long id) {
        return "n" + Long.toString(id, 36) + "CNTRL";
    }

    static String nodeKeyOf(JsonNode nodes, long id) {
        for (JsonNode n : nodes) {
            if (n.get("id").asLong() == id) {
                return n.get("nodeKey").asText();
            }
        }
        throw new IllegalArgumentException("no node " + id);
    }

    @Test
    void tenThousandPeersKeepSixteenWithThePinnedOnes() throws Exception {
        t = new TailnetFixture(dir);
        t.startServer();
        List<Long> ids = t.server.addSyntheticNodes(10_000);
        assertEquals(10_000, ids.size());
        JsonNode nodes = t.server.nodes();
        Set<Long> pinned = new TreeSet<>(List.of(ids.get(9990), ids.get(9995), ids.get(5000), ids.get(9999)));
        SimDevice.Options o = t.options("dev-a", t.server.createAuthKey(true, null));
        o.pinnedNodeKeys.add(nodeKeyOf(nodes, ids.get(9990)));
        o.pinnedNodeKeys.add(nodeKeyOf(nodes, ids.get(9995)));
        o.pinnedStableIds.add(stableId(ids.get(5000)));
        o.pinnedStableIds.add(stableId(ids.get(9999)));
        java.util.concurrent.atomic.AtomicLong tapped = new java.util.concurrent.atomic.AtomicLong();
        t.server.tapToClients((c, b) -> tapped.addAndGet(b.length));
        long t0 = System.nanoTime();
        SimDevice a = t.device(o);
        assertTrue(TailnetFixture.waitFor(30000, () -> a.onLoop(l -> a.controlDriver().client().mapFrames()) >= 1
                && a.netmapPeerCount() == 16), () -> "tapped " + tapped + t.logs());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        Set<Long> inNetmap = new TreeSet<>();
        Set<Long> pinnedInNetmap = new TreeSet<>();
        long[] counters = a.onLoop(l -> {
            PeerTable p = a.netmap().peers();
            for (int i = 0; i < p.capacity(); i++) {
                if (p.inUse(i)) {
                    inNetmap.add(p.id(i));
                    if (p.pinned(i)) {
                        pinnedInNetmap.add(p.id(i));
                    }
                }
            }
            return new long[] {a.netmap().framesDiscarded(), a.netmap().refused(), a.netmap().evicted(),
                a.controlDriver().bytesIn()};
        });
        System.out.printf("10,000-peer map: %d ms to a 16-peer netmap, %d bytes in, refused %d, evicted %d%n", ms,
                counters[3], counters[1], counters[2]);
        assertEquals(16, inNetmap.size());
        assertEquals(pinned, pinnedInNetmap, "pinned ones kept: " + inNetmap);
        assertEquals(0, counters[0], "no frame discarded: the map parsed within the 4 KiB value buffer");
        assertTrue(counters[1] >= 10_000 - 16, "refused " + counters[1]);
        assertEquals("connected", a.controlState());
    }
}
