package io.tailnode.control.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The scanner over the real tailscale-rs fixtures; expected values come from Jackson (and InetAddress /
 * java.time), never from the parser under test.
 */
class MapResponseScannerTest {
    private static final ObjectMapper JACKSON = new ObjectMapper();
    private static final byte[] MAP = MapStreams.resource("tailscale-rs-map_response.json");
    private static final byte[] NODE = MapStreams.resource("tailscale-rs-node.json");

    private final RecordingVisitor visitor = new RecordingVisitor();

    private MapResponseScanner scanner(int maxAddr, int maxAllowed, int maxEp) {
        return new MapResponseScanner(4096, maxAddr, maxAllowed, maxEp, 64, visitor);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------- expected values via Jackson

    static String expectedNode(int kind, JsonNode n) throws Exception {
        StringBuilder sb = new StringBuilder();
        sb.append(kind).append(' ').append(n.get("ID").asLong());
        sb.append(" key=").append(key(n.get("Key"), "nodekey:"));
        sb.append(" disco=").append(key(n.get("DiscoKey"), "discokey:"));
        sb.append(" addr=").append(list(n.get("Addresses"), '/'));
        sb.append(" allowed=").append(list(n.get("AllowedIPs"), '/'));
        sb.append(" ep=").append(list(n.get("Endpoints"), ':'));
        int derp = n.has("HomeDERP") ? n.get("HomeDERP").asInt() : 0;
        if (derp == 0 && n.hasNonNull("DERP")) {
            derp = Integer.parseInt(n.get("DERP").asText().substring("127.3.3.40:".length()));
        }
        sb.append(" derp=").append(derp);
        return sb.toString();
    }

    private static String key(JsonNode k, String prefix) {
        if (k == null || k.isNull()) {
            return "-";
        }
        assertTrue(k.asText().startsWith(prefix));
        return k.asText().substring(prefix.length());
    }

    private static String list(JsonNode a, char sep) throws Exception {
        if (a == null || a.isNull()) {
            return "-";
        }
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < a.size(); i++) {
            String s = a.get(i).asText();
            int cut = sep == '/' ? s.lastIndexOf('/') : s.lastIndexOf(':');
            String host = s.substring(0, cut).replace("[", "").replace("]", "");
            if (i > 0) {
                sb.append(',');
            }
            sb.append(InetAddress.getByName(host).getHostAddress()).append(sep).append(s.substring(cut + 1));
        }
        return sb.append(']').toString();
    }

