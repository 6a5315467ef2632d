package io.tailnode.firmware.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.control.json.IpRange;
import io.tailnode.filter.FilterConfig;
import io.tailnode.filter.FilterReason;
import io.tailnode.filter.FilterTable;
import io.tailnode.filter.InboundFilter;
import io.tailnode.firmware.services.DeviceServices;
import io.tailnode.firmware.services.DeviceStatus;
import io.tailnode.wg.WireGuardDevice;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Tailnet mode through the firmware loop: two {@link TunnelLoop}s with {@link DeviceServices} over an in-memory
 * transport; A has an {@link InboundFilter} (no rules yet: deny inbound except replies), B has none (wg-config
 * mode). A's own ping to B is answered and its reply gets through A's filter; B's ping to A is dropped by the
 * filter before A's IP stack sees it, counted, and shown in A's /metrics once a rule lets B fetch it.
 */
class FilteredLoopTest {
    private static final byte[] A = LoopPair.A;
    private static final byte[] B = LoopPair.B;

    private final LoopPair pair = new LoopPair(256);
    private DeviceServices sa;
    private DeviceServices sb;
    private DeviceStatus statusA;

    private TunnelLoop node(WireGuardDevice wg, LoopPair.MemTransport transport, int host, boolean first) {
        DeviceStatus status = pair.status(wg, host);
        DeviceServices s = LoopPair.services(host, status);
        if (first) {
            sa = s;
            statusA = status;
        } else {
            sb = s;
        }
        return new TunnelLoop(wg, transport, pair.clock, null, s, LoopPair.logger(), LoopPair.MTU, 50, null);
    }

    private static byte[] ping(byte[] src, byte[] dst, int id) {
        return LoopPair.ping(src, dst, id);
    }

    private static byte[] echo(byte[] src, byte[] dst, int type, int id) {
        return LoopPair.echo(src, dst, type, id);
    }

    private void steps(TunnelLoop a, TunnelLoop b, int n) {
        pair.steps(a, b, n);
    }

    private static void allow(FilterTable t, byte[] src, byte[] dst, int port, int proto) {
        IpRange r = new IpRange();
        t.beginRule(0);
        t.addProtocol(proto);
        String s = (src[0] & 0xff) + "." + (src[1] & 0xff) + "." + (src[2] & 0xff) + "." + (src[3] & 0xff);
        byte[] text = s.getBytes(StandardCharsets.US_ASCII);
        r.parse(text, 0, text.length);
        t.addSource(4, r.lo(), 0, r.hi(), 0);
        t.addDestination(4, dst, 0, dst, 0, port, port);
        assertEquals(FilterTable.RULE_ADDED, t.endRule());
    }

    @Test
    void deniedPingIsDroppedAndCountedWhileTheReplyToOurOwnPingPasses() {
        TunnelLoop a = node(pair.wgA(), pair.transportA(), 1, true);
        TunnelLoop b = node(pair.wgB(), pair.transportB(), 2, false);
        FilterConfig fc = new FilterConfig();
        InboundFilter filter = new InboundFilter(fc);
        a.setInboundFilter(filter);
        statusA.attachFilter(filter);

        // A pings B (A's own flow): B answers, the reply passes A's filter as a reply.
        int answeredByB = sb.ip().echoReplyCount();
        int receivedByA = sa.ip().receivedCount();
        a.sendInner(ping(A, B, 0x4242), 0, 44);
        steps(a, b, 20);
        assertEquals(answeredByB + 1, sb.ip().echoReplyCount(), "B answered A's ping");
        assertEquals(1, filter.count(FilterReason.ACCEPT_REPLY));
        assertEquals(receivedByA + 1, sa.ip().receivedCount(), "the reply reached A's IP stack");
        assertEquals(0, a.filterDrops());

        // B pings A: no rule lets B in, so A's stack never sees it and nothing answers.
        int answeredByA = sa.ip().echoReplyCount();
        receivedByA = sa.ip().receivedCount();
        int receivedByB = sb.ip().receivedCount();
        b.sendInner(ping(B, A, 0x0b0b), 0, 44);
        steps(a, b, 20);
        assertEquals(1, a.filterDrops());
        assertEquals(1, filter.count(FilterReason.DROP_NO_RULE));
        assertEquals(answeredByA, sa.ip().echoReplyCount());
        assertEquals(receivedByA, sa.ip().receivedCount(), "A's IP stack never saw it");
        assertEquals(receivedByB, sb.ip().receivedCount(), "no reply came back to B");
        // An unsolicited echo reply from B is no reply to anything of A's.
        b.sendInner(echo(B, A, 0, 0x4243), 0, 44);
        steps(a, b, 5);
        assertEquals(1, filter.count(FilterReason.DROP_UNSOLICITED));
        assertEquals(2, a.filterDrops());

        // The drops are in A's status; a rule lets B fetch A's /metrics over TCP and see them.
        long shown = -1;
        byte[] name = new byte[64];
        for (int i = 0; i < statusA.dropReasonCount(); i++) {
            int n = statusA.dropReasonName(i, name, 0, name.length);
            if (new String(name, 0, n, StandardCharsets.US_ASCII).equals("filter_no_rule")) {
                shown = statusA.dropCount(i);
            }
        }
        assertEquals(1, shown);
        allow(filter.rules(), B, A, 80, 6);
        int h = sb.tcp().connect(4, A, 0, 80, b.now());
        assertTrue(h >= 0);
        steps(a, b, 20);
        assertEquals(1, filter.count(FilterReason.ACCEPT_RULE), "the SYN");
        byte[] req = "GET /metrics HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        assertEquals(req.length, sb.tcp().write(h, req, 0, req.length));
        StringBuilder body = new StringBuilder();
        byte[] in = new byte[4096];
        for (int i = 0; i < 200 && !body.toString().contains("filter_link_local"); i++) {
            steps(a, b, 1);
            int r = sb.tcp().read(h, in, 0, in.length);
            if (r > 0) {
                body.append(new String(in, 0, r, StandardCharsets.US_ASCII));
            }
        }
        String metrics = body.toString();
        assertTrue(metrics.contains("tailnode_drops_total{reason=\"filter_no_rule\"} 1\n"), metrics);
        assertTrue(metrics.contains("tailnode_drops_total{reason=\"filter_unsolicited\"} 1\n"), metrics);
        assertTrue(filter.count(FilterReason.ACCEPT_TCP_NOT_SYN) > 0, "the rest of the connection");
        assertEquals(2, a.filterDrops());
    }
}
