package io.tailnode.filter;

import static io.tailnode.filter.Pkt.SYN;
import static io.tailnode.filter.Pkt.rule;
import static io.tailnode.filter.Pkt.tcp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Capacities (a rule that does not fit is left out whole), empty rules, set replacement helpers. */
class FilterTableTest {
    private static final String ME = "100.64.0.1";

    private static boolean allows(FilterTable t, String src, int port) {
        InboundFilter f = new InboundFilter(t, new FlowTable(1, 1000));
        byte[] p = tcp(src, 1, ME, port, SYN);
        return f.check(p, 0, p.length, 1) == FilterReason.ACCEPT_RULE;
    }

    @Test
    void aRuleThatDoesNotFitIsLeftOutWholeAndTheOthersStay() {
        FilterTable t = new FilterTable(3, 4, 3);
        assertEquals(FilterTable.RULE_ADDED, rule(t, new String[] {"100.64.0.2"}, new String[] {ME + ":1"}, null));
        // Three sources fit, the fourth does not: nothing of the rule remains.
        assertEquals(FilterTable.RULE_NO_ROOM, rule(t, new String[] {"100.64.0.3", "100.64.0.4", "100.64.0.5",
            "100.64.0.6"}, new String[] {ME + ":2"}, null));
        assertEquals(1, t.ruleCount());
        assertEquals(1, t.sourceCount());
        assertEquals(1, t.destinationCount());
        assertFalse(allows(t, "100.64.0.3", 2));
        // "*" destination takes two slots: 1 + 2 = 3 fit.
        assertEquals(FilterTable.RULE_ADDED, rule(t, new String[] {"100.64.0.3"}, new String[] {"*:2"}, null));
        assertEquals(FilterTable.RULE_NO_ROOM, rule(t, new String[] {"100.64.0.4"}, new String[] {ME + ":3"}, null),
                "destinations full");
        assertEquals(FilterTable.RULE_EMPTY, rule(t, new String[] {"100.64.0.4", "100.64.0.5"}, new String[0], null),
                "no destination: empty, not stored");
        assertEquals(2, t.ruleCount());
        assertTrue(allows(t, "100.64.0.2", 1));
        assertTrue(allows(t, "100.64.0.3", 2));
        assertFalse(allows(t, "100.64.0.4", 3));
        // Rule slots: a fourth rule has no room even when its entries would fit.
        FilterTable one = new FilterTable(1, 8, 8);
        assertEquals(FilterTable.RULE_ADDED, rule(one, new String[] {"100.64.0.2"}, new String[] {ME + ":1"}, null));
        assertEquals(FilterTable.RULE_NO_ROOM, rule(one, new String[] {"100.64.0.3"}, new String[] {ME + ":1"}, null));
        assertEquals(1, one.sourceCount());
    }

    @Test
    void rulesWithoutSourcesOrDestinationsAreEmpty() {
        FilterTable t = new FilterTable(4, 8, 8);
        assertEquals(FilterTable.RULE_EMPTY, rule(t, new String[0], new String[] {ME + ":1"}, null));
        assertEquals(FilterTable.RULE_EMPTY, rule(t, new String[] {"*"}, new String[0], null));
        assertEquals(0, t.ruleCount());
        assertEquals(0, t.sourceCount());
        assertEquals(0, t.destinationCount());
    }

    @Test
    void defaultProtocolsAreTcpUdpIcmpAndIcmpv6() {
        FilterTable t = new FilterTable(4, 8, 8);
        rule(t, new String[] {"*"}, new String[] {"*:1"}, null);
        for (int p = 0; p < 256; p++) {
            boolean expected = p == 1 || p == 6 || p == 17 || p == 58;
            assertEquals(expected, t.ruleAllowsProtocol(0, p), "protocol " + p);
        }
        rule(t, new String[] {"*"}, new String[] {"*:1"}, new int[] {0, 255, 256, 17});
        assertTrue(t.ruleAllowsProtocol(1, 0));
        assertTrue(t.ruleAllowsProtocol(1, 255));
        assertTrue(t.ruleAllowsProtocol(1, 17));
        assertFalse(t.ruleAllowsProtocol(1, 6));
    }