    static List<String> expectedNodes(JsonNode map) throws Exception {
        List<String> out = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = map.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            int kind = switch (e.getKey()) {
                case "Node" -> MapNode.KIND_SELF;
                case "Peers" -> MapNode.KIND_PEER;
                case "PeersChanged" -> MapNode.KIND_CHANGED;
                default -> -1;
            };
            if (kind == MapNode.KIND_SELF) {
                out.add(expectedNode(kind, e.getValue()));
            } else if (kind > 0) {
                for (JsonNode n : e.getValue()) {
                    out.add(expectedNode(kind, n));
                }
            }
        }
        return out;
    }

    static List<String> expectedDerp(JsonNode map) {
        List<String> out = new ArrayList<>();
        for (JsonNode region : map.get("DERPMap").get("Regions")) {
            for (JsonNode d : region.get("Nodes")) {
                int regionId = d.has("RegionID") ? d.get("RegionID").asInt() : region.get("RegionID").asInt();
                out.add(regionId + " " + d.get("HostName").asText() + " " + d.path("DERPPort").asInt(0)
                        + (d.path("STUNOnly").asBoolean(false) ? " stunOnly" : ""));
            }
        }
        return out;
    }

    // ------------------------------------------------------------- tests

    @ParameterizedTest(name = "chunk {0}")
    @ValueSource(ints = {1, 3, 7, 64, 1400, 16384, 1 << 20})
    void realMapResponseFixtureMatchesJackson(int chunk) throws Exception {
        JsonNode map = JACKSON.readTree(MAP);
        MapResponseScanner s = scanner(8, 8, 8);
        MapFrameReader reader = new MapFrameReader(1 << 20, s);
        assertEquals(0, MapStreams.feed(reader, MapStreams.frames(MAP), chunk));
        assertEquals(List.of(0), visitor.frameResults);
        List<String> expected = expectedNodes(map);
        assertEquals(6, expected.size(), "self node + 5 PeersChanged in the fixture");
        assertEquals(expected, visitor.nodes);
        assertTrue(visitor.nodes.get(0).startsWith("0 6523515364831089 "), "Node.ID above 2^52 read as a long");
        assertEquals(expectedDerp(map), visitor.derp);
        assertTrue(visitor.derp.size() > 28, "all nodes of the 28 regions");
        assertEquals(Instant.parse(map.get("ControlTime").asText()).toEpochMilli(), visitor.controlTime);
        assertEquals(0, s.nodesDropped());
        assertEquals(6, s.nodesReported());
        assertEquals(1, reader.framesCompleted());
        assertTrue(visitor.events.contains("listStart " + MapNode.KIND_CHANGED));
    }

    @Test
    void realNodeFixtureInAPeersList() throws Exception {
        byte[] doc = utf8("{\"Peers\":[" + new String(NODE, StandardCharsets.UTF_8) + "],\"KeepAlive\":false}");
        MapResponseScanner s = scanner(4, 4, 4);
        MapFrameReader reader = new MapFrameReader(1 << 16, s);
        assertEquals(0, MapStreams.feed(reader, MapStreams.frames(doc), 5));
        assertEquals(List.of(expectedNode(MapNode.KIND_PEER, JACKSON.readTree(NODE))), visitor.nodes);
        assertEquals(List.of("frameStart", "listStart 1", "node " + visitor.nodes.get(0), "listEnd 1", "frameEnd 0"),
                visitor.events);
    }

    @Test
    void addressOverflowDropsTheNodeAndCountsIt() throws Exception {
        JsonNode map = JACKSON.readTree(MAP);
        int over = 0;
        for (JsonNode n : map.get("PeersChanged")) {
            over += n.get("Addresses").size() > 1 ? 1 : 0;
        }
        over += map.get("Node").get("Addresses").size() > 1 ? 1 : 0;
        assertTrue(over > 0);
        MapResponseScanner s = scanner(1, 8, 8);
        assertEquals(0, MapStreams.feed(new MapFrameReader(1 << 20, s), MapStreams.frames(MAP), 1000));
        assertEquals(over, s.count(MapReason.TOO_MANY_ADDRESSES));
        assertEquals(over, s.nodesDropped());
        assertEquals(6 - over, s.nodesReported());
        assertEquals(List.of(0), visitor.frameResults, "an overflow drops the node, not the frame");
    }

    @Test
    void endpointOverflowAndMalformedValuesDropNodes() {
        String doc = "{\"PeersChanged\":["
                + "{\"ID\":1,\"Endpoints\":[\"1.2.3.4:1\",\"1.2.3.4:2\",\"1.2.3.4:3\"]},"
                + "{\"ID\":2,\"Key\":\"nodekey:00\"},"
                + "{\"ID\":3,\"Addresses\":[\"100.64.0.1/33\"]},"
                + "{\"ID\":4,\"Endpoints\":[\"1.2.3.4\"]},"
                + "{\"Key\":\"nodekey:" + "ab".repeat(32) + "\"},"
                + "{\"ID\":1.5},"
                + "{\"ID\":7,\"Endpoints\":[\"[2001:db8::1]:41641\",\"10.0.0.1:0\"],\"DERP\":\"127.3.3.40:9\"}"
                + "]}";
        MapResponseScanner s = scanner(2, 2, 2);
        assertEquals(0, MapStreams.feed(new MapFrameReader(1 << 16, s), MapStreams.frames(utf8(doc)), 3));
        assertEquals(List.of("frameStart", "listStart 2",
                "dropped 2 1 " + MapReason.TOO_MANY_ENDPOINTS,
                "dropped 2 2 " + MapReason.BAD_KEY,
                "dropped 2 3 " + MapReason.BAD_PREFIX,
                "dropped 2 4 " + MapReason.BAD_ENDPOINT,
                "dropped 2 0 " + MapReason.BAD_ID,
                "dropped 2 0 " + MapReason.BAD_ID,
                "node 2 7 key=- disco=- addr=- allowed=- ep=[2001:db8:0:0:0:0:0:1:41641,10.0.0.1:0] derp=9",
                "listEnd 2", "frameEnd 0"), visitor.events);
        assertEquals(6, s.nodesDropped());
        assertEquals(2, s.count(MapReason.BAD_ID));
    }

    @Test
    void keepAliveControlTimeRemovedAndPatch() {
        String doc = "{\"KeepAlive\":true,\"ControlTime\":\"2025-09-30T02:32:16.5+02:00\",\"PeersRemoved\":[5,"
                + "6523515364831089],\"PeersChangedPatch\":[{\"NodeID\":9,\"DERPRegion\":3,\"Endpoints\":"
                + "[\"1.1.1.1:2\"],\"Online\":true}],\"Unknown\":{\"deep\":[[[[\"x\"]]]]}}";
        MapResponseScanner s = scanner(2, 2, 2);
        assertEquals(0, MapStreams.feed(new MapFrameReader(1 << 16, s), MapStreams.frames(utf8(doc)), 1));
        assertEquals(Instant.parse("2025-09-30T00:32:16.500Z").toEpochMilli(), visitor.controlTime);
        assertEquals(List.of(5L, 6523515364831089L), visitor.removed);
        assertEquals(List.of("3 9 key=- disco=- addr=- allowed=- ep=[1.1.1.1:2] derp=3"), visitor.nodes);
        assertEquals(1, visitor.keepAlives);
    }

    @Test
    void severalFramesInOneStream() {
        byte[] a = utf8("{\"KeepAlive\":true}");
        byte[] b = utf8("{\"Node\":{\"ID\":1},\"PeersRemoved\":[2]}");
        MapResponseScanner s = scanner(2, 2, 2);
        MapFrameReader reader = new MapFrameReader(100, s);
        assertEquals(0, MapStreams.feed(reader, MapStreams.frames(a, b, a), 2));
        assertEquals(List.of(0, 0, 0), visitor.frameResults);
        assertEquals(3, s.framesOk());
    }

    @Test
    void malformedFrameIsRejectedAndStopsTheStream() {
        byte[] good = utf8("{\"Node\":{\"ID\":1}}");
        byte[] bad = utf8("{\"PeersChanged\":[{\"ID\":2},]}");
        MapResponseScanner s = scanner(2, 2, 2);
        MapFrameReader reader = new MapFrameReader(100, s);
        assertEquals(MapReason.JSON_ERROR, MapStreams.feed(reader, MapStreams.frames(good, bad, good), 4));
        assertEquals(List.of(0, MapReason.JSON_ERROR), visitor.frameResults);
        assertEquals(JsonReason.TRAILING_COMMA, s.parser().reason());
        assertEquals(MapReason.STREAM_FAILED, reader.feed(good, 0, 1));
        assertEquals(1, s.count(MapReason.JSON_ERROR));
    }

    @Test
    void truncatedJsonInACompleteFrameIsRejected() {
        MapResponseScanner s = scanner(2, 2, 2);
        MapFrameReader reader = new MapFrameReader(100, s);
        assertEquals(MapReason.JSON_ERROR, MapStreams.feed(reader, MapStreams.frames(utf8("{\"Node\":{\"ID\":1}")), 3));
        assertEquals(JsonReason.TRUNCATED, s.parser().reason());
        assertEquals(List.of(MapReason.JSON_ERROR), visitor.frameResults);
    }

    @Test
    void wrongTypesOfConsumedFieldsAreSchemaErrors() {
        for (String doc : new String[] {"[]", "{\"Peers\":5}", "{\"KeepAlive\":\"yes\"}", "{\"Node\":[]}",
                "{\"PeersRemoved\":[\"x\"]}", "{\"PeersChanged\":[{\"Addresses\":\"1.2.3.4/32\"}]}",
                "{\"DERPMap\":{\"Regions\":{\"1\":{\"Nodes\":[{\"HostName\":1}]}}}}"}) {
            visitor.frameResults.clear();
            MapResponseScanner s = scanner(2, 2, 2);
            int r = MapStreams.feed(new MapFrameReader(100, s), MapStreams.frames(utf8(doc)), 100);
            assertEquals(MapReason.SCHEMA, r, doc);
            assertEquals(List.of(MapReason.SCHEMA), visitor.frameResults, doc);
        }
    }

    @Test
    void nullFieldsMeanUnchanged() {
        String doc = "{\"Node\":null,\"Peers\":null,\"DERPMap\":null,\"ControlTime\":null,\"PeersChanged\":[{\"ID\":3,"
                + "\"Key\":null,\"Addresses\":null,\"AllowedIPs\":null,\"Endpoints\":null,\"HomeDERP\":null}]}";
        MapResponseScanner s = scanner(2, 2, 2);
        assertEquals(0, MapStreams.feed(new MapFrameReader(1000, s), MapStreams.frames(utf8(doc)), 7));
        assertEquals(List.of("2 3 key=- disco=- addr=- allowed=- ep=- derp=0"), visitor.nodes);
    }

    @Test
    void depthOver64RejectsTheFrameEvenInsideASkippedField() {
        String ok = "{\"Hostinfo\":" + "[".repeat(63) + "]".repeat(63) + "}";
        String deep = "{\"Hostinfo\":" + "[".repeat(64) + "]".repeat(64) + "}";
        MapResponseScanner s = scanner(2, 2, 2);
        MapFrameReader reader = new MapFrameReader(1000, s);
        assertEquals(0, MapStreams.feed(reader, MapStreams.frames(utf8(ok)), 1000));
        assertEquals(MapReason.JSON_ERROR, MapStreams.feed(reader, MapStreams.frames(utf8(deep)), 1000));
        assertEquals(JsonReason.DEPTH_EXCEEDED, s.parser().reason());
    }
}
