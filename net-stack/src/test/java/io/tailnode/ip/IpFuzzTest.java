package io.tailnode.ip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.ip.wire.InetChecksum;
import io.tailnode.ip.wire.Ipv4Header;
import io.tailnode.ip.wire.Ipv6Header;
import io.tailnode.testing.Fuzz;
import io.tailnode.testing.Fuzz.Guarded;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Fuzz target {@code ip}: {@link InnerPacket#parse}, the IPv4/IPv6 header views and {@link EchoResponder}
 * (into a separate buffer of varying capacity, and in place). Seeds: real pings captured from Linux, UDP
 * packets as the device tests build them, an IPv4 with options, fragments, a 1420-byte echo. Half of the
 * mutated inputs get their checksums recomputed so mutations reach past the checksum checks.
 * <p>
 * Properties: nothing is thrown; nothing outside the given region is written; on rejection neither buffer
 * changes, exactly the returned reason's counter moves and the reply count does not; parse results stay within
 * the input; a reply is a well-formed echo reply (checksums verify, addresses swapped) and in-place and
 * out-of-place replies are byte-identical.
 */
class IpFuzzTest {
    private static final int MTU = 1420;

    private final EchoResponder echo = new EchoResponder(MTU);
    private final EchoResponder echoInPlace = new EchoResponder(MTU);
    private final InnerPacket inner = new InnerPacket();
    private final Ipv4Header v4 = new Ipv4Header();
    private final Ipv6Header v6 = new Ipv6Header();

    IpFuzzTest() {
        for (EchoResponder e : new EchoResponder[] {echo, echoInPlace}) {
            e.setAddressV4(Packets.DEVICE_V4, 0);
            e.setAddressV6(Packets.DEVICE_V6, 0);
        }
    }

    /** Recomputes the IPv4 header and ICMP/ICMPv6 checksums where the (mutated) lengths allow it. */
    static byte[] fixChecksums(byte[] p) {
        if (p.length >= 20 && (p[0] & 0xf0) == 0x40) {
            int ihl = (p[0] & 0x0f) * 4;
            if (ihl >= 20 && ihl <= p.length) {
                p[10] = 0;
                p[11] = 0;
                int c = InetChecksum.of(p, 0, ihl);
                p[10] = (byte) (c >>> 8);
                p[11] = (byte) c;
                int total = ((p[2] & 0xff) << 8) | (p[3] & 0xff);
                if (total <= p.length && total >= ihl + 4) {
                    p[ihl + 2] = 0;
                    p[ihl + 3] = 0;
                    c = InetChecksum.of(p, ihl, total - ihl);
                    p[ihl + 2] = (byte) (c >>> 8);
                    p[ihl + 3] = (byte) c;
                }
            }
        } else if (p.length >= 44 && (p[0] & 0xf0) == 0x60) {
            int payload = ((p[4] & 0xff) << 8) | (p[5] & 0xff);
            if (payload >= 4 && 40 + payload <= p.length) {
                p[42] = 0;
                p[43] = 0;
                long sum = InetChecksum.ipv6PseudoHeader(p, 8, 24, payload, 58);
                int c = InetChecksum.finish(InetChecksum.add(sum, p, 40, payload));
                p[42] = (byte) (c >>> 8);
                p[43] = (byte) c;
            }
        }
        return p;
    }

    private void checkParse(byte[] in, long seed) {
        Guarded g = new Guarded(in, 8, 8, seed);
        int v = inner.parse(g.buf, g.off, g.len);
        assertTrue(g.unchanged(), "parse wrote");
        if (v < 0) {
            assertTrue(v >= -IpReason.COUNT);
            assertEquals(0, inner.version());
            return;
        }
        assertEquals((in[0] & 0xff) >>> 4, v);
        int n = inner.packetLength();
        assertTrue(n <= in.length && n >= (v == 4 ? 20 : 40), "packet length " + n + " of " + in.length);
        int al = inner.addressLength();
        assertTrue(inner.sourceOffset() >= g.off && inner.sourceOffset() + al <= g.off + n);
        assertTrue(inner.destinationOffset() >= g.off && inner.destinationOffset() + al <= g.off + n);
        inner.copySource(new byte[16], 0);
        inner.copyDestination(new byte[16], 0);
        int lengths = v4.wrap(g.buf, g.off, g.len).checkLengths();
        int full = v4.check();
        assertTrue(lengths != 0 ? full == lengths : full == 0 || full == IpReason.BAD_HEADER_CHECKSUM);
        v6.wrap(g.buf, g.off, g.len).check();
        assertTrue(g.unchanged(), "header checks wrote");
    }

    private static void assertReply(byte[] req, byte[] out, int off, int n) {
        int version = (out[off] & 0xff) >>> 4;
        assertEquals((req[0] & 0xff) >>> 4, version);
        if (version == 4) {
            int ihl = (out[off] & 0x0f) * 4;
            assertEquals(0, InetChecksum.of(out, off, ihl), "IPv4 header checksum of the reply");
            assertEquals(0, out[off + ihl] & 0xff, "echo reply type");
            assertEquals(0, InetChecksum.of(out, off + ihl, n - ihl), "ICMP checksum of the reply");
            assertArrayEquals(Arrays.copyOfRange(req, 12, 16), Arrays.copyOfRange(out, off + 16, off + 20));
            assertArrayEquals(Arrays.copyOfRange(req, 16, 20), Arrays.copyOfRange(out, off + 12, off + 16));
        } else {
            assertEquals(129, out[off + 40] & 0xff, "echo reply type");
            long sum = InetChecksum.ipv6PseudoHeader(out, off + 8, off + 24, n - 40, 58);
            assertEquals(0, InetChecksum.finish(InetChecksum.add(sum, out, off + 40, n - 40)), "ICMPv6 checksum");
            assertArrayEquals(Arrays.copyOfRange(req, 8, 24), Arrays.copyOfRange(out, off + 24, off + 40));
        }
        int data = version == 4 ? (out[off] & 0x0f) * 4 + 4 : 44; // identifier, sequence and data
        assertArrayEquals(Arrays.copyOfRange(req, data, n), Arrays.copyOfRange(out, off + data, off + n), "data kept");
    }

    private int respondOutOfPlace(byte[] in, int h, byte[][] replyOut) {
        Guarded src = new Guarded(in, 4, 4, h);
        int[] caps = {in.length, Math.max(0, in.length - 1), 1500, 28};
        int cap = caps[Math.floorMod(h >>> 3, caps.length)];
        Guarded dst = new Guarded(new byte[cap], 8, 8, ~h);
        int replies = echo.replyCount();
        int[] counts = counts(echo);
        int n = echo.respond(src.buf, src.off, src.len, dst.buf, dst.off, cap);
        assertTrue(src.unchanged(), "request buffer changed");
        if (n < 0) {
            assertTrue(dst.unchanged(), "output written on rejection " + n);
            assertEquals(replies, echo.replyCount());
            counts[-n]++;
            assertArrayEquals(counts, counts(echo), "exactly the reason's counter moves");
            return n;
        }
        assertEquals(replies + 1, echo.replyCount());
        assertArrayEquals(counts, counts(echo));
        assertTrue(n <= in.length && n <= cap && n <= MTU);
        byte[] fresh = new Guarded(new byte[cap], 8, 8, ~h).buf;
        for (int i = 0; i < dst.buf.length; i++) {
            if ((i < dst.off || i >= dst.off + n) && fresh[i] != dst.buf[i]) {
                throw new AssertionError("write outside the reply at " + i);
            }
        }
        assertReply(in, dst.buf, dst.off, n);
        replyOut[0] = Arrays.copyOfRange(dst.buf, dst.off, dst.off + n);
        return n;
    }

    private static int[] counts(EchoResponder e) {
        int[] c = new int[IpReason.COUNT + 1];
        for (int i = 1; i <= IpReason.COUNT; i++) {
            c[i] = e.dropCount(-i);
        }
        return c;
    }

    @Test
    void ip() {
        Fuzz.run("ip", java.util.List.of(), IpFuzzTest::fixChecksums, in -> {
            int h = Arrays.hashCode(in);
            checkParse(in, h);
            byte[][] reply = new byte[1][];
            int n = respondOutOfPlace(in, h, reply);
            Guarded g = new Guarded(in, 8, 8, h);
            int m = echoInPlace.respond(g.buf, g.off, g.len);
            g.assertGuardsIntact();
            if (m < 0) {
                assertTrue(g.unchanged(), "in-place rejection changed the packet");
                assertEquals(m, n, "in place and out of place validate differently");
            } else {
                assertTrue(n == m || n == IpReason.BUFFER_TOO_SMALL, "in place " + m + " vs " + n);
                if (n == m) {
                    assertArrayEquals(reply[0], Arrays.copyOfRange(g.buf, g.off, g.off + m), "in-place reply differs");
                }
                assertArrayEquals(Arrays.copyOfRange(in, m, in.length),
                        Arrays.copyOfRange(g.buf, g.off + m, g.off + g.len), "bytes after the IP length changed");
            }
        });
    }

    @Test
    @EnabledIfSystemProperty(named = "fuzz.writeSeeds", matches = "true")
    void writeSeeds() {
        java.nio.file.Path d = Fuzz.dir().resolve("ip");
        Fuzz.writeHex(d, "v4-echo-request-linux", "Linux ping 100.64.0.2 -> 100.64.0.1", Packets.hex(Packets.V4_REQUEST));
        Fuzz.writeHex(d, "v4-echo-reply-linux", "Linux reply", Packets.hex(Packets.V4_KERNEL_REPLY));
        Fuzz.writeHex(d, "v6-echo-request-linux", "Linux ping fd7a:115c:a1e0::2 -> ::1", Packets.hex(Packets.V6_REQUEST));
        Fuzz.writeHex(d, "v6-echo-reply-linux", "Linux reply", Packets.hex(Packets.V6_KERNEL_REPLY));
        Fuzz.writeHex(d, "v4-echo-1420-df", "1420-byte echo request, DF", Packets.v4Echo(1420, true));
        byte[] frag = Packets.v4Echo(100, false);
        frag[6] = 0x20; // MF
        Packets.fixV4(frag);
        Fuzz.writeHex(d, "v4-echo-fragment", "first fragment (MF)", frag);
        byte[] opt = new byte[88];
        byte[] base = Packets.v4Echo(84, false);
        System.arraycopy(base, 0, opt, 0, 20);
        System.arraycopy(base, 20, opt, 24, 64);
        opt[0] = 0x46;
        opt[3] = 88;
        opt[20] = 1; // NOP options
        opt[21] = 1;
        opt[22] = 1;
        opt[23] = 0;
        Packets.fixV4(opt);
        Fuzz.writeHex(d, "v4-echo-options", "IHL 6 (options)", opt);
        byte[] padded = Arrays.copyOf(Packets.v4Echo(60, false), 64);
        Fuzz.writeHex(d, "v4-echo-padded", "60-byte echo with WireGuard padding to 64", padded);
        Fuzz.writeHex(d, "v4-udp", "UDP 100.64.0.2 -> 100.64.0.1 as device tests build it",
                io.tailnode.ip.IpFuzzSeeds.udp(false));
        Fuzz.writeHex(d, "v6-udp", "UDP fd7a:115c:a1e0::2 -> ::1", io.tailnode.ip.IpFuzzSeeds.udp(true));
    }
}
