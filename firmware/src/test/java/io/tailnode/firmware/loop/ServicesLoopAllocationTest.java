package io.tailnode.firmware.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.filter.FilterConfig;
import io.tailnode.filter.FilterReason;
import io.tailnode.filter.FilterTable;
import io.tailnode.filter.InboundFilter;
import io.tailnode.firmware.services.DeviceServices;
import io.tailnode.firmware.services.ServicesConfig;
import io.tailnode.http.HttpLimits;
import io.tailnode.testing.AllocationMeter;
import io.tailnode.wg.WireGuardDevice;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Runs in the allocation JVM (escape analysis off): two {@link TunnelLoop}s with {@link DeviceServices}, joined by
 * an in-memory transport. A's TCP (a client socket on A's own stack) talks HTTP/1.1 keep-alive to B's HTTP
 * service on 100.64.0.2:80 through the tunnel. After warm-up, a whole request/response (TCP segments both ways,
 * IpStack, TcpStack, HTTP, WireGuard seal/open, both loops, both inbound filters of tailnet mode) allocates 0
 * bytes; so does a ping through the stack.
 */
class ServicesLoopAllocationTest {
    private final LoopPair pair = new LoopPair(256);
    private TunnelLoop a;
    private TunnelLoop b;
    private DeviceServices sa;
    private DeviceServices sb;
    private final byte[] get = "GET /bytes?n=3000 HTTP/1.1\r\nHost: d\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private final byte[] post = "POST /sink HTTP/1.1\r\nHost: d\r\nContent-Length: 2000\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);
    private final byte[] body = new byte[2000];
    private final byte[] in = new byte[8192];
    private int client;
    private int expected;
    private int got;

    private TunnelLoop node(WireGuardDevice wg, LoopPair.MemTransport transport, int host, boolean first) {
        ServicesConfig sc = LoopPair.servicesConfig();
        sc.http = new HttpLimits(512, 32, 4096, 64L << 20, 64L << 20, Integer.MAX_VALUE, HttpLimits.MIN_CHUNK);
        DeviceServices s = LoopPair.services(sc, host, pair.status(wg, host));
        if (first) {
            sa = s;
        } else {
            sb = s;
        }
        return new TunnelLoop(wg, transport, pair.clock, null, s, LoopPair.logger(), LoopPair.MTU, 50, null);
    }

    private void step() {
        pair.steps(a, b, 1);
    }

    /** Writes the request, runs both loops until the whole response is back; returns its length. */
    private int exchange(byte[] req, byte[] data) {
        int w = sa.tcp().write(client, req, 0, req.length);
        if (w != req.length) {
            return -1;
        }
        if (data != null && sa.tcp().write(client, data, 0, data.length) != data.length) {
            return -2;
        }
        got = 0;
        for (int i = 0; i < 200; i++) {
            step();
            int r = sa.tcp().read(client, in, 0, in.length);
            if (r > 0) {
                got += r;
            }
            if (expected > 0 && got >= expected) {
                break;
            }
        }
        return got;
    }

    @Test
    void httpRequestsThroughBothLoopsAllocateNothing() {
        a = node(pair.wgA(), pair.transportA(), 1, true);
        b = node(pair.wgB(), pair.transportB(), 2, false);
        // Tailnet mode on both: A has no rules (its connection's replies pass), B lets A reach port 80.
        InboundFilter fa = new InboundFilter(new FilterConfig());
        InboundFilter fb = new InboundFilter(new FilterConfig());
        byte[] addrA = {100, 64, 0, 1};
        byte[] addrB = {100, 64, 0, 2};
        fb.rules().beginRule(0);
        fb.rules().addSource(4, addrA, 0, addrA, 0);
        fb.rules().addDestination(4, addrB, 0, addrB, 0, 80, 80);
        assertEquals(FilterTable.RULE_ADDED, fb.rules().endRule());
        a.setInboundFilter(fa);
        b.setInboundFilter(fb);
        client = sa.tcp().connect(4, new byte[] {100, 64, 0, 2}, 0, 80, a.now());
        assertTrue(client >= 0);
        for (int i = 0; i < 20; i++) {
            step();
        }
        // First response: learn its length (headers + 3000 bytes), then check every later one has it.
        expected = 0;
        int first = exchange(get, null);
        assertTrue(first > 3000, "response " + first);
        expected = first;
        for (int i = 0; i < 50; i++) {
            assertEquals(expected, exchange(get, null));
        }
        long perGet = AllocationMeter.bytesPerCall(() -> exchange(get, null), 500, 2_000);
        System.out.println("services loop: HTTP GET /bytes?n=3000 through both loops: " + perGet + " B");
        assertEquals(0, perGet);
        assertEquals(expected, got);

        expected = 0;
        int sinkLen = exchange(post, body);
        assertTrue(sinkLen > 64, "sink response " + sinkLen);
        expected = sinkLen;
        long perPost = AllocationMeter.bytesPerCall(() -> exchange(post, body), 500, 2_000);
        System.out.println("services loop: HTTP POST /sink 2000 B through both loops: " + perPost + " B");
        assertEquals(0, perPost);
        assertEquals(expected, got);
        assertEquals(0, a.transportErrors() + b.transportErrors());
        assertEquals(1, sb.acceptedConnections());
        assertEquals(1, fb.count(FilterReason.ACCEPT_RULE), "A's SYN");
        assertTrue(fa.count(FilterReason.ACCEPT_TCP_NOT_SYN) > 1000 && fb.count(FilterReason.ACCEPT_TCP_NOT_SYN) > 1000);
        assertEquals(0, fa.dropped() + fb.dropped());
    }
}
