package io.tailnode.ip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.ip.wire.InetChecksum;
import io.tailnode.testing.Fuzz;
import io.tailnode.testing.Fuzz.Guarded;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Fuzz target {@code ipstack}: {@link IpStack#receive} with UDP sockets bound (port 5000, and 7 behind
 * {@link UdpEchoService}) and a TCP handler registered, then {@link IpStack#poll} and the echo service.
 * Seeds (committed under {@code fuzz/ipstack}): UDP v4/v6 to bound and unbound ports, pings, TCP, an unknown
 * protocol, fragments, an ICMP error. Half of the mutants get IPv4/UDP/ICMP checksums recomputed.
 * <p>
 * Properties: nothing is thrown; the input is never written; on rejection exactly the returned reason's
 * counter moves, no socket ring changes, and the output queue grows only by an ICMP error the sender counted;
 * on acceptance exactly one ring, the queue or the TCP handler took it; every packet polled out stays inside
 * the given region, fits the MTU, and carries valid IPv4 / UDP / ICMP checksums.
 */
class IpStackFuzzTest {
    private final IpStack stack = IpStackTest.newStack(smallConfig());
    private final UdpEchoService echo = new UdpEchoService(stack.udp(), stack.mtu());
    private final UdpSocket sock;
    private final int[] tcpSeen = new int[1];
    private final byte[] buf = new byte[1500];
    private final UdpEndpoint from = new UdpEndpoint();
    private long now;
    private int inputs;

    IpStackFuzzTest() {
        sock = stack.udp().socket(stack.udp().bind(5000));
        echo.start();
        stack.setTcpHandler(new TransportHandler() {
            @Override
            public int receive(byte[] pkt, int off, int len, int ipVersion, long nowMs) {
                tcpSeen[0]++;
                return len >= (ipVersion == 4 ? 40 : 60) ? 0 : -1;
            }

            @Override
            public int poll(long nowMs, byte[] out, int off, int cap) {
                return 0;
            }

            @Override
            public long nextDeadline() {
                return Long.MAX_VALUE;
            }
        });
    }

    private static IpStackConfig smallConfig() {
        IpStackConfig c = new IpStackConfig();
        c.udpSockets = 3;
        c.udpRxPackets = 4;
        c.udpRxBytes = 2000;
        c.outputQueuePackets = 4;
        c.icmpErrorBurst = 3;
        c.icmpErrorIntervalMs = 20;
        return c;
    }

    /** Recomputes IPv4 header, UDP and ICMP/ICMPv6 checksums where the (mutated) lengths allow it. */
    static byte[] fixChecksums(byte[] p) {
        if (p.length >= 20 && (p[0] & 0xf0) == 0x40) {
            int ihl = (p[0] & 0x0f) * 4;
            if (ihl < 20 || ihl > p.length) {
                return p;
            }
            put(p, 10, 0);
            put(p, 10, InetChecksum.of(p, 0, ihl));
            int total = ((p[2] & 0xff) << 8) | (p[3] & 0xff);
            if (total > p.length || total < ihl + 8) {
                return p;
            }
            if (p[9] == 17) {
                int ul = ((p[ihl + 4] & 0xff) << 8) | (p[ihl + 5] & 0xff);
                if (ul >= 8 && ihl + ul <= total) {
                    put(p, ihl + 6, 0);
                    int c = InetChecksum.finish(InetChecksum.add(
                            InetChecksum.ipv4PseudoHeader(p, 12, 16, ul, 17), p, ihl, ul));
                    put(p, ihl + 6, c == 0 ? 0xffff : c);
                }
            } else if (p[9] == 1) {
                put(p, ihl + 2, 0);
                put(p, ihl + 2, InetChecksum.of(p, ihl, total - ihl));
            }
        } else if (p.length >= 48 && (p[0] & 0xf0) == 0x60) {
            int payload = ((p[4] & 0xff) << 8) | (p[5] & 0xff);
            if (40 + payload > p.length || payload < 8) {
                return p;
            }
            if (p[6] == 17) {
                int ul = ((p[44] & 0xff) << 8) | (p[45] & 0xff);
                if (ul >= 8 && ul <= payload) {
                    put(p, 46, 0);
                    int c = InetChecksum.finish(InetChecksum.add(
                            InetChecksum.ipv6PseudoHeader(p, 8, 24, ul, 17), p, 40, ul));
                    put(p, 46, c == 0 ? 0xffff : c);
                }
            } else if (p[6] == 58) {
                put(p, 42, 0);
                put(p, 42, InetChecksum.finish(InetChecksum.add(
                        InetChecksum.ipv6PseudoHeader(p, 8, 24, payload, 58), p, 40, payload)));
            }
        }
        return p;
    }

    private static void put(byte[] p, int at, int v) {
        p[at] = (byte) (v >>> 8);
        p[at + 1] = (byte) v;
    }

    private int[] counters() {
        int[] c = new int[IpReason.COUNT + 8];
        for (int i = 1; i <= IpReason.COUNT; i++) {
            c[i] = stack.dropCount(-i);
        }
        c[IpReason.COUNT + 1] = sock.queuedCount();
        c[IpReason.COUNT + 2] = stack.udp().socket(1).queuedCount();
        c[IpReason.COUNT + 3] = stack.queuedCount();
        c[IpReason.COUNT + 4] = stack.icmpErrors().sentCount();
        c[IpReason.COUNT + 5] = tcpSeen[0];
        c[IpReason.COUNT + 6] = stack.deliveredCount();
        c[IpReason.COUNT + 7] = stack.receivedCount();
        return c;
    }

    private void check(byte[] in) {
        int h = Arrays.hashCode(in);
        now += h & 15;
        Guarded g = new Guarded(in, 8, 8, h);
        int[] before = counters();
        int r = stack.receive(g.buf, g.off, g.len, now);
        assertTrue(g.unchanged(), "receive wrote to its input");
        assertTrue(r <= 0 && r >= -IpReason.COUNT, "result " + r);
        int[] after = counters();
        int[] expect = before.clone();
        expect[IpReason.COUNT + 7]++;
        int queued = after[IpReason.COUNT + 3] - before[IpReason.COUNT + 3];
        if (r < 0) {
            expect[-r]++;
            int errors = after[IpReason.COUNT + 4] - before[IpReason.COUNT + 4];
            assertTrue(errors == 0 || r == IpReason.PORT_UNREACHABLE || r == IpReason.PROTOCOL_UNREACHABLE,
                    "an ICMP error for " + r);
            assertEquals(errors, queued, "queued only the counted error");
            expect[IpReason.COUNT + 3] += errors;
            expect[IpReason.COUNT + 4] += errors;
            if (r == IpReason.TRANSPORT_DROPPED) {
                expect[IpReason.COUNT + 5]++;
            }
        } else {
            expect[IpReason.COUNT + 6]++;
            int took = (after[IpReason.COUNT + 1] - before[IpReason.COUNT + 1])
                    + (after[IpReason.COUNT + 2] - before[IpReason.COUNT + 2]) + queued
                    + (after[IpReason.COUNT + 5] - before[IpReason.COUNT + 5]);
            assertEquals(1, took, "exactly one consumer took an accepted packet");
            for (int i = 1; i <= 5; i++) {
                expect[IpReason.COUNT + i] = after[IpReason.COUNT + i];
            }
        }
        assertEquals(Arrays.toString(expect), Arrays.toString(after), "state apart from counters");
        if ((h & 3) == 0) {
            drain(h);
        }
    }

    private void drain(int h) {
        while (sock.recv(buf, 0, buf.length, from) >= 0) {
            assertTrue(from.version == 4 || from.version == 6);
        }
        echo.service();
        int cap = (h & 4) == 0 ? 1500 : 1280;
        while (true) {
            Guarded o = new Guarded(new byte[cap], 8, 8, h);
            int n = stack.poll(now, o.buf, o.off, o.len);
            o.assertGuardsIntact();
            if (n == 0) {
                break;
            }
            assertTrue(n > 0 && n <= stack.mtu(), "poll " + n);
            byte[] fresh = new Guarded(new byte[cap], 8, 8, h).buf;
            for (int i = o.off + n; i < o.off + o.len; i++) {
                if (fresh[i] != o.buf[i]) {
                    throw new AssertionError("poll wrote past its packet at " + i);
                }
            }
            assertWellFormed(Arrays.copyOfRange(o.buf, o.off, o.off + n));
            echo.service();
        }
    }

    /** Every packet the stack emits: IPv4 header checksum, and the UDP / ICMP checksum by the test reference. */
    static void assertWellFormed(byte[] p) {
        boolean v6 = (p[0] & 0xf0) == 0x60;
        int hl = v6 ? 40 : 20;
        if (!v6) {
            assertEquals(0, Packets.referenceChecksum(p, 0, 20), "IPv4 header checksum");
            assertEquals(p.length, ((p[2] & 0xff) << 8) | (p[3] & 0xff));
        } else {
            assertEquals(p.length - 40, ((p[4] & 0xff) << 8) | (p[5] & 0xff));
        }
        int proto = p[v6 ? 6 : 9] & 0xff;
        byte[] src = Arrays.copyOfRange(p, v6 ? 8 : 12, v6 ? 24 : 16);
        byte[] dst = Arrays.copyOfRange(p, v6 ? 24 : 16, v6 ? 40 : 20);
        byte[] body = Arrays.copyOfRange(p, hl, p.length);
        if (proto == 17) {
            assertEquals(body.length, ((body[4] & 0xff) << 8) | (body[5] & 0xff), "UDP length");
            assertEquals(0, StackPackets.checksum(StackPackets.pseudo(src, dst, 17, body.length), body), "UDP sum");
        } else if (v6) {
            assertEquals(58, proto);
            assertEquals(0, StackPackets.checksum(StackPackets.pseudo(src, dst, 58, body.length), body), "ICMPv6");
        } else {
            assertEquals(1, proto);
            assertEquals(0, Packets.referenceChecksum(body, 0, body.length), "ICMP checksum");
        }
    }

    @Test
    void ipstack() {
        Fuzz.run("ipstack", List.of(), IpStackFuzzTest::fixChecksums, in -> {
            inputs++;
            check(in);
        });
        drain(0);
        // The mutants reached every layer: delivery, ICMP errors, UDP checksum checks, echo.
        assertTrue(inputs > 0 && stack.deliveredCount() > 0 && stack.icmpErrors().sentCount() > 0
                && stack.dropCount(IpReason.BAD_UDP_CHECKSUM) > 0 && echo.echoedCount() > 0, "coverage");
    }

    @Test
    @EnabledIfSystemProperty(named = "fuzz.writeSeeds", matches = "true")
    void writeSeeds() {
        java.nio.file.Path d = Fuzz.dir().resolve("ipstack");
        Fuzz.writeHex(d, "v4-udp-5000", "UDP 100.64.0.2:40000 -> :5000 (bound)",
                StackPackets.toDevice(false, 40000, 5000, StackPackets.bytes(40, 1)));
        Fuzz.writeHex(d, "v6-udp-5000", "UDP fd7a:115c:a1e0::2 -> ::1 port 5000 (bound)",
                StackPackets.toDevice(true, 40000, 5000, StackPackets.bytes(40, 1)));
        Fuzz.writeHex(d, "v4-udp-7", "UDP echo request", StackPackets.toDevice(false, 40000, 7, StackPackets.bytes(9, 2)));
        Fuzz.writeHex(d, "v6-udp-7", "UDP echo request", StackPackets.toDevice(true, 40000, 7, StackPackets.bytes(9, 2)));
        Fuzz.writeHex(d, "v4-udp-unbound", "UDP to port 9 (port unreachable)",
                StackPackets.toDevice(false, 40000, 9, StackPackets.bytes(600, 3)));
        Fuzz.writeHex(d, "v6-udp-unbound", "UDP to port 9 (port unreachable)",
                StackPackets.toDevice(true, 40000, 9, StackPackets.bytes(30, 3)));
        Fuzz.writeHex(d, "v4-echo-request-linux", "Linux ping", Packets.hex(Packets.V4_REQUEST));
        Fuzz.writeHex(d, "v6-echo-request-linux", "Linux ping", Packets.hex(Packets.V6_REQUEST));
        Fuzz.writeHex(d, "v4-tcp", "TCP-sized payload to the handler",
                StackPackets.v4(StackPackets.PEER_V4, Packets.DEVICE_V4, 6, 1, 0x4000, 64, StackPackets.bytes(20, 4)));
        Fuzz.writeHex(d, "v6-unknown-protocol", "next header 200 (parameter problem)",
                StackPackets.v6(StackPackets.PEER_V6, Packets.DEVICE_V6, 200, 64, StackPackets.bytes(20, 4)));
        Fuzz.writeHex(d, "v4-udp-fragment", "UDP, MF set",
                StackPackets.v4(StackPackets.PEER_V4, Packets.DEVICE_V4, 17, 9, 0x2000, 64,
                        StackPackets.udp(StackPackets.PEER_V4, Packets.DEVICE_V4, 1, 9, new byte[16])));
        Fuzz.writeHex(d, "v4-icmp-port-unreachable", "an ICMP error to the device",
                StackPackets.v4(StackPackets.PEER_V4, Packets.DEVICE_V4, 1, 1, 0, 64,
                        StackPackets.icmp(StackPackets.PEER_V4, Packets.DEVICE_V4, 3, 3, 0,
                                StackPackets.toDevice(false, 7, 40000, new byte[4]))));
    }
}
