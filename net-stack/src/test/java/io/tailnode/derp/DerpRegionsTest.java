package io.tailnode.derp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tailnode.control.json.MapReason;
import io.tailnode.control.json.MapResponseScanner;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
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

    static void scan(DerpRegions r, byte[] json) {
        DerpMapFixture.scan(r, json);
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
                // Tailscale's public map has no CertName: chain verification against the HostName
                assertFalse(dial.hasNonNull("CertName"));
                assertFalse(r.derpHasCertName(i));
                assertFalse(r.derpPin(i, new byte[32], 0));
                assertEquals(dial.get("HostName").asText(), ascii(host, r.derpTlsName(i, host, 0)));
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

    static String ascii(byte[] b, int n) {
        return new String(b, 0, n, StandardCharsets.US_ASCII);
    }

    @Test
    void certNamePinIsKeptAsThirtyTwoBytes() {
        String pinHex = "00112233445566778899aabbccddeeff00112233445566778899AABBCCDDEEFF";
        DerpRegions r = new DerpRegions(4, 32);
        scan(r, DerpMapFixture.mapResponse(DerpMapFixture.oneRegion(900, "relay.example", "sha256-raw:" + pinHex,
                "198.18.0.1", 8443, 3478)));
        int i = r.indexOf(900);
        assertTrue(r.derpHasCertName(i));
        byte[] pin = new byte[32];
        assertTrue(r.derpPin(i, pin, 0));
        assertArrayEquals(HexFormat.of().parseHex(pinHex.toLowerCase()), pin);
        // pin mode: the name for SNI stays the HostName (the pin is not a name)
        byte[] name = new byte[32];
        assertEquals("relay.example", ascii(name, r.derpTlsName(i, name, 0)));
    }

    @Test
    void certNameThatIsANameBecomesTheTlsName() {
        DerpRegions r = new DerpRegions(4, 32);
        scan(r, DerpMapFixture.mapResponse(DerpMapFixture.oneRegion(7, "198.18.0.9", "derp7.example", "198.18.0.9",
                0, -1)));
        int i = r.indexOf(7);
        byte[] name = new byte[32];
        assertTrue(r.derpHasCertName(i));
        assertFalse(r.derpPin(i, name, 0));
        assertEquals("derp7.example", ascii(name, r.derpTlsName(i, name, 0)));
        assertEquals("198.18.0.9", ascii(name, r.derpHost(i, name, 0)));
        assertEquals(443, r.derpPort(i));
    }

    @Test
    void withoutCertNameTheHostNameIsTheTlsName() {
        DerpRegions r = new DerpRegions(4, 32);
        // a pin first, then a map without CertName: nothing of the old pin survives the replacement
        scan(r, DerpMapFixture.mapResponse(DerpMapFixture.oneRegion(1, "a.example", "sha256-raw:" + "ab".repeat(32),
                "198.18.0.1", 443, 3478)));
        scan(r, DerpMapFixture.mapResponse(DerpMapFixture.oneRegion(1, "b.example", null, "198.18.0.2", 443, 3478)));
        byte[] name = new byte[32];
        assertFalse(r.derpHasCertName(0));
        assertFalse(r.derpPin(0, name, 0));
        assertEquals("b.example", ascii(name, r.derpTlsName(0, name, 0)));
        // An empty CertName is none, as in Go.
        scan(r, DerpMapFixture.mapResponse(DerpMapFixture.oneRegion(1, "c.example", "", "198.18.0.3", 443, 3478)));
        assertFalse(r.derpHasCertName(0));
        assertEquals("c.example", ascii(name, r.derpTlsName(0, name, 0)));
    }

    @Test
    void malformedPinIsANameAndOverlongNamesDropTheNode() {
        DerpRegions r = new DerpRegions(4, 32);
        // 63 hex digits: not a pin, so a (long) name; 74 bytes > maxHost 32: refused, the table stays empty
        MapResponseScanner s = DerpMapFixture.scan(r, DerpMapFixture.mapResponse(DerpMapFixture.oneRegion(1,
                "a.example", "sha256-raw:" + "a".repeat(63), "198.18.0.1", 443, 3478)));
        assertEquals(0, s.count(MapReason.DERP_CERT_NAME_TOO_LONG), "the scanner keeps up to 75 bytes");
        assertEquals(0, r.size());
        r.beginUpdate();
        byte[] host = "h".getBytes(StandardCharsets.US_ASCII);
        byte[] cert = "x".repeat(33).getBytes(StandardCharsets.US_ASCII);
        assertEquals(DerpRegions.CERT_NAME_TOO_LONG, r.add(1, host, 0, 1, cert, 0, cert.length, null, 0, 0, 0, false));
        assertEquals(DerpRegions.OK, r.add(1, host, 0, 1, cert, 0, 32, null, 0, 0, 0, false));
        r.commitUpdate();
        assertEquals(1, r.size());
        // A CertName longer than the scanner keeps (max(maxHostName, 75)) drops that node, counted.
        s = DerpMapFixture.scan(r, DerpMapFixture.mapResponse(DerpMapFixture.oneRegion(2, "b.example",
                "n".repeat(76), "198.18.0.1", 443, 3478)));
        assertEquals(1, s.count(MapReason.DERP_CERT_NAME_TOO_LONG));
        assertEquals(1, r.size(), "a frame whose only node was dropped leaves the table");
        assertEquals(1, r.regionIdAt(0));
    }
}
