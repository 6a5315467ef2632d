package io.tailnode.filter;

import io.tailnode.lang.Bytes;
import io.tailnode.lang.HotPath;

/**
 * The inbound packet filter of tailnet mode (shared tailscale-protocol.md §5.3; Go's wgengine/filter is the
 * reference behaviour): every decrypted inner packet is judged by {@link #check} before the IP stack sees it, and
 * every packet the device sends goes past {@link #noteOutbound} so replies to the device's own flows get in.
 * A wg-config deployment has no filter at all (the loop skips it).
 * <p>
 * Verdicts (in this order, as in Go): empty → accept; shorter than an IP header, bad header → drop; multicast or
 * link-local destination → drop; IPv4 fragment after the first → accept (no ports; the IP stack drops fragments).
 * Then by protocol:
 * <ul>
 * <li>TCP: anything but a bare SYN → accept (the TCP stack only takes segments of connections it accepted or
 * opened); a SYN needs a rule (source, protocol, destination address and port).</li>
 * <li>UDP, SCTP: a reply to a flow we opened → accept; else a rule.</li>
 * <li>ICMP / ICMPv6 (in IPv4 / IPv6): echo request → a rule for the addresses (ports and protocol ignored, Go's
 * "if any port is open to an IP, allow ICMP to it"); echo reply → accept if it answers one of our echo requests
 * (identifier tracked) — stricter than Go, which accepts every echo reply; errors (v4 3, 11, 12; v6 1-4) → accept
 * if the quoted packet is one we sent (quoted source = our destination address) of a tracked flow, or a TCP
 * segment — also stricter than Go, which accepts every error; anything else ICMP → an address rule. An unmatched
 * reply or error is {@link FilterReason#DROP_UNSOLICITED}, unless an address rule lets that peer send us ICMP.</li>
 * <li>TSMP (99) → accept, as in Go. Any other protocol → a rule listing it with all ports (0-65535).</li>
 * </ul>
 * "Destination is one of our addresses" (Go's first check) is left to the IP stack, which drops the rest
 * (IpReason.NOT_FOR_US); rules are matched against the packet's destination as it is.
 * <p>
 * The rules are a {@link FilterTable} handed in with {@link #install} (swapped whole when a map frame commits);
 * the initial table is empty: deny every inbound packet except replies until the first filter arrives. Every
 * verdict is counted per reason. Allocation-free; one thread (the loop's).
 */
public final class InboundFilter {
    private static final int TCP = 6;
    private static final int UDP = 17;
    private static final int SCTP = 132;
    private static final int TSMP = 99;
    private static final int ICMP = 1;
    private static final int ICMPV6 = 58;
    private static final int TCP_SYN = 0x02;
    private static final int TCP_ACK = 0x10;

    private final FlowTable flows;
    private final long[] counters = new long[FilterReason.SLOTS];
    private FilterTable rules;

    // The packet being judged (fields so the hot path passes no arrays and allocates nothing).
    private int family;
    private int proto;
    private long srcHi;
    private long srcLo;
    private long dstHi;
    private long dstLo;
    private int l4;
    private int end;
    private boolean laterFragment;

    /** @param rules the rules in force at start: normally an empty table (deny inbound except replies) */
    public InboundFilter(FilterTable rules, FlowTable flows) {
        if (rules == null || flows == null) {
            throw new IllegalArgumentException("filter");
        }
        this.rules = rules;
        this.flows = flows;
    }

    /** An empty rule table and a flow table sized by {@code c}. */
    public InboundFilter(FilterConfig c) {
        this(new FilterTable(c), new FlowTable(c.maxFlows, c.flowTimeoutMs));
    }

    /** Puts {@code t} in force from the next packet on (tracked flows stay). */
    public void install(FilterTable t) {
        if (t == null) {
            throw new IllegalArgumentException("table");
        }
        rules = t;
    }

    public FilterTable rules() {
        return rules;
    }

    public FlowTable flows() {
        return flows;
    }

    /** Packets judged with {@code code} (a {@link FilterReason}) so far. */
    public long count(int code) {
        return counters[FilterReason.index(code)];
    }

    /** All dropped packets so far. */
    public long dropped() {
        long n = 0;
        for (int i = 1; i <= FilterReason.DROP_COUNT; i++) {
            n += counters[i];
        }
        return n;
    }

