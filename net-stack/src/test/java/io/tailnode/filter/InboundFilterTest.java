package io.tailnode.filter;

import static io.tailnode.filter.FilterReason.ACCEPT_FRAGMENT;
import static io.tailnode.filter.FilterReason.ACCEPT_ICMP_ERROR;
import static io.tailnode.filter.FilterReason.ACCEPT_REPLY;
import static io.tailnode.filter.FilterReason.ACCEPT_RULE;
import static io.tailnode.filter.FilterReason.ACCEPT_TCP_NOT_SYN;
import static io.tailnode.filter.FilterReason.ACCEPT_TSMP;
import static io.tailnode.filter.FilterReason.DROP_LINK_LOCAL;
import static io.tailnode.filter.FilterReason.DROP_MALFORMED;
import static io.tailnode.filter.FilterReason.DROP_MULTICAST;
import static io.tailnode.filter.FilterReason.DROP_NO_RULE;
import static io.tailnode.filter.FilterReason.DROP_TOO_SHORT;
import static io.tailnode.filter.FilterReason.DROP_UNSOLICITED;
import static io.tailnode.filter.Pkt.ACK;
import static io.tailnode.filter.Pkt.SYN;
import static io.tailnode.filter.Pkt.echo;
import static io.tailnode.filter.Pkt.icmpError;
import static io.tailnode.filter.Pkt.ip;
import static io.tailnode.filter.Pkt.rule;
import static io.tailnode.filter.Pkt.tcp;
import static io.tailnode.filter.Pkt.udp;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Verdicts of the inbound filter: defaults, replies, rules (prefixes, ranges, "*", ports, protocols, v4/v6). */
class InboundFilterTest {
    static final String ME = "100.64.0.1";
    static final String ME6 = "fd7a:115c:a1e0::1";
    static final String PEER = "100.64.0.2";
    static final String PEER6 = "fd7a:115c:a1e0::2";
    static final String OTHER = "100.64.0.3";

    private final FilterConfig config = new FilterConfig();
    private final InboundFilter f;
    private final FilterTable t;
    private long now = 1000;

    InboundFilterTest() {
        config.maxFlows = 4;
        config.flowTimeoutMs = 60_000;
        f = new InboundFilter(config);
        t = f.rules();
    }

    private int in(byte[] p) {
        return f.check(p, 0, p.length, now);
    }

    private void out(byte[] p) {
        f.noteOutbound(p, 0, p.length, now);
    }

    @Test
    void withoutRulesEverythingNewIsDroppedAndCounted() {
        assertEquals(DROP_NO_RULE, in(tcp(PEER, 40000, ME, 80, SYN)));
        assertEquals(DROP_NO_RULE, in(tcp(PEER6, 40000, ME6, 80, SYN)));
        assertEquals(DROP_NO_RULE, in(udp(PEER, 40000, ME, 7)));
        assertEquals(DROP_NO_RULE, in(echo(PEER, ME, true, 1)));
        assertEquals(DROP_NO_RULE, in(echo(PEER6, ME6, true, 1)));
        assertEquals(DROP_UNSOLICITED, in(echo(PEER, ME, false, 1)));
        assertEquals(DROP_NO_RULE, in(ip(PEER, ME, 47, new byte[8])));
        // Not a new connection: the TCP stack decides (Go accepts non-SYN TCP too).
        assertEquals(ACCEPT_TCP_NOT_SYN, in(tcp(PEER, 40000, ME, 80, ACK)));
        assertEquals(ACCEPT_TCP_NOT_SYN, in(tcp(PEER, 80, ME, 40000, SYN | ACK)));
        assertEquals(6, f.count(DROP_NO_RULE));
        assertEquals(1, f.count(DROP_UNSOLICITED));
        assertEquals(7, f.dropped());
        assertEquals(2, f.count(ACCEPT_TCP_NOT_SYN));
    }

