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
    void everyBuiltComponentRetainsSomethingAndUnbuiltOnesAreMarked() {
        Map<String, Long> m = HeapFootprint.measure(new ConfiguredClient(1, 4));
        for (Map.Entry<String, Long> e : m.entrySet()) {
            if (e.getKey().startsWith("DERP") || e.getKey().startsWith("disco")) {
                assertEquals(HeapFootprint.NOT_MEASURED, e.getValue(), e.getKey());
            } else {
                assertTrue(e.getValue() > 0, e.getKey() + " retains nothing: attribution order hides it");
            }
        }
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
