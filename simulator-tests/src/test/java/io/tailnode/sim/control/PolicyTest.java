package io.tailnode.sim.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Policy file → tailcfg FilterRules per destination node, delivered in the map (PacketFilter and PacketFilters). */
class PolicyTest extends ControlTestBase {
    static TailnetNode node(long id, String v4, String v6, String name, String... tags) {
        TailnetNode n = new TailnetNode(id, "s" + id, "mkey:x", v4, v6, Instant.EPOCH);
        n.name = name;
        n.tags = List.of(tags);
        return n;
    }

    final TailnetNode plc = node(1, "100.64.0.1", "fd7a:115c:a1e0::1", "plc", "tag:plc");
    final TailnetNode hmi = node(2, "100.64.0.2", "fd7a:115c:a1e0::2", "hmi", "tag:hmi");
    final TailnetNode laptop = node(3, "100.64.0.3", "fd7a:115c:a1e0::3", "laptop");
    final List<TailnetNode> all = List.of(plc, hmi, laptop);

    @Test
    void rulesCompileForTheirDestinationOnly() {
        Policy p = Policy.parse("{\"acls\":[{\"src\":[\"tag:hmi\",\"198.18.0.0/15\"],\"dst\":[\"tag:plc:502,8000-8100\"],"
                + "\"proto\":\"tcp\"},{\"src\":[\"laptop\"],\"dst\":[\"100.64.0.0/10:*\"]}]}");
        ArrayNode forPlc = p.compile(plc, all);
        assertEquals(2, forPlc.size());
        JsonNode r = forPlc.get(0);
        assertEquals("[\"100.64.0.2\",\"fd7a:115c:a1e0::2\",\"198.18.0.0/15\"]", r.get("SrcIPs").toString());
        assertEquals("[{\"IP\":\"100.64.0.1\",\"Ports\":{\"First\":502,\"Last\":502}},"
                + "{\"IP\":\"100.64.0.1\",\"Ports\":{\"First\":8000,\"Last\":8100}},"
                + "{\"IP\":\"fd7a:115c:a1e0::1\",\"Ports\":{\"First\":502,\"Last\":502}},"
                + "{\"IP\":\"fd7a:115c:a1e0::1\",\"Ports\":{\"First\":8000,\"Last\":8100}}]", r.get("DstPorts").toString());
        assertEquals("[6]", r.get("IPProto").toString());
        JsonNode any = forPlc.get(1);
        assertEquals("[\"100.64.0.3\",\"fd7a:115c:a1e0::3\"]", any.get("SrcIPs").toString());
        assertEquals("[{\"IP\":\"100.64.0.0/10\",\"Ports\":{\"First\":0,\"Last\":65535}}]", any.get("DstPorts").toString());
        assertFalse(any.has("IPProto"), "no proto = the default TCP, UDP, ICMP");
        // The HMI is only reached by the CIDR rule; the laptop (100.64.0.3) too.
        assertEquals(1, p.compile(hmi, all).size());
    }

    @Test
    void nothingSelectingANodeIsAnEmptyFilterWhichDeniesAll() {
        Policy p = Policy.parse("{\"acls\":[{\"src\":[\"*\"],\"dst\":[\"tag:plc:80\"]}]}");
        assertEquals("[]", p.compile(laptop, all).toString());
        assertEquals("[{\"SrcIPs\":[\"*\"],\"DstPorts\":[{\"IP\":\"100.64.0.1\",\"Ports\":{\"First\":80,\"Last\":80}},"
                + "{\"IP\":\"fd7a:115c:a1e0::1\",\"Ports\":{\"First\":80,\"Last\":80}}]}]", p.compile(plc, all).toString());
        // A tag nobody carries yet as source: no rule rather than a rule with no sources.
        assertEquals("[]", Policy.parse("{\"acls\":[{\"src\":[\"tag:none\"],\"dst\":[\"*:*\"]}]}").compile(plc, all).toString());
    }