    @Test
    void repliesToOurFlowsGetIn() {
        out(udp(ME, 5000, PEER, 53));
        assertEquals(ACCEPT_REPLY, in(udp(PEER, 53, ME, 5000)));
        assertEquals(DROP_NO_RULE, in(udp(PEER, 54, ME, 5000)), "other remote port");
        assertEquals(DROP_NO_RULE, in(udp(PEER, 53, ME, 5001)), "other local port");
        assertEquals(DROP_NO_RULE, in(udp(OTHER, 53, ME, 5000)), "other peer");
        out(udp(ME6, 5000, PEER6, 53));
        assertEquals(ACCEPT_REPLY, in(udp(PEER6, 53, ME6, 5000)));

        out(echo(ME, PEER, true, 0x1234));
        assertEquals(ACCEPT_REPLY, in(echo(PEER, ME, false, 0x1234)));
        assertEquals(DROP_UNSOLICITED, in(echo(PEER, ME, false, 0x1235)), "other identifier");
        assertEquals(DROP_UNSOLICITED, in(echo(OTHER, ME, false, 0x1234)), "other peer");
        assertEquals(DROP_NO_RULE, in(echo(PEER, ME, true, 0x1234)), "a request is not a reply");
        out(echo(ME6, PEER6, true, 7));
        assertEquals(ACCEPT_REPLY, in(echo(PEER6, ME6, false, 7)));

        // Our echo replies (answers to pings we accepted) open nothing.
        out(echo(ME, OTHER, false, 99));
        assertEquals(DROP_NO_RULE, in(echo(OTHER, ME, true, 99)));
        assertEquals(DROP_UNSOLICITED, in(echo(OTHER, ME, false, 99)));
    }

    @Test
    void trackedFlowsExpireWithoutTrafficAndReplacesKeepThemAlive() {
        out(udp(ME, 5000, PEER, 53));
        now += 59_000;
        assertEquals(ACCEPT_REPLY, in(udp(PEER, 53, ME, 5000)), "a reply refreshes the flow");
        now += 59_000;
        assertEquals(ACCEPT_REPLY, in(udp(PEER, 53, ME, 5000)));
        now += 60_001;
        assertEquals(DROP_NO_RULE, in(udp(PEER, 53, ME, 5000)), "expired");
        assertEquals(1, f.flows().expired());
        assertEquals(0, f.flows().size());
        out(echo(ME, PEER, true, 1));
        now += 60_001;
        assertEquals(DROP_UNSOLICITED, in(echo(PEER, ME, false, 1)));
    }

    @Test
    void flowTableEvictsTheLeastRecentlyUsed() {
        for (int i = 0; i < 4; i++) {
            out(udp(ME, 5000 + i, PEER, 53));
            now++;
        }
        out(udp(ME, 5000, PEER, 53)); // refresh the oldest: 5001 becomes least recent
        now++;
        out(udp(ME, 6000, PEER, 53));
        assertEquals(4, f.flows().size());
        assertEquals(1, f.flows().evicted());
        assertEquals(DROP_NO_RULE, in(udp(PEER, 53, ME, 5001)));
        for (int port : new int[] {5000, 5002, 5003, 6000}) {
            assertEquals(ACCEPT_REPLY, in(udp(PEER, 53, ME, port)), "port " + port);
        }
    }

    @Test
    void rulesMatchSourcePrefixDestinationPortsAndDefaultProtocols() {
        assertEquals(FilterTable.RULE_ADDED, rule(t, new String[] {"100.64.0.0/24"}, new String[] {ME + ":80-81"}, null));
        assertEquals(ACCEPT_RULE, in(tcp(PEER, 40000, ME, 80, SYN)));
        assertEquals(ACCEPT_RULE, in(tcp(PEER, 40000, ME, 81, SYN)));
        assertEquals(DROP_NO_RULE, in(tcp(PEER, 40000, ME, 82, SYN)), "port outside the range");
        assertEquals(DROP_NO_RULE, in(tcp(PEER, 40000, ME, 79, SYN)));
        assertEquals(DROP_NO_RULE, in(tcp("100.64.1.2", 40000, ME, 80, SYN)), "source outside the prefix");
        assertEquals(DROP_NO_RULE, in(tcp(PEER, 40000, "100.64.0.9", 80, SYN)), "other destination");
        assertEquals(DROP_NO_RULE, in(tcp(PEER6, 40000, ME6, 80, SYN)), "an IPv4 rule does not match IPv6");
        assertEquals(ACCEPT_RULE, in(udp(PEER, 40000, ME, 80)), "default protocols include UDP");
        assertEquals(ACCEPT_RULE, in(echo(PEER, ME, true, 5)), "and ICMP to the address");
        assertEquals(DROP_NO_RULE, in(ip(PEER, ME, 132, new byte[8])), "SCTP is not a default protocol");
        assertEquals(DROP_NO_RULE, in(ip(PEER, ME, 47, new byte[8])));
    }

