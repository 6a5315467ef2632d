package io.tailnode.control.map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.control.json.MapReason;
import io.tailnode.filter.FilterConfig;
import io.tailnode.filter.FilterReason;
import io.tailnode.filter.FilterTable;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * PacketFilter / PacketFilters from map frames into the InboundFilter: the tailscale-rs fixtures (expected values
 * written by hand from the files), named-set semantics, CapGrant, capacities, all or nothing per frame.
 */
class PacketFilterApplierTest {
    private static final int TCP = 6;
    private static final int UDP = 17;
    private static final int PING = 1;
    private static final String ME = "100.64.0.1";

    private static String rule(String src, String dstIp, int first, int last) {
        return "{\"SrcIPs\":[\"" + src + "\"],\"DstPorts\":[{\"IP\":\"" + dstIp + "\",\"Ports\":{\"First\":" + first
                + ",\"Last\":" + last + "}}]}";
    }

    @Test
    void theSampleFilterFixture() {
        FilterHarness h = new FilterHarness(FilterHarness.config(8, 1200, 32));
        byte[] sample = FilterHarness.resource("tailscale-rs-sample_filter.json");
        byte[] json = concat("{\"PacketFilter\":", sample, "}");
        assertEquals(0, h.apply(json, 1400));
        FilterTable t = h.filter.rules();
        assertEquals(3, t.ruleCount());
        // Rule 0: 1,064 SrcIPs (532 IPv4, 532 IPv6), two single-port destinations. Five addresses are listed twice
        // (100.64.17.131, 100.64.166.167, 100.64.195.223, 100.64.228.70, 100.64.230.119) and six pairs are adjacent
        // (100.64.19.206/.207 ... 100.64.180.255/100.64.181.0): sorted and merged, 1,053 ranges remain.
        assertEquals(1053, t.ruleSourceCount(0));
        assertEquals(2, t.ruleDestinationCount(0));
        assertEquals(6, t.ruleSourceCount(1));
        assertEquals(2, t.ruleDestinationCount(1));
        assertEquals(26, t.ruleSourceCount(2));
        assertEquals(12, t.ruleDestinationCount(2), "six \"*\" destinations, two ranges each");
        assertEquals(1053 + 6 + 26, t.sourceCount());
        String dump = h.dump();
        String[] lines = dump.split("\n");
        assertTrue(lines[0].contains(" 100.64.16.220 100.64.17.131 100.64.17.149 "), "one 100.64.17.131");
        assertTrue(lines[0].contains(" 100.64.19.75 100.64.19.206-100.64.19.207 100.64.20.42 "), lines[0]);
        assertTrue(lines[0].contains(" 100.64.180.255-100.64.181.0 "), lines[0]);
        assertTrue(lines[0].startsWith("rule 0 group 0 src 100.64.1.77 100.64.2.33 100.64.2.55 "), lines[0]);
        assertTrue(lines[0].endsWith(" fd7a:115c:a1e0:ff1e:ae36:303b:2f93:666f dst 100.64.122.188:51394-51394 "
                + "fd7a:115c:a1e0:a4e6:60ab:85e3:4c6a:5032:26016-26016 proto 1 6 17 58"), lines[0]);
        assertEquals("rule 1 group 0 src 100.64.30.8 100.64.53.25 100.64.137.56 fd7a:115c:a1e0:3ba7:a2ab:715e:a7fc:d250 "
                + "fd7a:115c:a1e0:3ca4:2204:f3a9:9d4f:e152 fd7a:115c:a1e0:ce7f:8aac:1a8b:50b4:27d8 "
                + "dst 100.64.244.211:0-65535 fd7a:115c:a1e0:b06a:3a1:f409:9893:8dba:0-65535 proto 1 6 17 58", lines[1]);
        assertTrue(lines[2].startsWith("rule 2 group 0 src 100.64.33.42 100.64.38.107 100.64.42.237 "), lines[2]);
        assertTrue(lines[2].contains(" fd7a:115c:a1e0:fb79:12c9:6a39:a41f:e4d8 dst 0.0.0.0-255.255.255.255:40709-40709 "
                + "0:0:0:0:0:0:0:0-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff:40709-40709 "
                + "0.0.0.0-255.255.255.255:12069-12069"), lines[2]);
        assertEquals("base", h.sets());

        assertTrue(h.allows(TCP, "100.64.1.77", "100.64.122.188", 51394));
        assertFalse(h.allows(TCP, "100.64.1.77", "100.64.122.188", 51395));
        assertTrue(h.allows(UDP, "fd7a:115c:a1e0:ff1e:ae36:303b:2f93:666f", "fd7a:115c:a1e0:a4e6:60ab:85e3:4c6a:5032",
                26016));
        assertFalse(h.allows(TCP, "100.64.1.77", "fd7a:115c:a1e0:a4e6:60ab:85e3:4c6a:5032", 26016));
        assertTrue(h.allows(TCP, "100.64.30.8", "100.64.244.211", 1));
        assertTrue(h.allows(PING, "100.64.30.8", "100.64.244.211", 0));
        assertTrue(h.allows(TCP, "100.64.33.42", "100.64.122.188", 40709), "rule 2: any destination");
        assertFalse(h.allows(TCP, "100.64.33.42", "100.64.122.188", 51394), "not a rule 0 source");
        assertFalse(h.allows(TCP, "100.64.1.78", "100.64.122.188", 51394));

        // The same rules as PacketFilters {"base": ...} (Headscale's form) give the same table.
        FilterHarness named = new FilterHarness(FilterHarness.config(8, 1200, 32));
        assertEquals(0, named.apply(concat("{\"PacketFilters\":{\"base\":", sample, "}}"), 977));
        assertEquals(dump, named.dump());
        assertEquals("base", named.sets());
    }

