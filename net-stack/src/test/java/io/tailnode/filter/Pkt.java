package io.tailnode.filter;

import io.tailnode.control.json.IpRange;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/** Test helper: inner packets as the filter sees them (checksums are not the filter's business) and rules. */
final class Pkt {
    static final int TCP = 6;
    static final int UDP = 17;
    static final int SYN = 0x02;
    static final int ACK = 0x10;

    private Pkt() {
    }

    static byte[] addr(String s) {
        try {
            return InetAddress.getByName(s).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(s, e);
        }
    }

    /** An IP packet src → dst with protocol and the given transport bytes. */
    static byte[] ip(String src, String dst, int proto, byte[] l4) {
        byte[] s = addr(src);
        byte[] d = addr(dst);
        if (s.length == 4) {
            byte[] p = new byte[20 + l4.length];
            p[0] = 0x45;
            p[2] = (byte) (p.length >>> 8);
            p[3] = (byte) p.length;
            p[8] = 64;
            p[9] = (byte) proto;
            System.arraycopy(s, 0, p, 12, 4);
            System.arraycopy(d, 0, p, 16, 4);
            System.arraycopy(l4, 0, p, 20, l4.length);
            return p;
        }
        byte[] p = new byte[40 + l4.length];
        p[0] = 0x60;
        p[4] = (byte) (l4.length >>> 8);
        p[5] = (byte) l4.length;
        p[6] = (byte) proto;
        p[7] = 64;
        System.arraycopy(s, 0, p, 8, 16);
        System.arraycopy(d, 0, p, 24, 16);
        System.arraycopy(l4, 0, p, 40, l4.length);
        return p;
    }

    static byte[] tcp(String src, int sport, String dst, int dport, int flags) {
        byte[] t = new byte[20];
        ports(t, sport, dport);
        t[12] = 0x50;
        t[13] = (byte) flags;
        return ip(src, dst, TCP, t);
    }

    static byte[] udp(String src, int sport, String dst, int dport) {
        byte[] u = new byte[8 + 4];
        ports(u, sport, dport);
        u[5] = 12;
        return ip(src, dst, UDP, u);
    }

    static int icmpProto(String src) {
        return addr(src).length == 4 ? 1 : 58;
    }

    /** Echo request (request=true) or reply with identifier id. */
    static byte[] echo(String src, String dst, boolean request, int id) {
        boolean v4 = addr(src).length == 4;
        byte[] m = new byte[8 + 8];
        m[0] = (byte) (request ? (v4 ? 8 : 128) : (v4 ? 0 : 129));
        m[4] = (byte) (id >>> 8);
        m[5] = (byte) id;
        m[7] = 1;
        return ip(src, dst, icmpProto(src), m);
    }

    /** An ICMP error of {@code type}/{@code code} from {@code src} to {@code dst} quoting {@code offending}. */
    static byte[] icmpError(String src, String dst, int type, int code, byte[] offending) {
        int n = Math.min(offending.length, (addr(src).length == 4 ? 20 : 40) + 8);
        byte[] m = new byte[8 + n];
        m[0] = (byte) type;
        m[1] = (byte) code;
        System.arraycopy(offending, 0, m, 8, n);
        return ip(src, dst, icmpProto(src), m);
    }

    private static void ports(byte[] b, int s, int d) {
        b[0] = (byte) (s >>> 8);
        b[1] = (byte) s;
        b[2] = (byte) (d >>> 8);
        b[3] = (byte) d;
    }

    /**
     * Adds one rule to {@code t}: sources as policy text, destinations as "text:first-last", protocols (null =
     * IPProto absent). @return the FilterTable result
     */
    static int rule(FilterTable t, String[] srcs, String[] dsts, int[] protos) {
        IpRange r = new IpRange();
        t.beginRule(0);
        if (protos != null) {
            for (int p : protos) {
                t.addProtocol(p);
            }
        }
        for (String s : srcs) {
            byte[] b = s.getBytes(StandardCharsets.US_ASCII);
            if (!r.parse(b, 0, b.length)) {
                throw new IllegalArgumentException(s);
            }
            if (r.kind() == IpRange.KIND_ANY) {
                t.addAnySource();
            } else if (r.kind() == IpRange.KIND_RANGE) {
                t.addSource(r.family(), r.lo(), 0, r.hi(), 0);
            }
        }
        for (String d : dsts) {
            int colon = d.lastIndexOf(':');
            String text = d.substring(0, colon);
            String[] pr = d.substring(colon + 1).split("-");
            int first = Integer.parseInt(pr[0]);
            int last = Integer.parseInt(pr[pr.length - 1]);
            byte[] b = text.getBytes(StandardCharsets.US_ASCII);
            if (!r.parse(b, 0, b.length)) {
                throw new IllegalArgumentException(d);
            }
            if (r.kind() == IpRange.KIND_ANY) {
                t.addAnyDestination(first, last);
            } else if (r.kind() == IpRange.KIND_RANGE) {
                t.addDestination(r.family(), r.lo(), 0, r.hi(), 0, first, last);
            }
        }
        return t.endRule();
    }
}
