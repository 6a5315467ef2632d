package io.tailnode.derp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tailnode.control.json.MapDerpNode;
import io.tailnode.control.json.MapNode;
import io.tailnode.control.json.MapResponseScanner;
import io.tailnode.control.json.MapResponseVisitor;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The region table filled by the real MapResponse scanner; expected values from Jackson. */
class DerpRegionsTest {
    static byte[] fixture() throws Exception {
        try (InputStream in = DerpRegionsTest.class.getResourceAsStream("/control/tailscale-rs-map_response.json")) {
            return in.readAllBytes();
        }
    }

    /** Forwards the scanner's frame and DERP events to a DerpRegions, as the device visitor will. */
    static final class Feed implements MapResponseVisitor {
        final DerpRegions regions;

        Feed(DerpRegions regions) {
            this.regions = regions;
        }

        @Override
        public void frameStart() {
            regions.onFrameStart();
        }

        @Override
        public void keepAlive() {
        }

        @Override
        public void controlTime(long unixMillis) {
        }

        @Override
        public void nodeListStart(int kind) {
        }

        @Override
        public void node(MapNode node) {
        }

        @Override
        public void nodeDropped(int kind, long id, int reason) {
        }

        @Override
        public void nodeListEnd(int kind) {
        }

        @Override
        public void peerRemoved(long id) {
        }

        @Override
        public void derpNode(MapDerpNode node) {
            regions.onDerpNode(node);
        }

        @Override
        public void frameEnd(int result) {
            regions.onFrameEnd(result);
        }
    }

    static void scan(DerpRegions r, byte[] json) {
        MapResponseScanner s = new MapResponseScanner(4096, 8, 8, 8, 64, new Feed(r));
        s.frameStart(json.length);
        s.frameData(json, 0, json.length);
        s.frameEnd();
    }

    @Test
    void fixtureRegionsMatchJackson() throws Exception {
        byte[] json = fixture();
        DerpRegions r = new DerpRegions(64, 64);
        scan(r, json);
        JsonNode regions = new ObjectMapper().readTree(json).get("DERPMap").get("Regions");
        assertEquals(regions.size(), r.size());
        int lowest = Integer.MAX_VALUE;
        for (Iterator<Map.Entry<String, JsonNode>> it = regions.fields(); it.hasNext();) {
            JsonNode region = it.next().getValue();
            int id = region.get("RegionID").asInt();
            int i = r.indexOf(id);
            assertTrue(i >= 0, "region " + id);
            JsonNode dial = null;
            JsonNode stun = null;
            for (JsonNode n : region.get("Nodes")) {
                if (dial == null && !n.path("STUNOnly").asBoolean(false)) {
                    dial = n;
                }
                if (stun == null && n.path("STUNPort").asInt(0) >= 0) {
                    stun = n;
                }
            }
            assertEquals(dial != null, r.hasDerpNode(i));
            if (dial != null) {
                lowest = Math.min(lowest, id);
                byte[] host = new byte[64];
                int n = r.derpHost(i, host, 0);
                assertEquals(dial.get("HostName").asText(), new String(host, 0, n, StandardCharsets.US_ASCII));
                int port = dial.path("DERPPort").asInt(0);
                assertEquals(port == 0 ? 443 : port, r.derpPort(i));
                byte[] ip = new byte[4];
                if (dial.hasNonNull("IPv4") && !dial.get("IPv4").asText().equals("none")) {
                    assertTrue(r.derpIpv4(i, ip, 0));
                    assertEquals(InetAddress.getByName(dial.get("IPv4").asText()), InetAddress.getByAddress(ip));
                }
            }
            if (stun != null) {
                int sp = stun.path("STUNPort").asInt(0);
                assertEquals(sp == 0 ? 3478 : sp, r.stunPort(i));
            }
        }
        assertEquals(lowest, r.homeRegion(0));
        assertEquals(regions.fields().next().getValue().get("RegionID").asInt(),
                r.homeRegion(regions.fields().next().getValue().get("RegionID").asInt()));
    }

    @Test
    void stagedUpdatesReplaceOrLeaveTheTable() throws Exception {
        DerpRegions r = new DerpRegions(4, 32);
        scan(r, ("{\"DERPMap\":{\"Regions\":{\"900\":{\"RegionID\":900,\"Nodes\":[{\"Name\":\"s\",\"HostName\":"
                + "\"stun.example\",\"STUNOnly\":true},{\"Name\":\"a\",\"HostName\":\"relay.example\","
                + "\"IPv4\":\"198.18.0.1\",\"DERPPort\":8443,\"STUNPort\":-1}]}}}}").getBytes(StandardCharsets.UTF_8));
        assertEquals(1, r.size());
        assertEquals(900, r.homeRegion(5));
        byte[] host = new byte[32];
        assertEquals("relay.example", new String(host, 0, r.derpHost(0, host, 0), StandardCharsets.US_ASCII));
        assertEquals(8443, r.derpPort(0));
        assertEquals("stun.example", new String(host, 0, r.stunHost(0, host, 0), StandardCharsets.US_ASCII));
        assertEquals(3478, r.stunPort(0));
        assertFalse(r.stunIpv4(0, host, 0));
        // A frame without a DERPMap, and a malformed one, leave the table as it was.
        scan(r, "{\"KeepAlive\":true}".getBytes(StandardCharsets.UTF_8));
        scan(r, "{\"DERPMap\":{\"Regions\":{\"1\":{\"Nodes\":[{\"HostName\":\"x\"}]}}},\"Peers\":7".getBytes(StandardCharsets.UTF_8));
        assertEquals(1, r.size());
        assertEquals(900, r.regionIdAt(0));
        // Beyond capacity: dropped and counted.
        StringBuilder sb = new StringBuilder("{\"DERPMap\":{\"Regions\":{");
        for (int i = 1; i <= 6; i++) {
            sb.append(i > 1 ? "," : "").append("\"").append(i).append("\":{\"RegionID\":").append(i)
                    .append(",\"Nodes\":[{\"HostName\":\"h").append(i).append("\"}]}");
        }
        scan(r, sb.append("}}}").toString().getBytes(StandardCharsets.UTF_8));
        assertEquals(4, r.size());
        assertEquals(2, r.regionsDropped());
        assertEquals(-1, r.indexOf(900));
        assertEquals(1, r.homeRegion(0));
    }
}
