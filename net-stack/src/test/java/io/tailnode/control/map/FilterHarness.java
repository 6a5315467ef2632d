package io.tailnode.control.map;

import io.tailnode.control.json.MapFrameReader;
import io.tailnode.control.json.MapResponseScanner;
import io.tailnode.control.json.MapResponseVisitor;
import io.tailnode.control.json.MapVisitorFanOut;
import io.tailnode.filter.FilterConfig;
import io.tailnode.filter.FilterReason;
import io.tailnode.filter.FilterTable;
import io.tailnode.filter.InboundFilter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

/**
 * Test harness: an InboundFilter with a PacketFilterApplier behind the production MapFrameReader +
 * MapResponseScanner (optionally next to a NetmapApplier through the fan-out); packets and a table dump.
 */
final class FilterHarness {
    final FilterConfig config;
    final InboundFilter filter;
    final PacketFilterApplier applier;
    final MapResponseScanner scanner;
    final MapFrameReader reader;

    FilterHarness(FilterConfig c) {
        this(c, null);
    }

    FilterHarness(FilterConfig c, MapResponseVisitor netmap) {
        config = c;
        filter = new InboundFilter(c);
        applier = new PacketFilterApplier(c, filter);
        MapResponseVisitor v = netmap == null ? applier : new MapVisitorFanOut(netmap, applier);
        scanner = new MapResponseScanner(4096, 2, 8, 4, 64, v, applier);
        reader = new MapFrameReader(1 << 24, scanner);
    }

    static FilterConfig config(int rules, int sources, int destinations) {
        FilterConfig c = new FilterConfig();
        c.maxRules = rules;
        c.maxSources = sources;
        c.maxDestinations = destinations;
        return c;
    }

    static byte[] resource(String name) {
        try (InputStream in = FilterHarness.class.getResourceAsStream("/control/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int apply(String json) {
        return apply(json.getBytes(StandardCharsets.UTF_8), 1400);
    }

    int apply(byte[] json, int chunk) {
        byte[] stream = NetmapHarness.frame(json);
        for (int off = 0; off < stream.length; off += chunk) {
            int r = reader.feed(stream, off, Math.min(chunk, stream.length - off));
            if (r < 0) {
                return r;
            }
        }
        return 0;
    }

    static byte[] addr(String s) {
        try {
            return InetAddress.getByName(s).getAddress();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A TCP SYN (proto 6), UDP (17) datagram or ICMP echo request (1) from src to dst:port, judged by the filter. */
    int judge(int proto, String src, String dst, int port) {
        byte[] s = addr(src);
        byte[] d = addr(dst);
        boolean v4 = s.length == 4;
        int h = v4 ? 20 : 40;
        byte[] p = new byte[h + 20];
        if (v4) {
            p[0] = 0x45;
            p[3] = (byte) p.length;
            p[9] = (byte) proto;
            System.arraycopy(s, 0, p, 12, 4);
            System.arraycopy(d, 0, p, 16, 4);
        } else {
            p[0] = 0x60;
            p[5] = 20;
            p[6] = (byte) (proto == 1 ? 58 : proto);
            System.arraycopy(s, 0, p, 8, 16);
            System.arraycopy(d, 0, p, 24, 16);
        }
        if (proto == 1) {
            p[h] = (byte) (v4 ? 8 : 128);
        } else {
            p[h + 2] = (byte) (port >>> 8);
            p[h + 3] = (byte) port;
            p[h + 13] = 0x02; // SYN (TCP); UDP ignores it
        }
        return filter.check(p, 0, p.length, 1);
    }

    boolean allows(int proto, String src, String dst, int port) {
        return judge(proto, src, dst, port) == FilterReason.ACCEPT_RULE;
    }

    /** The live table as text: per rule its sources, destinations with ports, and protocol map. */
    String dump() {
        FilterTable t = filter.rules();
        StringBuilder sb = new StringBuilder();
        byte[] r = new byte[32];
        for (int i = 0; i < t.ruleCount(); i++) {
            sb.append("rule ").append(i).append(" group ").append(t.group(i)).append(" src");
            for (int k = 0; k < t.ruleSourceCount(i); k++) {
                t.sourceRange(i, k, r, 0);
                sb.append(' ').append(range(t.sourceFamily(i, k), r));
            }
            sb.append(" dst");
            for (int k = 0; k < t.ruleDestinationCount(i); k++) {
                t.destinationRange(i, k, r, 0);
                sb.append(' ').append(range(t.destinationFamily(i, k), r)).append(':')
                        .append(t.destinationFirstPort(i, k)).append('-').append(t.destinationLastPort(i, k));
            }
            sb.append(" proto");
            for (int p = 0; p < 256; p++) {
                if (t.ruleAllowsProtocol(i, p)) {
                    sb.append(' ').append(p);
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    static String range(int family, byte[] r) {
        int n = family == 4 ? 4 : 16;
        try {
            String lo = InetAddress.getByAddress(java.util.Arrays.copyOfRange(r, 0, n)).getHostAddress();
            String hi = InetAddress.getByAddress(java.util.Arrays.copyOfRange(r, 16, 16 + n)).getHostAddress();
            return lo.equals(hi) ? lo : lo + "-" + hi;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Set names in force, in order. */
    String sets() {
        StringBuilder sb = new StringBuilder();
        byte[] b = new byte[64];
        for (int i = 0; i < applier.setCount(); i++) {
            int n = applier.setName(i, b, 0);
            sb.append(i > 0 ? "," : "").append(new String(b, 0, n, StandardCharsets.UTF_8));
        }
        return sb.toString();
    }
}