    @Test
    void theMapResponseFixtureAndItsCapGrantRule() {
        FilterHarness h = new FilterHarness(FilterHarness.config(8, 64, 32));
        assertEquals(0, h.apply(FilterHarness.resource("tailscale-rs-map_response.json"), 1400));
        FilterTable t = h.filter.rules();
        // Rule 0 has CapGrant and no DstPorts: it allows no packet and is not stored.
        assertEquals(1, h.applier.capGrants());
        assertEquals(1, h.applier.rulesAllowingNothing());
        assertEquals(2, t.ruleCount());
        assertEquals("rule 0 group 0 src 100.80.20.10 100.80.40.20 100.80.60.40 fd7a:115c:a1e0:0:0:0:b000:1234 "
                + "fd7a:115c:a1e0:0:0:0:b001:5678 fd7a:115c:a1e0:0:0:0:f000:9abc dst 100.80.60.40:0-65535 "
                + "fd7a:115c:a1e0:0:0:0:b000:1234:0-65535 proto 1 6 17 58", h.dump().split("\n")[0]);
        // 26 SrcIPs; 100.105.123.1 to .8 are consecutive and become one range.
        assertEquals(19, t.ruleSourceCount(1));
        assertTrue(h.dump().split("\n")[1].startsWith("rule 1 group 0 src 100.105.123.1-100.105.123.8 100.106.123.9 "));
        assertEquals(10, t.ruleDestinationCount(1), "ports 80, 443, 8080, 5678, 1234 on \"*\"");
        assertTrue(h.allows(TCP, "100.80.40.20", "100.80.60.40", 22));
        assertTrue(h.allows(TCP, "100.105.123.1", "100.64.7.7", 8080));
        assertFalse(h.allows(TCP, "100.105.123.1", "100.64.7.7", 8081));
        // The CapGrant rule's destination 100.105.123.1 is granted nothing by it.
        assertFalse(h.allows(TCP, "100.80.40.20", "100.105.123.1", 22));
        assertFalse(h.allows(PING, "100.80.40.20", "100.105.123.1", 0));
    }

    @Test
    void aCapGrantOnlyRuleGrantsNothing() {
        FilterHarness h = new FilterHarness(FilterHarness.config(8, 64, 32));
        assertEquals(0, h.apply("{\"PacketFilter\":[{\"SrcIPs\":[\"100.64.0.2\",\"*\"],\"CapGrant\":[{\"Dsts\":"
                + "[\"100.64.0.1/32\",\"*\"],\"Caps\":[\"https://tailscale.com/cap/drive\"]}]}]}"));
        assertEquals(0, h.filter.rules().ruleCount());
        for (int proto : new int[] {TCP, UDP, PING}) {
            assertEquals(FilterReason.DROP_NO_RULE, h.judge(proto, "100.64.0.2", ME, 445), "proto " + proto);
        }
        assertEquals(1, h.applier.capGrants());
        assertEquals(1, h.applier.framesApplied());
    }