    @Test
    void retainAndAppendRenameGroupsAndKeepTheirEntries() {
        FilterTable a = new FilterTable(8, 16, 16);
        a.beginRule(0);
        byte[] x = Pkt.addr("100.64.0.2");
        a.addSource(4, x, 0, x, 0);
        a.addDestination(4, Pkt.addr(ME), 0, Pkt.addr(ME), 0, 10, 10);
        assertEquals(FilterTable.RULE_ADDED, a.endRule());
        a.beginRule(1);
        byte[] y = Pkt.addr("100.64.0.9");
        a.addSource(4, y, 0, y, 0);
        a.addSource(4, x, 0, x, 0);
        a.addDestination(4, Pkt.addr(ME), 0, Pkt.addr(ME), 0, 20, 20);
        assertEquals(FilterTable.RULE_ADDED, a.endRule());
        a.beginRule(2);
        a.addAnySource();
        a.addAnyDestination(30, 30);
        assertEquals(FilterTable.RULE_ADDED, a.endRule());

        a.retain(new int[] {-1, 5, 6});
        assertEquals(2, a.ruleCount());
        assertEquals(4, a.sourceCount());
        assertEquals(3, a.destinationCount());
        assertEquals(5, a.group(0));
        assertEquals(6, a.group(1));
        assertEquals(2, a.ruleSourceCount(0));
        assertEquals(20, a.destinationFirstPort(0, 0));
        assertFalse(allows(a, "100.64.0.2", 10));
        assertTrue(allows(a, "100.64.0.9", 20));
        assertTrue(allows(a, "100.64.9.9", 30));

        FilterTable b = new FilterTable(2, 3, 8);
        assertEquals(1, b.appendFrom(a, new int[] {-1, -1, -1, -1, -1, 0, 1}), "the second rule needs 2 more sources");
        assertEquals(1, b.ruleCount());
        assertEquals(0, b.group(0));
        assertTrue(allows(b, "100.64.0.9", 20));
        assertFalse(allows(b, "100.64.9.9", 30));
    }

    @Test
    void sourcesAreSortedAndMergedWhenTheRuleCloses() {
        FilterTable t = new FilterTable(4, 17, 4);
        assertEquals(FilterTable.RULE_ADDED, rule(t, new String[] {"100.64.0.9", "fd7a::5", "100.64.0.2",
            "100.64.0.3", "100.64.0.9", "10.0.0.0/8", "10.1.0.0/16", "11.0.0.0-11.0.0.4", "100.64.0.4",
            "fd7a::4", "255.255.255.255", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "ffff:ffff:ffff:ffff::/64",
            "::", "::1", "::ffff:ffff:ffff:ffff", "0:0:0:1::"}, new String[] {ME + ":1", "fd7a::1:1"}, null));
        StringBuilder sb = new StringBuilder();
        byte[] r = new byte[32];
        for (int k = 0; k < t.ruleSourceCount(0); k++) {
            t.sourceRange(0, k, r, 0);
            int n = t.sourceFamily(0, k) == 4 ? 4 : 16;
            sb.append(java.util.HexFormat.of().formatHex(r, 0, n)).append('-')
                    .append(java.util.HexFormat.of().formatHex(r, 16, 16 + n)).append(' ');
        }
        assertEquals("0a000000-0b000004 64400002-64400004 64400009-64400009 ffffffff-ffffffff "
                + "00000000000000000000000000000000-00000000000000000000000000000001 "
                + "0000000000000000ffffffffffffffff-00000000000000010000000000000000 "
                + "fd7a0000000000000000000000000004-fd7a0000000000000000000000000005 "
                + "ffffffffffffffff0000000000000000-ffffffffffffffffffffffffffffffff ", sb.toString(),
                "overlaps (10/8 and 10.1/16), adjacency (10/8 then 11.0.0.0-4; .2 .3 .4), duplicates, the carry into the "
                + "high half, the top of each family");
        assertEquals(8, t.sourceCount(), "17 slots while the rule was open, 8 after");
        for (String s : new String[] {"10.200.1.1", "11.0.0.4", "100.64.0.3", "100.64.0.9", "255.255.255.255", "::1",
            "::1:0:0:0:0", "fd7a::4", "ffff:ffff:ffff:ffff::1"}) {
            assertTrue(allowsFrom(t, s), s);
        }
        for (String s : new String[] {"9.255.255.255", "11.0.0.5", "100.64.0.1", "100.64.0.5", "100.64.0.10",
            "255.255.255.254", "::2", "::1:0:0:0:1", "fd7a::3", "fd7a::6", "ffff:ffff:ffff:fffe::1"}) {
            assertFalse(allowsFrom(t, s), s);
        }
    }