    /**
     * Judges one inner packet from the tunnel ({@code pkt[off, off+len)}, not modified, not kept).
     *
     * @return a positive {@link FilterReason} to deliver it, a negative one to drop it (counted either way)
     */
    @HotPath
    public int check(byte[] pkt, int off, int len, long nowMs) {
        int v = verdict(pkt, off, len, nowMs);
        counters[FilterReason.index(v)]++;
        return v;
    }

    @HotPath
    private int verdict(byte[] p, int off, int len, long now) {
        if (len == 0) {
            return FilterReason.ACCEPT_EMPTY;
        }
        int r = parse(p, off, len);
        if (r < 0) {
            return r;
        }
        if (family == 4 ? (dstLo >>> 28) == 0xe : (dstHi >>> 56) == 0xff) {
            return FilterReason.DROP_MULTICAST;
        }
        if (family == 4 ? (dstLo >>> 16) == 0xa9fe : (dstHi >>> 54) == 0x3fa) {
            return FilterReason.DROP_LINK_LOCAL;
        }
        if (laterFragment) {
            return FilterReason.ACCEPT_FRAGMENT;
        }
        FilterTable t = rules;
        int pr = proto;
        if (pr == TCP) {
            if (l4 + 14 > end) {
                return FilterReason.DROP_MALFORMED;
            }
            int flags = p[l4 + 13] & 0xff;
            if ((flags & TCP_SYN) == 0 || (flags & TCP_ACK) != 0) {
                return FilterReason.ACCEPT_TCP_NOT_SYN;
            }
            return t.match(TCP, family, srcHi, srcLo, dstHi, dstLo, Bytes.getShortBE(p, l4 + 2))
                    ? FilterReason.ACCEPT_RULE : FilterReason.DROP_NO_RULE;
        }
        if (pr == UDP || pr == SCTP) {
            if (l4 + 4 > end) {
                return FilterReason.DROP_MALFORMED;
            }
            int sport = Bytes.getShortBE(p, l4);
            int dport = Bytes.getShortBE(p, l4 + 2);
            if (flows.contains(pr, family, srcHi, srcLo, dstHi, dstLo, sport, dport, now, true)) {
                return FilterReason.ACCEPT_REPLY;
            }
            return t.match(pr, family, srcHi, srcLo, dstHi, dstLo, dport)
                    ? FilterReason.ACCEPT_RULE : FilterReason.DROP_NO_RULE;
        }
        if (pr == (family == 4 ? ICMP : ICMPV6)) {
            return icmp(p, now);
        }
        if (pr == TSMP) {
            return FilterReason.ACCEPT_TSMP;
        }
        return t.matchAllPorts(pr, family, srcHi, srcLo, dstHi, dstLo)
                ? FilterReason.ACCEPT_RULE : FilterReason.DROP_NO_RULE;
    }

    /** IP header into the fields; 0 or a drop reason. */
    @HotPath
    private int parse(byte[] p, int off, int len) {
        if (len < 20) {
            return FilterReason.DROP_TOO_SHORT;
        }
        int version = (p[off] & 0xff) >>> 4;
        laterFragment = false;
        if (version == 4) {
            int ihl = (p[off] & 0x0f) * 4;
            int total = Bytes.getShortBE(p, off + 2);
            if (ihl < 20 || total < ihl || total > len) {
                return FilterReason.DROP_MALFORMED;
            }
            family = 4;
            proto = p[off + 9] & 0xff;
            srcHi = 0;
            srcLo = Bytes.getIntBE(p, off + 12) & 0xffffffffL;
            dstHi = 0;
            dstLo = Bytes.getIntBE(p, off + 16) & 0xffffffffL;
            laterFragment = (Bytes.getShortBE(p, off + 6) & 0x1fff) != 0;
            l4 = off + ihl;
            end = off + total;
            return 0;
        }
        if (version == 6) {
            if (len < 40) {
                return FilterReason.DROP_TOO_SHORT;
            }
            int total = 40 + Bytes.getShortBE(p, off + 4);
            if (total > len) {
                return FilterReason.DROP_MALFORMED;
            }
            family = 6;
            proto = p[off + 6] & 0xff;
            srcHi = Bytes.getLongBE(p, off + 8);
            srcLo = Bytes.getLongBE(p, off + 16);
            dstHi = Bytes.getLongBE(p, off + 24);
            dstLo = Bytes.getLongBE(p, off + 32);
            l4 = off + 40;
            end = off + total;
            return 0;
        }
        return FilterReason.DROP_MALFORMED;
    }