    @Test
    void defaultIsDenyAndAFrameWithoutFilterKeepsTheCurrentOne() {
        FilterHarness h = new FilterHarness(FilterHarness.config(8, 64, 32));
        assertEquals(FilterReason.DROP_NO_RULE, h.judge(TCP, "100.64.0.2", ME, 22), "before any filter");
        assertEquals(0, h.apply("{\"PacketFilter\":[" + rule("100.64.0.2", ME, 22, 22) + "]}"));
        assertTrue(h.allows(TCP, "100.64.0.2", ME, 22));
        String before = h.dump();
        assertEquals(0, h.apply("{\"KeepAlive\":true}"));
        assertEquals(0, h.apply("{\"PeersRemoved\":[1],\"PacketFilter\":null,\"PacketFilters\":null}"));
        assertEquals(before, h.dump());
        assertEquals(1, h.applier.framesApplied());
        // An empty PacketFilter list: "base" is empty, so nothing is allowed (not "unchanged").
        assertEquals(0, h.apply("{\"PacketFilter\":[]}"));
        assertEquals(0, h.filter.rules().ruleCount());
        assertFalse(h.allows(TCP, "100.64.0.2", ME, 22));
        assertEquals("base", h.sets());
    }

    @Test
    void namedSetsAreReplacedRemovedAndClearedLikeGo() {
        FilterHarness h = new FilterHarness(FilterHarness.config(8, 64, 32));
        String a = "[" + rule("100.64.0.2", ME, 22, 22) + "]";
        String b = "[" + rule("100.64.0.3", ME, 80, 80) + "]";
        String c = "[" + rule("100.64.0.4", ME, 443, 443) + "]";
        assertEquals(0, h.apply("{\"PacketFilters\":{\"base\":" + a + "}}"));
        assertEquals(0, h.apply("{\"PacketFilters\":{\"extra\":" + b + "}}"));
        assertEquals("base,extra", h.sets());
        assertTrue(h.allows(TCP, "100.64.0.2", ME, 22));
        assertTrue(h.allows(TCP, "100.64.0.3", ME, 80));
        // Replace one set: the other stays.
        assertEquals(0, h.apply("{\"PacketFilters\":{\"extra\":" + c + "}}"));
        assertTrue(h.allows(TCP, "100.64.0.2", ME, 22));
        assertFalse(h.allows(TCP, "100.64.0.3", ME, 80));
        assertTrue(h.allows(TCP, "100.64.0.4", ME, 443));
        // The older PacketFilter field replaces "base" only.
        assertEquals(0, h.apply("{\"PacketFilter\":" + b + "}"));
        assertEquals("base,extra", h.sets());
        assertFalse(h.allows(TCP, "100.64.0.2", ME, 22));
        assertTrue(h.allows(TCP, "100.64.0.3", ME, 80));
        assertTrue(h.allows(TCP, "100.64.0.4", ME, 443));
        // null removes a set.
        assertEquals(0, h.apply("{\"PacketFilters\":{\"base\":null}}"));
        assertEquals("extra", h.sets());
        assertFalse(h.allows(TCP, "100.64.0.3", ME, 80));
        assertTrue(h.allows(TCP, "100.64.0.4", ME, 443));
        // "*": null clears everything before the other keys apply, whatever their order in the JSON.
        assertEquals(0, h.apply("{\"PacketFilters\":{\"x\":" + a + ",\"*\":null}}"));
        assertEquals("x", h.sets());
        assertTrue(h.allows(TCP, "100.64.0.2", ME, 22));
        assertFalse(h.allows(TCP, "100.64.0.4", ME, 443));
        // A non-null "*" means nothing.
        assertEquals(0, h.apply("{\"PacketFilters\":{\"*\":" + b + "}}"));
        assertEquals("x", h.sets());
        assertFalse(h.allows(TCP, "100.64.0.3", ME, 80));
    }