    @Test
    void grantBecomesCapGrantOnlyRule() {
        Policy p = Policy.parse("{\"grants\":[{\"src\":[\"tag:hmi\"],\"dst\":[\"tag:plc\"],"
                + "\"cap\":{\"tailnode.io/cap/modbus\":[{\"write\":true}]}}]}");
        ArrayNode f = p.compile(plc, all);
        assertEquals("[{\"SrcIPs\":[\"100.64.0.2\",\"fd7a:115c:a1e0::2\"],\"CapGrant\":[{\"Dsts\":[\"100.64.0.1/32\","
                + "\"fd7a:115c:a1e0::1/128\"],\"CapMap\":{\"tailnode.io/cap/modbus\":[{\"write\":true}]}}]}]", f.toString());
        assertFalse(f.get(0).has("DstPorts"));
        assertEquals("[]", p.compile(hmi, all).toString());
    }

    @Test
    void malformedPoliciesAreRejectedWithTheReason() {
        String[][] cases = {
            {"[]", "must be a JSON object"},
            {"{\"acl\":[]}", "unknown key \"acl\""},
            {"{\"acls\":[{\"src\":[\"*\"]}]}", "acls[0]: \"dst\""},
            {"{\"acls\":[{\"src\":[\"*\"],\"dst\":[\"tag:plc\"]}]}", "needs :PORTS"},
            {"{\"acls\":[{\"src\":[\"*\"],\"dst\":[\"*:70000\"]}]}", "bad port range"},
            {"{\"acls\":[{\"src\":[\"*\"],\"dst\":[\"*:9-8\"]}]}", "bad port range"},
            {"{\"acls\":[{\"src\":[\"300.1.1.1\"],\"dst\":[\"*:*\"]}]}", "not a valid IP"},
            {"{\"acls\":[{\"src\":[\"*\"],\"dst\":[\"*:*\"],\"proto\":\"gre-ish\"}]}", "proto"},
            {"{\"grants\":[{\"src\":[\"*\"],\"dst\":[\"*\"]}]}", "\"cap\""},
            {"{\"acls\":", "not JSON"},
        };
        for (String[] c : cases) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Policy.parse(c[0]), c[0]);
            assertTrue(e.getMessage().contains(c[1]), c[0] + " -> " + e.getMessage());
        }
    }

    @Test
    void policyFileAndSetPolicyReachTheStreamAsPacketFilter(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("policy.json");
        Files.writeString(file, "{\"acls\":[{\"src\":[\"*\"],\"dst\":[\"tag:plc:80\"]}]}");
        ControlConfig c = config();
        c.policyFile = file;
        start(c);
        String key = server.createAuthKey(true, null, "tag:plc");
        TestControlClient.Device a = new TestControlClient.Device();
        TestControlClient ca = joined(a, key, "plc");
        int map = openMap(ca, a, "plc");
        JsonNode full = ca.nextFrame(map);
        assertEquals(80, full.get("PacketFilter").get(0).get("DstPorts").get(0).get("Ports").get("First").asInt());
        assertFalse(full.has("PacketFilters"));
        server.setPolicy("{\"acls\":[{\"src\":[\"*\"],\"dst\":[\"tag:other:22\"]}]}");
        JsonNode delta = ca.nextFrameWhere(map, f -> f.has("PacketFilter"));
        assertEquals("[]", delta.get("PacketFilter").toString(), "no rule for this node = deny all inbound");
    }

    @Test
    void packetFiltersMapQuirkSendsBase() throws Exception {
        ControlConfig c = config();
        c.packetFiltersMap = true;
        start(c);
        TestControlClient.Device a = new TestControlClient.Device();
        TestControlClient ca = joined(a, server.createAuthKey(false, null), "a");
        int map = openMap(ca, a, "a");
        JsonNode full = ca.nextFrame(map);
        assertFalse(full.has("PacketFilter"));
        assertEquals("*", full.get("PacketFilters").get("base").get(0).get("SrcIPs").get(0).asText());
        server.setPolicy("{\"grants\":[{\"src\":[\"*\"],\"dst\":[\"*\"],\"cap\":{\"x/y\":[{}]}}]}");
        JsonNode delta = ca.nextFrameWhere(map, f -> f.has("PacketFilters"));
        assertTrue(delta.get("PacketFilters").get("base").get(0).has("CapGrant"));
    }
}
