package io.tailnode.firmware.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.control.json.IpRange;
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
import io.tailnode.ip.wire.InetChecksum;
import io.tailnode.wg.SourceAddress;
import io.tailnode.wg.WgDeviceConfig;
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
    private static final byte[] A = {100, 64, 0, 1};
    private static final byte[] B = {100, 64, 0, 2};
    private static final LogSink NULL_SINK = new LogSink() {
        @Override
        public int write(byte[] line, int off, int len) {
            return HalStatus.OK;
        }
    };

    private final ManualClock clock = new ManualClock();
    private final Pipe aToB = new Pipe(256);
    private final Pipe bToA = new Pipe(256);
    private DeviceServices sa;
    private DeviceServices sb;
    private DeviceStatus statusA;

    private TunnelLoop node(byte[] priv, byte[] peerPub, byte[] addr, byte[] peerAddr, Pipe in, Pipe out,
            boolean first) {
        WgDeviceConfig c = new WgDeviceConfig();
        c.maxPeers = 2;
        CountingRandom r = new CountingRandom(addr[3]);
        WireGuardDevice wg = new WireGuardDevice(priv, 0, c, new X25519(), r, r, new StepTai());
        int slot = wg.addPeer(peerPub, 0, null, 0, 0);
        wg.addAllowedIp(slot, peerAddr, 0, 4, 32);
        byte[] ep = new byte[7];
        SourceAddress.ipv4(ep, 0, new byte[] {(byte) 198, 18, 0, peerAddr[3]}, 0, 51820);
        wg.setEndpoint(slot, ep, 0, 7);
        ServicesConfig sc = new ServicesConfig();
        sc.ip.mtu = 1420;
        DeviceStatus status = new DeviceStatus(wg, clock, "node" + addr[3], "power-on");
        status.addTunnelAddress(addr, 0, 4);
        byte[] secret = new byte[32];
        secret[0] = addr[3];
        DeviceServices s = new DeviceServices(sc, secret, 0, status);
        s.setAddressV4(addr, 0);
        if (first) {
            sa = s;
            statusA = status;
        } else {
            sb = s;
        }
        Logger log = new Logger(NULL_SINK, LogEvents.TAGS, 120, LogLevel.INFO, 5, 1000);
        return new TunnelLoop(wg, new MemTransport(in, out, addr[3]), clock, null, s, log, 1420, 50, null);
    }

    private static byte[] ping(byte[] src, byte[] dst, int id) {
        return echo(src, dst, 8, id);
    }

    /** An ICMP echo request (type 8) or reply (0) with valid checksums. */
    private static byte[] echo(byte[] src, byte[] dst, int type, int id) {
        byte[] p = new byte[28 + 16];
        p[0] = 0x45;
        p[3] = (byte) p.length;
        p[8] = 64;
        p[9] = 1;
        System.arraycopy(src, 0, p, 12, 4);
        System.arraycopy(dst, 0, p, 16, 4);
        int h = InetChecksum.of(p, 0, 20);
        p[10] = (byte) (h >>> 8);
        p[11] = (byte) h;
        p[20] = (byte) type;
        p[24] = (byte) (id >>> 8);
        p[25] = (byte) id;
        p[27] = 1;
        int c = InetChecksum.of(p, 20, p.length - 20);
        p[22] = (byte) (c >>> 8);
        p[23] = (byte) c;
        return p;
    }

    private static void steps(TunnelLoop a, TunnelLoop b, ManualClock clock, int n) {
        for (int i = 0; i < n; i++) {
            clock.now++;
            b.runOnce();
            a.runOnce();
        }
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
        TunnelLoop a = node(privA, pubB, A, B, bToA, aToB, true);
        TunnelLoop b = node(privB, pubA, B, A, aToB, bToA, false);
        FilterConfig fc = new FilterConfig();
        InboundFilter filter = new InboundFilter(fc);
        a.setInboundFilter(filter);
        statusA.attachFilter(filter);

        // A pings B (A's own flow): B answers, the reply passes A's filter as a reply.
        int answeredByB = sb.ip().echoReplyCount();
        int receivedByA = sa.ip().receivedCount();
        a.sendInner(ping(A, B, 0x4242), 0, 44);
        steps(a, b, clock, 20);
        assertEquals(answeredByB + 1, sb.ip().echoReplyCount(), "B answered A's ping");
        assertEquals(1, filter.count(FilterReason.ACCEPT_REPLY));
        assertEquals(receivedByA + 1, sa.ip().receivedCount(), "the reply reached A's IP stack");
        assertEquals(0, a.filterDrops());

        // B pings A: no rule lets B in, so A's stack never sees it and nothing answers.
        int answeredByA = sa.ip().echoReplyCount();
        receivedByA = sa.ip().receivedCount();
        int receivedByB = sb.ip().receivedCount();
        b.sendInner(ping(B, A, 0x0b0b), 0, 44);
        steps(a, b, clock, 20);
        assertEquals(1, a.filterDrops());
        assertEquals(1, filter.count(FilterReason.DROP_NO_RULE));
        assertEquals(answeredByA, sa.ip().echoReplyCount());
        assertEquals(receivedByA, sa.ip().receivedCount(), "A's IP stack never saw it");
        assertEquals(receivedByB, sb.ip().receivedCount(), "no reply came back to B");
        // An unsolicited echo reply from B is no reply to anything of A's.
        b.sendInner(echo(B, A, 0, 0x4243), 0, 44);
        steps(a, b, clock, 5);
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
        steps(a, b, clock, 20);
        assertEquals(1, filter.count(FilterReason.ACCEPT_RULE), "the SYN");
        byte[] req = "GET /metrics HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        assertEquals(req.length, sb.tcp().write(h, req, 0, req.length));
        StringBuilder body = new StringBuilder();
        byte[] in = new byte[4096];
        for (int i = 0; i < 200 && !body.toString().contains("filter_link_local"); i++) {
            steps(a, b, clock, 1);
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