    @Test
    void packetFiltersWinOverPacketFilterInTheSameFrameInEitherOrder() {
        String a = "[" + rule("100.64.0.2", ME, 22, 22) + "]";
        String b = "[" + rule("100.64.0.3", ME, 80, 80) + "]";
        for (boolean legacyFirst : new boolean[] {true, false}) {
            FilterHarness h = new FilterHarness(FilterHarness.config(8, 64, 32));
            String pf = "\"PacketFilter\":" + a;
            String pfs = "\"PacketFilters\":{\"base\":" + b + "}";
            assertEquals(0, h.apply("{" + (legacyFirst ? pf + "," + pfs : pfs + "," + pf) + "}"));
            assertEquals("base", h.sets());
            assertFalse(h.allows(TCP, "100.64.0.2", ME, 22), "legacy first " + legacyFirst);
            assertTrue(h.allows(TCP, "100.64.0.3", ME, 80));

            FilterHarness g = new FilterHarness(FilterHarness.config(8, 64, 32));
            assertEquals(0, g.apply("{\"PacketFilters\":{\"keep\":" + b + "}}"));
            String clear = "\"PacketFilters\":{\"*\":null}";
            assertEquals(0, g.apply("{" + (legacyFirst ? pf + "," + clear : clear + "," + pf) + "}"));
            assertEquals("", g.sets(), "PacketFilter applies first, then \"*\" clears it too");
            assertEquals(0, g.filter.rules().ruleCount());
        }
    }

    @Test
    void aRejectedFrameLeavesTheFilterUntouched() {
        FilterHarness h = new FilterHarness(FilterHarness.config(8, 64, 32));
        assertEquals(0, h.apply("{\"PacketFilters\":{\"base\":[" + rule("100.64.0.2", ME, 22, 22) + "]}}"));
        String before = h.dump();
        String replacement = "[" + rule("100.64.0.3", ME, 80, 80) + "]";
        String[] bad = {
            "{\"PacketFilter\":" + replacement + ",\"Peers\":[{\"ID\":1,", // truncated JSON
            "{\"PacketFilters\":{\"base\":null,\"x\":" + replacement + "},\"KeepAlive\":7}", // schema error after
            "{\"PacketFilter\":[{\"SrcIPs\":[\"*\"],\"DstPorts\":[{\"IP\":\"*\",\"Ports\":{\"First\":70000}}]}]}",
            "{\"PacketFilter\":[{\"SrcIPs\":\"100.64.0.3\"}]}",
            "{\"PacketFilter\":[{\"IPProto\":[6.5]}]}",
            "{\"PacketFilters\":[]}",
            "{\"PacketFilters\":{\"base\":7}}",
        };
        for (String json : bad) {
            FilterHarness fresh = new FilterHarness(FilterHarness.config(8, 64, 32));
            assertEquals(0, fresh.apply("{\"PacketFilters\":{\"base\":[" + rule("100.64.0.2", ME, 22, 22) + "]}}"));
            int r = fresh.apply(json);
            assertTrue(r < 0 || fresh.reader.inFrame(), json);
            assertEquals(before, fresh.dump(), json);
            assertEquals("base", fresh.sets(), json);
            assertTrue(fresh.allows(TCP, "100.64.0.2", ME, 22));
            assertFalse(fresh.allows(TCP, "100.64.0.3", ME, 80));
        }
        assertEquals(before, h.dump());
    }

    @Test
    void malformedEntriesAreSkippedAndCapabilitiesMatchNothing() {
        FilterHarness h = new FilterHarness(FilterHarness.config(8, 64, 32));
        assertEquals(0, h.apply("{\"PacketFilter\":[{\"SrcIPs\":[\"100.64.0.2/24\",\"bogus\",\"cap:x\","
                + "\"100.64.0.9-100.64.0.3\",\"100.64.0.5\"],\"DstPorts\":[{\"IP\":\"1.2.3.4/33\"},{\"Ports\":{}},"
                + "{\"IP\":\"" + ME + "\",\"Ports\":{\"First\":22,\"Last\":22}}],\"SrcBits\":[1],\"Future\":{\"a\":[1]}},"
                + "{\"SrcIPs\":[\"cap:only\"],\"DstPorts\":[{\"IP\":\"*\",\"Ports\":{\"First\":0,\"Last\":65535}}]}]}"));
        assertEquals(1, h.filter.rules().ruleCount());
        assertEquals(1, h.filter.rules().ruleSourceCount(0), "only 100.64.0.5 is an address");
        assertEquals(1, h.filter.rules().ruleDestinationCount(0));
        assertEquals(5, h.scanner.count(MapReason.BAD_FILTER_ADDRESS), "3 sources, 2 destinations");
        assertEquals(2, h.applier.capabilityEntries());
        assertEquals(1, h.applier.rulesAllowingNothing(), "capability-only sources");
        assertTrue(h.allows(TCP, "100.64.0.5", ME, 22));
        assertFalse(h.allows(TCP, "100.64.0.2", ME, 22));
    }

