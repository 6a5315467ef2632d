package io.tailnode.firmware.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.crypto.X25519;
import io.tailnode.filter.FilterConfig;
import io.tailnode.filter.FilterReason;
import io.tailnode.filter.FilterTable;
import io.tailnode.filter.InboundFilter;
import io.tailnode.firmware.hal.HalStatus;
import io.tailnode.firmware.hal.LogSink;
import io.tailnode.firmware.log.LogEvents;
import io.tailnode.firmware.log.LogLevel;
import io.tailnode.firmware.log.Logger;
import io.tailnode.firmware.loop.TunnelLoopAllocationTest.CountingRandom;
import io.tailnode.firmware.loop.TunnelLoopAllocationTest.ManualClock;
import io.tailnode.firmware.loop.TunnelLoopAllocationTest.MemTransport;
import io.tailnode.firmware.loop.TunnelLoopAllocationTest.Pipe;
import io.tailnode.firmware.loop.TunnelLoopAllocationTest.StepTai;
import io.tailnode.firmware.services.DeviceServices;
import io.tailnode.firmware.services.DeviceStatus;
import io.tailnode.firmware.services.ServicesConfig;
import io.tailnode.http.HttpLimits;
import io.tailnode.testing.AllocationMeter;
import io.tailnode.wg.SourceAddress;
import io.tailnode.wg.WgDeviceConfig;
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
    private static final LogSink NULL_SINK = new LogSink() {
        @Override
        public int write(byte[] line, int off, int len) {
            return HalStatus.OK;
        }
    };

    private final ManualClock clock = new ManualClock();
    private final Pipe aToB = new Pipe(256);
    private final Pipe bToA = new Pipe(256);
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

    private TunnelLoop node(byte[] priv, byte[] peerPub, int host, int peerHost, Pipe inPipe, Pipe outPipe,
            boolean first) {
        WgDeviceConfig c = new WgDeviceConfig();
        c.maxPeers = 2;
        CountingRandom r = new CountingRandom(host);
        WireGuardDevice wg = new WireGuardDevice(priv, 0, c, new X25519(), r, r, new StepTai());
        int slot = wg.addPeer(peerPub, 0, null, 0, 0);
        wg.addAllowedIp(slot, new byte[] {100, 64, 0, (byte) peerHost}, 0, 4, 32);
        byte[] ep = new byte[7];
        SourceAddress.ipv4(ep, 0, new byte[] {(byte) 198, 18, 0, (byte) peerHost}, 0, 51820);
        wg.setEndpoint(slot, ep, 0, 7);
        ServicesConfig sc = new ServicesConfig();
        sc.ip.mtu = 1420;
        sc.http = new HttpLimits(512, 32, 4096, 64L << 20, 64L << 20, Integer.MAX_VALUE, HttpLimits.MIN_CHUNK);
        DeviceStatus status = new DeviceStatus(wg, clock, "node" + host, "power-on");
        byte[] addr = {100, 64, 0, (byte) host};
        status.addTunnelAddress(addr, 0, 4);
        byte[] secret = new byte[32];
        secret[0] = (byte) host;
        DeviceServices s = new DeviceServices(sc, secret, 0, status);
        s.setAddressV4(addr, 0);
        if (first) {
            sa = s;
        } else {
            sb = s;
        }
        Logger log = new Logger(NULL_SINK, LogEvents.TAGS, 120, LogLevel.INFO, 5, 1000);
        return new TunnelLoop(wg, new MemTransport(inPipe, outPipe, host), clock, null, s, log, 1420, 50, null);
    }

    private void step() {
        clock.now++;
        b.runOnce();
        a.runOnce();
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
        X25519 x = new X25519();
        byte[] privA = new byte[32];
        byte[] privB = new byte[32];
        for (int i = 0; i < 32; i++) {
            privA[i] = (byte) (i + 1);
            privB[i] = (byte) (101 + i);
        }
        byte[] pubA = new byte[32];
        byte[] pubB = new byte[32];
        x.publicKey(pubA, 0, privA, 0);
        x.publicKey(pubB, 0, privB, 0);
        a = node(privA, pubB, 1, 2, bToA, aToB, true);
        b = node(privB, pubA, 2, 1, aToB, bToA, false);
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