    @Test
    void listedProtocolsAreTheOnlyOnes() {
        rule(t, new String[] {PEER}, new String[] {ME + ":22"}, new int[] {6});
        assertEquals(ACCEPT_RULE, in(tcp(PEER, 40000, ME, 22, SYN)));
        assertEquals(DROP_NO_RULE, in(udp(PEER, 40000, ME, 22)));
        // Go: ICMP needs only an address match ("if any port is open to an IP, allow ICMP to it").
        assertEquals(ACCEPT_RULE, in(echo(PEER, ME, true, 5)));
        FilterTable only300 = new FilterTable(config);
        rule(only300, new String[] {PEER}, new String[] {ME + ":22"}, new int[] {300, -1});
        f.install(only300);
        assertEquals(DROP_NO_RULE, in(tcp(PEER, 40000, ME, 22, SYN)), "only reserved values listed: nothing");
    }

    @Test
    void otherProtocolsNeedTheProtocolListedWithAllPorts() {
        rule(t, new String[] {PEER}, new String[] {ME + ":0-65535"}, new int[] {47, 132});
        rule(t, new String[] {OTHER}, new String[] {ME + ":0-1000"}, new int[] {47});
        assertEquals(ACCEPT_RULE, in(ip(PEER, ME, 47, new byte[8])));
        assertEquals(DROP_NO_RULE, in(ip(OTHER, ME, 47, new byte[8])), "not all ports");
        assertEquals(ACCEPT_RULE, in(ip(PEER, ME, 132, new byte[8])), "SCTP by ports");
        assertEquals(DROP_NO_RULE, in(ip(PEER, ME, 50, new byte[8])));
        assertEquals(ACCEPT_TSMP, in(ip(OTHER, ME, 99, new byte[8])), "TSMP always, as in Go");
    }

    @Test
    void wildcardsRangesAndIpv6() {
        rule(t, new String[] {"*"}, new String[] {ME6 + ":443"}, null);
        rule(t, new String[] {"100.64.0.10-100.64.0.20", "fd7a:115c:a1e0::/48"}, new String[] {"*:8080"}, null);
        assertEquals(ACCEPT_RULE, in(tcp(PEER6, 1, ME6, 443, SYN)));
        assertEquals(ACCEPT_RULE, in(tcp("2001:db8::1", 1, ME6, 443, SYN)), "* is every IPv6 source too");
        assertEquals(DROP_NO_RULE, in(tcp(PEER, 1, ME, 443, SYN)), "the destination is IPv6 only");
        assertEquals(ACCEPT_RULE, in(tcp("100.64.0.10", 1, ME, 8080, SYN)));
        assertEquals(ACCEPT_RULE, in(tcp("100.64.0.20", 1, ME, 8080, SYN)));
        assertEquals(DROP_NO_RULE, in(tcp("100.64.0.21", 1, ME, 8080, SYN)));
        assertEquals(DROP_NO_RULE, in(tcp("100.64.0.9", 1, ME, 8080, SYN)));
        assertEquals(ACCEPT_RULE, in(tcp("fd7a:115c:a1e0:ffff::9", 1, ME6, 8080, SYN)));
        assertEquals(DROP_NO_RULE, in(tcp("fd7a:115c:a1e1::9", 1, ME6, 8080, SYN)));
        assertEquals(ACCEPT_RULE, in(tcp(PEER6, 1, "fd7a:115c:a1e0::77", 8080, SYN)), "* destination");
        assertEquals(DROP_NO_RULE, in(tcp(PEER6, 1, ME6, 8081, SYN)));
        // High-bit addresses compare unsigned.
        rule(t, new String[] {"200.0.0.0/8", "ff00::/9"}, new String[] {ME + ":1", ME6 + ":1"}, null);
        assertEquals(ACCEPT_RULE, in(tcp("200.1.2.3", 1, ME, 1, SYN)));
        assertEquals(ACCEPT_RULE, in(tcp("ff7f::1", 1, ME6, 1, SYN)));
        assertEquals(DROP_NO_RULE, in(tcp("ff80::1", 1, ME6, 1, SYN)));
        assertEquals(DROP_NO_RULE, in(tcp("199.255.255.255", 1, ME, 1, SYN)));
    }