    @Test
    void capacitiesFailClosedAndAreCounted() {
        FilterConfig c = FilterHarness.config(2, 4, 4);
        c.maxSets = 2;
        c.maxSetName = 8;
        FilterHarness h = new FilterHarness(c);
        StringBuilder sb = new StringBuilder("{\"PacketFilter\":[");
        for (int i = 0; i < 4; i++) {
            sb.append(i > 0 ? "," : "").append(rule("100.64.0." + (10 + i), ME, 22, 22));
        }
        assertEquals(0, h.apply(sb.append("]}").toString()));
        assertEquals(2, h.filter.rules().ruleCount());
        assertEquals(2, h.applier.rulesNoRoom());
        assertTrue(h.allows(TCP, "100.64.0.11", ME, 22));
        assertFalse(h.allows(TCP, "100.64.0.12", ME, 22));
        // Too many sets: the third cannot be kept; a name too long is never stored.
        FilterHarness s = new FilterHarness(c);
        assertEquals(0, s.apply("{\"PacketFilters\":{\"a\":[" + rule("100.64.0.2", ME, 1, 1) + "],\"b\":[" + rule(
                "100.64.0.3", ME, 1, 1) + "],\"c\":[" + rule("100.64.0.4", ME, 1, 1) + "],\"muchtoolong\":[" + rule(
                "100.64.0.5", ME, 1, 1) + "]}}"));
        assertEquals("a,b", s.sets());
        assertEquals(2, s.applier.setsRefused());
        assertFalse(s.allows(TCP, "100.64.0.4", ME, 1));
        assertFalse(s.allows(TCP, "100.64.0.5", ME, 1));
        // Replacing a set in a full table: the new version fits because the old one goes.
        assertEquals(0, s.apply("{\"PacketFilters\":{\"b\":[" + rule("100.64.0.6", ME, 1, 1) + "]}}"));
        assertTrue(s.allows(TCP, "100.64.0.6", ME, 1));
        assertFalse(s.allows(TCP, "100.64.0.3", ME, 1));
        assertTrue(s.allows(TCP, "100.64.0.2", ME, 1));
        // A set name longer than the scanner keeps is skipped (counted there).
        StringBuilder longName = new StringBuilder();
        for (int i = 0; i < 70; i++) {
            longName.append('n');
        }
        assertEquals(0, s.apply("{\"PacketFilters\":{\"" + longName + "\":[" + rule("100.64.0.7", ME, 1, 1) + "]}}"));
        assertEquals(1, s.scanner.count(MapReason.FILTER_NAME_TOO_LONG));
        assertEquals("a,b", s.sets());
    }

    @Test
    void theNetmapAndTheFilterShareOneScannerThroughTheFanOut() {
        NetmapHarness net = new NetmapHarness(4);
        FilterHarness h = new FilterHarness(FilterHarness.config(8, 64, 32), net.applier);
        assertEquals(0, h.apply("{\"Peers\":[" + NetmapHarness.peer(1) + "],\"PacketFilter\":[" + rule(
                NetmapHarness.v4(1), ME, 22, 22) + "]}"));
        assertEquals(1, net.applier.peers().size());
        assertTrue(h.allows(TCP, NetmapHarness.v4(1), ME, 22));
        // A rejected frame: neither changes.
        assertTrue(h.apply("{\"Peers\":[" + NetmapHarness.peer(2) + "],\"PacketFilter\":[],\"KeepAlive\":1}") < 0);
        assertEquals(1, net.applier.peers().size());
        assertEquals(1, net.applier.framesDiscarded());
        assertEquals(1, h.applier.framesDiscarded());
        assertTrue(h.allows(TCP, NetmapHarness.v4(1), ME, 22));
    }

    @Test
    void memoryFigure() {
        FilterConfig c = new FilterConfig();
        assertEquals(2 * (52 * 32 + 33 * 256 + 37 * 64), PacketFilterApplier.bytesFor(c));
    }

    private static byte[] concat(String a, byte[] b, String c) {
        byte[] x = a.getBytes(StandardCharsets.UTF_8);
        byte[] z = c.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[x.length + b.length + z.length];
        System.arraycopy(x, 0, out, 0, x.length);
        System.arraycopy(b, 0, out, x.length, b.length);
        System.arraycopy(z, 0, out, x.length + b.length, z.length);
        return out;
    }
}
