package io.tailnode.sim.footprint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The footprint tool's measurement, table and plot. */
class FootprintTest {
    @Test
    void retainedHeapIsFixedByCapacityNotByTheTailnetSize() {
        // Static allocation: a 16-slot client that saw a 1,000-node map holds exactly what one that saw 16 does.
        Map<String, Long> small = HeapFootprint.measure(new ConfiguredClient(16, 4, 16));
        Map<String, Long> large = HeapFootprint.measure(new ConfiguredClient(16, 4, 1000));
        assertEquals(small, large);
        assertTrue(HeapFootprint.total(small) > 100_000, "a whole client: " + small);
    }

    @Test
    void everyComponentRetainsSomethingDerpAndDiscoIncluded() {
        Map<String, Long> m = HeapFootprint.measure(new ConfiguredClient(1, 4));
        for (Map.Entry<String, Long> e : m.entrySet()) {
            assertTrue(e.getValue() > 0, e.getKey() + " retains nothing: attribution order hides it");
        }
        assertTrue(m.keySet().stream().anyMatch(k -> k.startsWith("DERP: ")), m.toString());
        assertTrue(m.keySet().stream().anyMatch(k -> k.startsWith("disco: ")), m.toString());
        assertTrue(m.containsKey("STUN client"), m.toString());
    }

    @Test
    void derpConnectionsAndDiscoPeersCostWhatTheirSlotsAllocate() {
        String profile = "max_peers=4\ntcp_sockets=4\nderp_connections=1\n";
        Map<String, Long> one = HeapFootprint.measure(new ConfiguredClient(profile, 4));
        Map<String, Long> two = HeapFootprint.measure(new ConfiguredClient(Footprint.with(profile, "derp_connections", 2), 4));
        // Another DERP connection holds at least its receive and output buffers, a whole frame each at MTU 1280;
        // the NaCl box is shared (counted with the first).
        long slot = two.get(ConfiguredClient.DERP_CLIENTS) - one.get(ConfiguredClient.DERP_CLIENTS);
        assertTrue(slot > 2 * (5 + 32 + 1312) && slot < one.get(ConfiguredClient.DERP_CLIENTS), "one more: " + slot);
        assertEquals(one.get(ConfiguredClient.DERP_REGIONS), two.get(ConfiguredClient.DERP_REGIONS));
        Map<String, Long> eight = HeapFootprint.measure(new ConfiguredClient(Footprint.withPeers(profile, 8), 8));
        assertEquals(2 * one.get(ConfiguredClient.DISCO_PATHS), (long) eight.get(ConfiguredClient.DISCO_PATHS));
        assertTrue(Footprint.perDerpRegion() > 2 * 64, "a region keeps two host names: " + Footprint.perDerpRegion());
    }

    /**
     * The board settings that make the nRF9151-DK fit are applied by CoreSizing and save what its profile says:
     * a pool of 2 path selectors is 2/16 of one per slot; 4 DERP regions instead of 8 keep 4 fewer; a 256-counter
     * replay window keeps 12 fewer 64-bit words per keypair than a 1,024 one (3 keypairs x 16 peers); a 3 KiB
     * control window shrinks both HTTP/2 stream buffers.
     */
    @Test
    void boardCutsAreAppliedAndSaveWhatTheProfileSays() {
        String profile = "max_peers=16\ntcp_sockets=4\nderp_connections=1\nreplay_window=1024\ncontrol_window=4096\n";
        Map<String, Long> base = HeapFootprint.measure(new ConfiguredClient(profile, 16));
        Map<String, Long> pool = HeapFootprint.measure(new ConfiguredClient(Footprint.with(profile, "disco_paths", 2), 16));
        assertEquals(base.get(ConfiguredClient.DISCO_PATHS) / 8, pool.get(ConfiguredClient.DISCO_PATHS));
        Map<String, Long> regions = HeapFootprint.measure(new ConfiguredClient(Footprint.with(profile, "derp_regions", 4), 16));
        long perRegion = (base.get(ConfiguredClient.DERP_REGIONS) - regions.get(ConfiguredClient.DERP_REGIONS)) / 4;
        assertTrue(perRegion > 2 * 64, "a region keeps two host names: " + perRegion);
        Map<String, Long> replay = HeapFootprint.measure(new ConfiguredClient(Footprint.with(profile, "replay_window", 256), 16));
        assertEquals(16 * 3 * (1024 - 256) / 64 * 8, base.get("WireGuard device") - replay.get("WireGuard device"));
        Map<String, Long> window = HeapFootprint.measure(new ConfiguredClient(Footprint.with(profile, "control_window", 3072), 16));
        assertEquals(2 * 1024, base.get("control: HTTP/2 client") - window.get("control: HTTP/2 client"));
    }

    @Test
    void peerSlotsCostWhatTheWireGuardDeviceAndNetmapAllocate() {
        Map<String, Long> one = HeapFootprint.measure(new ConfiguredClient(1, 4));
        Map<String, Long> many = HeapFootprint.measure(new ConfiguredClient(16, 4));
        assertTrue(many.get("WireGuard device") > one.get("WireGuard device"));
        assertTrue(many.get("control: netmap (peer tables, applier)") > one.get("control: netmap (peer tables, applier)"));
        assertEquals(one.get("TCP stack"), many.get("TCP stack"));
        assertEquals(one.get("control: HTTP/2 client"), many.get("control: HTTP/2 client"));
    }

    @Test
    void tableRoundTripsAndPlots(@TempDir Path dir) throws Exception {
        FootprintTable t = new FootprintTable(1, 16);
        t.put(0, Map.of("a", 2048L));
        t.put(1, Map.of("a", 4096L));
        t.put(0, Map.of("b", HeapFootprint.NOT_MEASURED));
        t.put(1, Map.of("b", HeapFootprint.NOT_MEASURED));
        String tsv = t.toTsv();
        assertEquals("component\t1\t16\na\t2048\t4096\nb\t-\t-\n", tsv);
        FootprintTable back = FootprintTable.parse(tsv);
        assertEquals(tsv, back.toTsv());
        assertEquals(4096, back.total(1));
        Path png = dir.resolve("f.png");
        FootprintPlot.write(back, png);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(1200, img.getWidth());
        assertTrue(Files.size(png) > 1000);
    }
}