    @Test
    void icmpErrorsAreLetInOnlyForOurFlows() {
        byte[] ours = udp(ME, 5000, PEER, 53);
        out(ours);
        assertEquals(ACCEPT_ICMP_ERROR, in(icmpError(PEER, ME, 3, 3, ours)));
        assertEquals(ACCEPT_ICMP_ERROR, in(icmpError("100.64.9.9", ME, 11, 0, ours)), "a router on the way");
        assertEquals(DROP_UNSOLICITED, in(icmpError(PEER, ME, 3, 3, udp(ME, 5001, PEER, 53))), "untracked flow");
        assertEquals(DROP_UNSOLICITED, in(icmpError(PEER, ME, 3, 3, udp(OTHER, 5000, PEER, 53))), "not from us");
        byte[] ping = echo(ME, PEER, true, 42);
        out(ping);
        assertEquals(ACCEPT_ICMP_ERROR, in(icmpError(PEER, ME, 3, 1, ping)));
        assertEquals(ACCEPT_ICMP_ERROR, in(icmpError(PEER, ME, 3, 4, tcp(ME, 40000, PEER, 80, ACK))), "TCP from us");
        byte[] ours6 = udp(ME6, 5000, PEER6, 53);
        out(ours6);
        assertEquals(ACCEPT_ICMP_ERROR, in(icmpError(PEER6, ME6, 2, 0, ours6)), "packet too big");
        assertEquals(DROP_UNSOLICITED, in(icmpError(PEER6, ME6, 1, 4, udp(ME6, 1, PEER6, 53))));
        // A peer allowed to reach us may send any ICMP.
        rule(t, new String[] {OTHER}, new String[] {ME + ":22"}, new int[] {6});
        assertEquals(ACCEPT_RULE, in(icmpError(OTHER, ME, 3, 3, udp(ME, 1, OTHER, 2))));
        assertEquals(ACCEPT_RULE, in(echo(OTHER, ME, false, 1000)));
        assertEquals(ACCEPT_RULE, in(ip(OTHER, ME, 1, new byte[] {13, 0, 0, 0, 0, 0, 0, 0})), "timestamp");
        assertEquals(DROP_NO_RULE, in(ip(PEER, ME, 1, new byte[] {13, 0, 0, 0, 0, 0, 0, 0})));
    }

    @Test
    void preChecksLikeGo() {
        rule(t, new String[] {"*"}, new String[] {"*:0-65535"}, null);
        assertEquals(DROP_MULTICAST, in(udp(PEER, 1, "224.0.0.251", 5353)));
        assertEquals(DROP_MULTICAST, in(udp(PEER6, 1, "ff02::fb", 5353)));
        assertEquals(DROP_LINK_LOCAL, in(udp(PEER, 1, "169.254.1.1", 53)));
        assertEquals(DROP_LINK_LOCAL, in(udp(PEER6, 1, "fe80::1", 53)));
        assertEquals(FilterReason.ACCEPT_EMPTY, f.check(new byte[4], 0, 0, now));
        assertEquals(DROP_TOO_SHORT, f.check(new byte[19], 0, 19, now));
        byte[] bad = udp(PEER, 1, ME, 2);
        bad[0] = 0x55;
        assertEquals(DROP_MALFORMED, in(bad), "version 5");
        byte[] cut = tcp(PEER, 1, ME, 2, SYN);
        assertEquals(DROP_MALFORMED, f.check(cut, 0, 30, now), "total length beyond the packet");
        byte[] shortTcp = ip(PEER, ME, 6, new byte[10]);
        assertEquals(DROP_MALFORMED, in(shortTcp), "TCP header cut short");
        byte[] v6 = udp(PEER6, 1, ME6, 2);
        assertEquals(DROP_TOO_SHORT, f.check(v6, 0, 39, now));
        // IPv4 fragment after the first: no ports to judge.
        FilterTable empty = new FilterTable(config);
        f.install(empty);
        byte[] frag = udp(PEER, 1, ME, 2);
        frag[7] = 10;
        assertEquals(ACCEPT_FRAGMENT, in(frag));
        frag[7] = 0;
        frag[6] = 0x20; // MF set, offset 0: the first fragment is judged like any packet
        assertEquals(DROP_NO_RULE, in(frag));
    }

    @Test
    void aPacketIsJudgedAtItsOffsetAndNotModified() {
        rule(t, new String[] {PEER}, new String[] {ME + ":80"}, null);
        byte[] p = tcp(PEER, 1, ME, 80, SYN);
        byte[] buf = new byte[p.length + 20];
        System.arraycopy(p, 0, buf, 7, p.length);
        byte[] copy = buf.clone();
        assertEquals(ACCEPT_RULE, f.check(buf, 7, p.length, now));
        assertEquals(java.util.Arrays.toString(copy), java.util.Arrays.toString(buf));
    }
}