    @Test
    void mergedSourcesMatchExactlyWhatWasListedOverRandomRules() throws Exception {
        java.util.Random rnd = new java.util.Random(0x50ce5L);
        for (int round = 0; round < 200; round++) {
            int n = 1 + rnd.nextInt(60);
            java.util.List<java.math.BigInteger[]> model = new java.util.ArrayList<>();
            FilterTable t = new FilterTable(2, n + 1, 4);
            t.beginRule(0);
            for (int i = 0; i < n; i++) {
                boolean v4 = rnd.nextBoolean();
                int bits = v4 ? 32 : 128;
                // Addresses from a small window so ranges overlap, touch and repeat.
                java.math.BigInteger base = v4 ? java.math.BigInteger.valueOf(0x64400000L)
                        : new java.math.BigInteger("fd7a115ca1e000000000000000000000", 16);
                java.math.BigInteger lo = base.add(java.math.BigInteger.valueOf(rnd.nextInt(256)));
                int kind = rnd.nextInt(3);
                java.math.BigInteger hi = lo;
                if (kind == 1) {
                    int host = rnd.nextInt(6);
                    lo = lo.shiftRight(host).shiftLeft(host);
                    hi = lo.add(java.math.BigInteger.ONE.shiftLeft(host)).subtract(java.math.BigInteger.ONE);
                } else if (kind == 2) {
                    hi = lo.add(java.math.BigInteger.valueOf(rnd.nextInt(20)));
                }
                byte[] l = bytes(lo, bits / 8);
                byte[] h = bytes(hi, bits / 8);
                t.addSource(v4 ? 4 : 6, l, 0, h, 0);
                model.add(new java.math.BigInteger[] {java.math.BigInteger.valueOf(bits), lo, hi});
            }
            t.addAnyDestination(1, 1);
            assertEquals(FilterTable.RULE_ADDED, t.endRule());
            assertTrue(t.ruleSourceCount(0) <= n);
            for (int q = 0; q < 300; q++) {
                boolean v4 = rnd.nextBoolean();
                int bits = v4 ? 32 : 128;
                java.math.BigInteger base = v4 ? java.math.BigInteger.valueOf(0x64400000L)
                        : new java.math.BigInteger("fd7a115ca1e000000000000000000000", 16);
                java.math.BigInteger a = base.add(java.math.BigInteger.valueOf(rnd.nextInt(300) - 10));
                boolean expected = false;
                for (java.math.BigInteger[] m : model) {
                    expected |= m[0].intValue() == bits && m[1].compareTo(a) <= 0 && a.compareTo(m[2]) <= 0;
                }
                byte[] x = bytes(a, bits / 8);
                long hiHalf = v4 ? 0 : java.nio.ByteBuffer.wrap(x).getLong();
                long loHalf = v4 ? java.nio.ByteBuffer.wrap(x).getInt() & 0xffffffffL : java.nio.ByteBuffer.wrap(x).getLong(8);
                assertEquals(expected, t.matchAddresses(v4 ? 4 : 6, hiHalf, loHalf, 0, 0),
                        "round " + round + " address " + a.toString(16));
            }
        }
    }

    private static byte[] bytes(java.math.BigInteger v, int n) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[n];
        int k = Math.min(raw.length, n);
        System.arraycopy(raw, raw.length - k, out, n - k, k);
        return out;
    }

    private static boolean allowsFrom(FilterTable t, String src) {
        String dst = Pkt.addr(src).length == 4 ? ME : "fd7a::1";
        InboundFilter f = new InboundFilter(t, new FlowTable(1, 1000));
        byte[] p = tcp(src, 1, dst, 1, SYN);
        return f.check(p, 0, p.length, 1) == FilterReason.ACCEPT_RULE;
    }

    @Test
    void memoryFigure() {
        assertEquals(12_480, FilterTable.bytesFor(32, 256, 64));
        assertEquals(64 * 58 + 128 * 4, FlowTable.bytesFor(64));
        assertEquals(512 * 58 + 1024 * 4, FlowTable.bytesFor(512));
    }
}