    @HotPath
    private int icmp(byte[] p, long now) {
        if (l4 + 8 > end) {
            return FilterReason.DROP_MALFORMED;
        }
        int type = p[l4] & 0xff;
        boolean v4 = family == 4;
        FilterTable t = rules;
        boolean addressRule = t.matchAddresses(family, srcHi, srcLo, dstHi, dstLo);
        if (type == (v4 ? 0 : 129)) {
            int id = Bytes.getShortBE(p, l4 + 4);
            if (flows.contains(proto, family, srcHi, srcLo, dstHi, dstLo, 0, id, now, true)) {
                return FilterReason.ACCEPT_REPLY;
            }
            return addressRule ? FilterReason.ACCEPT_RULE : FilterReason.DROP_UNSOLICITED;
        }
        boolean error = v4 ? type == 3 || type == 11 || type == 12 : type >= 1 && type <= 4;
        if (error) {
            if (quotesOurFlow(p, l4 + 8, now)) {
                return FilterReason.ACCEPT_ICMP_ERROR;
            }
            return addressRule ? FilterReason.ACCEPT_RULE : FilterReason.DROP_UNSOLICITED;
        }
        return addressRule ? FilterReason.ACCEPT_RULE : FilterReason.DROP_NO_RULE;
    }

    /**
     * The packet an ICMP error quotes (its IP header and at least 8 bytes after it) went from our address (the
     * error's destination) to a peer, in a flow we track (UDP/SCTP tuple, echo identifier), or is TCP.
     */
    @HotPath
    private boolean quotesOurFlow(byte[] p, int q, long now) {
        int f = family;
        long qSrcHi;
        long qSrcLo;
        long qDstHi;
        long qDstLo;
        int qProto;
        int ql4;
        if (f == 4) {
            if (q + 20 > end || (p[q] & 0xff) >>> 4 != 4) {
                return false;
            }
            int ihl = (p[q] & 0x0f) * 4;
            ql4 = q + ihl;
            if (ihl < 20 || ql4 + 8 > end) {
                return false;
            }
            qProto = p[q + 9] & 0xff;
            qSrcHi = 0;
            qSrcLo = Bytes.getIntBE(p, q + 12) & 0xffffffffL;
            qDstHi = 0;
            qDstLo = Bytes.getIntBE(p, q + 16) & 0xffffffffL;
        } else {
            ql4 = q + 40;
            if (ql4 + 8 > end || (p[q] & 0xff) >>> 4 != 6) {
                return false;
            }
            qProto = p[q + 6] & 0xff;
            qSrcHi = Bytes.getLongBE(p, q + 8);
            qSrcLo = Bytes.getLongBE(p, q + 16);
            qDstHi = Bytes.getLongBE(p, q + 24);
            qDstLo = Bytes.getLongBE(p, q + 32);
        }
        if (qSrcHi != dstHi || qSrcLo != dstLo) {
            return false;
        }
        if (qProto == TCP) {
            return true;
        }
        if (qProto == UDP || qProto == SCTP) {
            return flows.contains(qProto, f, qDstHi, qDstLo, qSrcHi, qSrcLo, Bytes.getShortBE(p, ql4 + 2),
                    Bytes.getShortBE(p, ql4), now, false);
        }
        if (qProto == (f == 4 ? ICMP : ICMPV6) && (p[ql4] & 0xff) == (f == 4 ? 8 : 128)) {
            return flows.contains(qProto, f, qDstHi, qDstLo, qSrcHi, qSrcLo, 0, Bytes.getShortBE(p, ql4 + 4), now,
                    false);
        }
        return false;
    }

    /**
     * A packet the device sends into the tunnel ({@code pkt[off, off+len)}): UDP/SCTP records its flow, an ICMP
     * echo request its identifier, so the replies get in; anything else is ignored. Never blocks the packet.
     */
    @HotPath
    public void noteOutbound(byte[] pkt, int off, int len, long nowMs) {
        if (parse(pkt, off, len) < 0 || laterFragment) {
            return;
        }
        int pr = proto;
        if (pr == UDP || pr == SCTP) {
            if (l4 + 4 <= end) {
                flows.note(pr, family, dstHi, dstLo, srcHi, srcLo, Bytes.getShortBE(pkt, l4 + 2),
                        Bytes.getShortBE(pkt, l4), nowMs);
            }
        } else if (pr == (family == 4 ? ICMP : ICMPV6) && l4 + 8 <= end
                && (pkt[l4] & 0xff) == (family == 4 ? 8 : 128)) {
            flows.note(pr, family, dstHi, dstLo, srcHi, srcLo, 0, Bytes.getShortBE(pkt, l4 + 4), nowMs);
        }
    }
}
