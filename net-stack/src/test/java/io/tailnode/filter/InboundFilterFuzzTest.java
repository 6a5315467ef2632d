package io.tailnode.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.testing.Fuzz;
import io.tailnode.testing.Fuzz.Guarded;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Fuzz target {@code filter}: {@link InboundFilter#check} and {@link InboundFilter#noteOutbound} on mutated inner
 * packets (seeds: {@code fuzz/filter/*.hex}, TCP/UDP/ICMP/ICMPv6/GRE/fragment, v4 and v6), with a rule set and
 * tracked flows in place. Properties: nothing is thrown; the input and the bytes around it are never written;
 * exactly the returned verdict's counter moves; check never adds a flow; and the verdict equals the one of an
 * independent reference written with java.net and BigInteger (same semantics, none of the production code).
 */
class InboundFilterFuzzTest {
    private static final String ME = "100.64.0.1";
    private static final String P = "100.64.0.2";
    private static final String ME6 = "fd7a:115c:a1e0::1";
    private static final String P6 = "fd7a:115c:a1e0::2";

    private final InboundFilter f;
    private final Reference ref = new Reference();
    private int inputs;

    InboundFilterFuzzTest() {
        FilterConfig c = new FilterConfig();
        c.maxFlows = 16;
        c.flowTimeoutMs = Long.MAX_VALUE / 4;
        f = new InboundFilter(c);
        Pkt.rule(f.rules(), new String[] {P, "100.64.1.0/24"}, new String[] {ME + ":22", "*:8000-8100"}, null);
        ref.rule(new String[] {P, "100.64.1.0/24"}, new String[][] {{ME, "22", "22"}, {"*", "8000", "8100"}}, null);
        Pkt.rule(f.rules(), new String[] {"fd7a:115c:a1e0::/48"}, new String[] {ME6 + ":0-65535"}, new int[] {6, 47});
        ref.rule(new String[] {"fd7a:115c:a1e0::/48"}, new String[][] {{ME6, "0", "65535"}}, new int[] {6, 47});
        Pkt.rule(f.rules(), new String[] {"*"}, new String[] {ME + ":0-65535"}, new int[] {47, 132});
        ref.rule(new String[] {"*"}, new String[][] {{ME, "0", "65535"}}, new int[] {47, 132});
        note(Pkt.udp(ME, 5000, P, 53));
        note(Pkt.udp(ME6, 5000, P6, 53));
        note(Pkt.echo(ME, P, true, 7));
        note(Pkt.echo(ME6, P6, true, 7));
    }

    private void note(byte[] p) {
        f.noteOutbound(p, 0, p.length, 1);
        ref.note(p);
    }

    private void check(byte[] in) {
        inputs++;
        int h = Arrays.hashCode(in);
        Guarded g = new Guarded(in, 8, 8, h);
        long[] before = counters();
        int flowsBefore = f.flows().size();
        int v = f.check(g.buf, g.off, g.len, 2);
        assertTrue(g.unchanged(), "check wrote to its input");
        g.assertGuardsIntact();
        assertTrue(FilterReason.index(v) != 0, "verdict " + v);
        long[] after = counters();
        before[FilterReason.index(v)]++;
        assertEquals(Arrays.toString(before), Arrays.toString(after), "exactly the verdict's counter");
        assertTrue(f.flows().size() <= flowsBefore, "check added a flow");
        assertEquals(ref.verdict(in), v, "reference verdict");
        // The same bytes as outbound: never throws, never writes, the table stays bounded.
        Guarded o = new Guarded(in, 8, 8, h + 1);
        f.noteOutbound(o.buf, o.off, o.len, 2);
        assertTrue(o.unchanged(), "noteOutbound wrote to its input");
        assertTrue(f.flows().size() <= f.flows().capacity());
        if (f.flows().size() == f.flows().capacity()) {
            // Keep the reference's flows equal to ours: start over from the four noted flows.
            f.flows().clear();
            ref.flows.clear();
            note(Pkt.udp(ME, 5000, P, 53));
            note(Pkt.udp(ME6, 5000, P6, 53));
            note(Pkt.echo(ME, P, true, 7));
            note(Pkt.echo(ME6, P6, true, 7));
        } else {
            ref.note(in);
        }
    }

    private long[] counters() {
        long[] c = new long[FilterReason.SLOTS];
        for (int code = -FilterReason.DROP_COUNT; code <= FilterReason.ACCEPT_COUNT; code++) {
            c[FilterReason.index(code)] = f.count(code);
        }
        return c;
    }

    @Test
    void packetsNeverBreakTheFilterAndAgreeWithTheReference() {
        Fuzz.Report r = Fuzz.run("filter", List.of(), null, this::check);
        System.out.println(r + "; verdicts: rule " + f.count(FilterReason.ACCEPT_RULE) + ", reply "
                + f.count(FilterReason.ACCEPT_REPLY) + ", icmp error " + f.count(FilterReason.ACCEPT_ICMP_ERROR)
                + ", no rule " + f.count(FilterReason.DROP_NO_RULE) + ", unsolicited "
                + f.count(FilterReason.DROP_UNSOLICITED) + ", malformed " + f.count(FilterReason.DROP_MALFORMED));
        assertTrue(r.runs > 1000, r.toString());
        assertTrue(f.count(FilterReason.ACCEPT_RULE) > 10 && f.count(FilterReason.ACCEPT_REPLY) > 10
                && f.count(FilterReason.DROP_NO_RULE) > 10 && f.count(FilterReason.ACCEPT_ICMP_ERROR) > 0);
    }

    /** The filter's semantics again, the slow and obvious way. */
    static final class Reference {
        final List<Object[]> rules = new java.util.ArrayList<>();
        final Set<String> flows = new HashSet<>();

        static BigInteger[] range(String text) {
            try {
                if (text.equals("*")) {
                    return null;
                }
                int slash = text.indexOf('/');
                InetAddress a = InetAddress.getByName(slash < 0 ? text : text.substring(0, slash));
                int bits = a.getAddress().length * 8;
                int len = slash < 0 ? bits : Integer.parseInt(text.substring(slash + 1));
                BigInteger lo = new BigInteger(1, a.getAddress());
                BigInteger host = BigInteger.ONE.shiftLeft(bits - len).subtract(BigInteger.ONE);
                return new BigInteger[] {BigInteger.valueOf(bits), lo, lo.or(host)};
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(e);
            }
        }

        void rule(String[] srcs, String[][] dsts, int[] protos) {
            Set<Integer> ps = new HashSet<>();
            if (protos == null) {
                ps.addAll(List.of(1, 6, 17, 58));
            } else {
                for (int p : protos) {
                    ps.add(p);
                }
            }
            rules.add(new Object[] {srcs, dsts, ps});
        }

        static boolean in(String text, int bits, BigInteger a) {
            BigInteger[] r = range(text);
            return r == null || (r[0].intValue() == bits && r[1].compareTo(a) <= 0 && a.compareTo(r[2]) <= 0);
        }

        boolean match(int proto, int bits, BigInteger src, BigInteger dst, int port, boolean ipsOnly,
                boolean allPorts) {
            for (Object[] r : rules) {
                @SuppressWarnings("unchecked")
                Set<Integer> ps = (Set<Integer>) r[2];
                if (!ipsOnly && !ps.contains(proto)) {
                    continue;
                }
                boolean s = false;
                for (String t : (String[]) r[0]) {
                    s |= in(t, bits, src);
                }
                if (!s) {
                    continue;
                }
                for (String[] d : (String[][]) r[1]) {
                    int first = Integer.parseInt(d[1]);
                    int last = Integer.parseInt(d[2]);
                    boolean ports = ipsOnly || (allPorts ? first == 0 && last == 65535 : port >= first && port <= last);
                    if (in(d[0], bits, dst) && ports) {
                        return true;
                    }
                }
            }
            return false;
        }

        static int u16(byte[] p, int i) {
            return (p[i] & 0xff) << 8 | (p[i + 1] & 0xff);
        }

        /** {version bits, proto, src, dst, l4, end, laterFragment} or null when not an acceptable header. */
        static Object[] header(byte[] p) {
            if (p.length < 20) {
                return null;
            }
            int v = (p[0] & 0xff) >> 4;
            if (v == 4) {
                int ihl = (p[0] & 15) * 4;
                int total = u16(p, 2);
                if (ihl < 20 || total < ihl || total > p.length) {
                    return null;
                }
                return new Object[] {32, p[9] & 0xff, new BigInteger(1, Arrays.copyOfRange(p, 12, 16)),
                    new BigInteger(1, Arrays.copyOfRange(p, 16, 20)), ihl, total, (u16(p, 6) & 0x1fff) != 0};
            }
            if (v == 6 && p.length >= 40 && 40 + u16(p, 4) <= p.length) {
                return new Object[] {128, p[6] & 0xff, new BigInteger(1, Arrays.copyOfRange(p, 8, 24)),
                    new BigInteger(1, Arrays.copyOfRange(p, 24, 40)), 40, 40 + u16(p, 4), false};
            }
            return null;
        }

        void note(byte[] p) {
            Object[] h = header(p);
            if (h == null || (Boolean) h[6]) {
                return;
            }
            int proto = (Integer) h[1];
            int l4 = (Integer) h[4];
            int end = (Integer) h[5];
            int icmp = (Integer) h[0] == 32 ? 1 : 58;
            if ((proto == 17 || proto == 132) && l4 + 4 <= end) {
                flows.add(proto + "|" + h[3] + "|" + h[2] + "|" + u16(p, l4 + 2) + "|" + u16(p, l4));
            } else if (proto == icmp && l4 + 8 <= end && (p[l4] & 0xff) == (icmp == 1 ? 8 : 128)) {
                flows.add(proto + "|" + h[3] + "|" + h[2] + "|0|" + u16(p, l4 + 4));
            }
        }

        int verdict(byte[] p) {
            if (p.length == 0) {
                return FilterReason.ACCEPT_EMPTY;
            }
            if (p.length < 20 || ((p[0] & 0xff) >> 4 == 6 && p.length < 40)) {
                return FilterReason.DROP_TOO_SHORT;
            }
            Object[] h = header(p);
            if (h == null) {
                return FilterReason.DROP_MALFORMED;
            }
            int bits = (Integer) h[0];
            int proto = (Integer) h[1];
            BigInteger src = (BigInteger) h[2];
            BigInteger dst = (BigInteger) h[3];
            int l4 = (Integer) h[4];
            int end = (Integer) h[5];
            InetAddress d;
            try {
                byte[] raw = dst.toByteArray();
                byte[] a = new byte[bits / 8];
                int n = Math.min(raw.length, a.length);
                System.arraycopy(raw, raw.length - n, a, a.length - n, n);
                d = InetAddress.getByAddress(a);
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
            if (d.isMulticastAddress()) {
                return FilterReason.DROP_MULTICAST;
            }
            if (d.isLinkLocalAddress()) {
                return FilterReason.DROP_LINK_LOCAL;
            }
            if ((Boolean) h[6]) {
                return FilterReason.ACCEPT_FRAGMENT;
            }
            int icmp = bits == 32 ? 1 : 58;
            if (proto == 6) {
                if (l4 + 14 > end) {
                    return FilterReason.DROP_MALFORMED;
                }
                int fl = p[l4 + 13] & 0xff;
                if ((fl & 2) == 0 || (fl & 0x10) != 0) {
                    return FilterReason.ACCEPT_TCP_NOT_SYN;
                }
                return match(6, bits, src, dst, u16(p, l4 + 2), false, false) ? FilterReason.ACCEPT_RULE
                        : FilterReason.DROP_NO_RULE;
            }
            if (proto == 17 || proto == 132) {
                if (l4 + 4 > end) {
                    return FilterReason.DROP_MALFORMED;
                }
                if (flows.contains(proto + "|" + src + "|" + dst + "|" + u16(p, l4) + "|" + u16(p, l4 + 2))) {
                    return FilterReason.ACCEPT_REPLY;
                }
                return match(proto, bits, src, dst, u16(p, l4 + 2), false, false) ? FilterReason.ACCEPT_RULE
                        : FilterReason.DROP_NO_RULE;
            }
            if (proto == icmp) {
                if (l4 + 8 > end) {
                    return FilterReason.DROP_MALFORMED;
                }
                int type = p[l4] & 0xff;
                boolean any = match(proto, bits, src, dst, 0, true, false);
                if (type == (bits == 32 ? 0 : 129)) {
                    if (flows.contains(proto + "|" + src + "|" + dst + "|0|" + u16(p, l4 + 4))) {
                        return FilterReason.ACCEPT_REPLY;
                    }
                    return any ? FilterReason.ACCEPT_RULE : FilterReason.DROP_UNSOLICITED;
                }
                boolean error = bits == 32 ? type == 3 || type == 11 || type == 12 : type >= 1 && type <= 4;
                if (error) {
                    if (quoted(p, l4 + 8, end, bits, dst)) {
                        return FilterReason.ACCEPT_ICMP_ERROR;
                    }
                    return any ? FilterReason.ACCEPT_RULE : FilterReason.DROP_UNSOLICITED;
                }
                return any ? FilterReason.ACCEPT_RULE : FilterReason.DROP_NO_RULE;
            }
            if (proto == 99) {
                return FilterReason.ACCEPT_TSMP;
            }
            return match(proto, bits, src, dst, 0, false, true) ? FilterReason.ACCEPT_RULE : FilterReason.DROP_NO_RULE;
        }

        boolean quoted(byte[] p, int q, int end, int bits, BigInteger me) {
            int ql4;
            int qp;
            BigInteger qs;
            BigInteger qd;
            if (bits == 32) {
                if (q + 20 > end || (p[q] & 0xff) >> 4 != 4 || (p[q] & 15) < 5) {
                    return false;
                }
                ql4 = q + (p[q] & 15) * 4;
                qp = p[q + 9] & 0xff;
                qs = new BigInteger(1, Arrays.copyOfRange(p, q + 12, q + 16));
                qd = new BigInteger(1, Arrays.copyOfRange(p, q + 16, q + 20));
            } else {
                if (q + 40 > end || (p[q] & 0xff) >> 4 != 6) {
                    return false;
                }
                ql4 = q + 40;
                qp = p[q + 6] & 0xff;
                qs = new BigInteger(1, Arrays.copyOfRange(p, q + 8, q + 24));
                qd = new BigInteger(1, Arrays.copyOfRange(p, q + 24, q + 40));
            }
            if (ql4 + 8 > end || !qs.equals(me)) {
                return false;
            }
            if (qp == 6) {
                return true;
            }
            if (qp == 17 || qp == 132) {
                return flows.contains(qp + "|" + qd + "|" + qs + "|" + u16(p, ql4 + 2) + "|" + u16(p, ql4));
            }
            int icmp = bits == 32 ? 1 : 58;
            return qp == icmp && (p[ql4] & 0xff) == (bits == 32 ? 8 : 128)
                    && flows.contains(qp + "|" + qd + "|" + qs + "|0|" + u16(p, ql4 + 4));
        }
    }
}
