package io.tailnode.control.map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.filter.FilterConfig;
import io.tailnode.filter.FilterTable;
import io.tailnode.testing.Fuzz;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fuzz target {@code filterjson}: map frames carrying PacketFilter / PacketFilters through the production
 * MapFrameReader + MapResponseScanner into a {@link PacketFilterApplier} that already holds a committed filter.
 * Seeds: {@code fuzz/filterjson/*.json} (legacy and named forms, "*" clear, CapGrant, nulls and empties) and the
 * tailscale-rs sample filter and MapResponse fixtures.
 * <p>
 * Properties: nothing is thrown; the input is never written; a rejected or unfinished frame leaves the filter
 * and its set names exactly as they were; an accepted frame gives the same filter whatever the chunking (one
 * piece, or pieces of 1 to 13 bytes); every stored rule has a source and a destination and the table stays
 * within its capacities.
 */
class PacketFilterFuzzTest {
    private static final String BASE = "{\"PacketFilters\":{\"base\":[{\"SrcIPs\":[\"100.64.0.2\"],\"DstPorts\":[{\"IP\""
            + ":\"100.64.0.1\",\"Ports\":{\"First\":22,\"Last\":22}}]}],\"old\":[{\"SrcIPs\":[\"*\"],\"DstPorts\":[{\"IP\""
            + ":\"*\",\"Ports\":{\"First\":7,\"Last\":7}}]}]}}";
    private static int accepted;
    private static int rejected;

    private static FilterHarness harness() {
        FilterConfig c = FilterHarness.config(6, 48, 12);
        c.maxSets = 3;
        FilterHarness h = new FilterHarness(c);
        if (h.apply(BASE) != 0) {
            throw new AssertionError("base filter");
        }
        return h;
    }

    private static void check(byte[] in) {
        byte[] copy = in.clone();
        int hash = Arrays.hashCode(in);
        FilterHarness h = harness();
        String before = h.dump();
        String setsBefore = h.sets();
        int r = h.apply(in, Math.max(1, in.length));
        assertArrayEquals(copy, in, "input written");
        if (r < 0 || h.reader.inFrame()) {
            assertEquals(before, h.dump(), "a rejected frame changed the filter");
            assertEquals(setsBefore, h.sets());
            rejected++;
            return;
        }
        accepted++;
        FilterHarness g = harness();
        assertEquals(0, g.apply(in, 1 + Math.floorMod(hash, 13)));
        assertEquals(h.dump(), g.dump(), "chunking changed the result");
        assertEquals(h.sets(), g.sets());
        FilterTable t = h.filter.rules();
        assertTrue(t.ruleCount() <= 6 && t.sourceCount() <= 48 && t.destinationCount() <= 12);
        for (int i = 0; i < t.ruleCount(); i++) {
            assertTrue(t.ruleSourceCount(i) > 0 && t.ruleDestinationCount(i) > 0, "empty rule stored");
            assertTrue(t.group(i) >= 0 && t.group(i) < h.applier.setCount(), "group " + t.group(i));
        }
    }

    @Test
    void filterFramesNeverCorruptTheFilter() {
        List<byte[]> fixtures = List.of(FilterHarness.resource("tailscale-rs-map_response.json"),
                ("{\"PacketFilter\":" + new String(FilterHarness.resource("tailscale-rs-sample_filter.json"),
                        java.nio.charset.StandardCharsets.UTF_8).substring(0, 3000) + "\"]}]}").getBytes(
                        java.nio.charset.StandardCharsets.UTF_8));
        Fuzz.Report report = Fuzz.run("filterjson", fixtures, null, PacketFilterFuzzTest::check);
        System.out.println(report + ": " + accepted + " frames accepted, " + rejected + " rejected");
        assertTrue(report.runs > 100, report.toString());
        assertTrue(accepted > 50 && rejected > 50, accepted + " accepted, " + rejected + " rejected");
    }
}
