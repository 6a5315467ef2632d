package io.tailnode.control.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * PacketFilter / PacketFilters events of the scanner: counts over the tailscale-rs MapResponse fixture checked
 * against Jackson, the same events whatever the chunking (down to one byte), skipped without a filter visitor,
 * and the named-set structure ("*", null, nested unknown fields skipped in constant memory).
 */
class MapResponseScannerFilterTest {
    private static final byte[] MAP = MapStreams.resource("tailscale-rs-map_response.json");

    private static List<String> events(byte[] json, int chunk) {
        JsonFuzzTest.StagingVisitor v = new JsonFuzzTest.StagingVisitor();
        MapFrameReader r = new MapFrameReader(1 << 20, new MapResponseScanner(4096, 4, 4, 4, 64, v, v));
        assertEquals(0, MapStreams.feed(r, MapStreams.frames(json), chunk));
        return v.committed;
    }

    private static long count(List<String> events, String prefix) {
        return events.stream().filter(e -> e.startsWith(prefix)).count();
    }

    @Test
    void theFixtureFilterEventsMatchJackson() throws Exception {
        JsonNode pf = new ObjectMapper().readTree(MAP).get("PacketFilter");
        int sources = 0;
        int destinations = 0;
        int capGrants = 0;
        for (JsonNode rule : pf) {
            sources += rule.path("SrcIPs").size();
            destinations += rule.path("DstPorts").size();
            capGrants += rule.has("CapGrant") ? 1 : 0;
        }
        List<String> whole = events(MAP, MAP.length);
        assertEquals(1, count(whole, "set 0 "), "one legacy PacketFilter list");
        assertEquals(pf.size(), count(whole, "rule end"));
        assertEquals(sources, count(whole, "src "));
        assertEquals(destinations, count(whole, "dst "));
        assertEquals(capGrants, count(whole, "capgrant"));
        assertEquals(0, count(whole, "proto "));
        assertEquals(whole, events(MAP, 1), "byte by byte");
        assertEquals(whole, events(MAP, 333));
    }

    @Test
    void withoutAFilterVisitorPacketFiltersAreSkipped() {
        JsonFuzzTest.StagingVisitor v = new JsonFuzzTest.StagingVisitor();
        MapFrameReader r = new MapFrameReader(1 << 20, new MapResponseScanner(4096, 4, 4, 4, 64, v));
        assertEquals(0, MapStreams.feed(r, MapStreams.frames(MAP), 1000));
        assertEquals(0, count(v.committed, "rule"));
        assertTrue(v.committed.size() > 30);
    }

    @Test
    void namedSetsNullsAndUnknownFields() {
        String json = "{\"PacketFilters\":{\"*\":null,\"base\":[null,{\"Future\":{\"x\":[[[{\"y\":\"z\"}]]]},"
                + "\"IPProto\":[6,300,99999999999],\"SrcIPs\":[\"*\",\"bad\"],\"DstPorts\":[{\"Ports\":{\"Last\":9,"
                + "\"First\":8},\"IP\":\"fd7a::/16\",\"Bits\":1}]}],\"gone\":null},\"PacketFilter\":null}";
        List<String> e = events(json.getBytes(StandardCharsets.UTF_8), 7);
        assertEquals(List.of("filters", "set removed *", "set 1 base", "rule", "proto 6", "proto 300", "proto -1"),
                e.subList(0, 7), "a null rule and the unknown subtree leave no trace; 99999999999 is reported as -1");
        assertTrue(e.get(7).startsWith("src 1 "), "\"*\" (kind 1); \"bad\" is not reported: " + e.get(7));
        assertTrue(e.get(8).startsWith("dst 0 6 [-3, 122, 0"), e.get(8));
        assertTrue(e.get(8).endsWith(" 8-9"), e.get(8));
        assertEquals(List.of("rule end", "set end", "set removed gone"), e.subList(9, 12));
        assertEquals(12, e.size());
    }
}
