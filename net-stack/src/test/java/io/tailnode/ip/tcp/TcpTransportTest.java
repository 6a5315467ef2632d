package io.tailnode.ip.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.ip.IpReason;
import io.tailnode.ip.IpStack;
import io.tailnode.ip.IpStackConfig;
import io.tailnode.ip.wire.TcpHeader;
import org.junit.jupiter.api.Test;

/** TcpStack behind IpStack through {@link TcpTransport}: two stacks wired back to back, both IP versions. */
class TcpTransportTest {
    static final byte[] V6_A = hex6(1);
    static final byte[] V6_B = hex6(2);

    static byte[] hex6(int last) {
        byte[] a = {(byte) 0xfd, 0x7a, 0x11, 0x5c, (byte) 0xa1, (byte) 0xe0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        a[15] = (byte) last;
        return a;
    }

    static final class Host {
        final IpStack ip = new IpStack(new IpStackConfig());
        final TcpStack tcp;

        Host(byte[] v4, byte[] v6, int seed) {
            byte[] secret = new byte[32];
            secret[0] = (byte) seed;
            tcp = new TcpStack(new TcpConfig(), secret, 0);
            ip.setAddressV4(v4, 0);
            ip.setAddressV6(v6, 0);
            tcp.setAddressV4(v4, 0);
            tcp.setAddressV6(v6, 0);
            ip.setTcpHandler(new TcpTransport(tcp));
        }
    }

    private final Host a = new Host(Netsim.A_V4, V6_A, 1);
    private final Host b = new Host(Netsim.B_V4, V6_B, 2);
    private final byte[] wire = new byte[1280];
    private long now = 1;

    /** Moves every packet both stacks have; returns how many moved. */
    private int pump() {
        int moved = 0;
        for (int round = 0; round < 1000; round++) {
            int n = a.ip.poll(now, wire, 0, wire.length);
            if (n > 0) {
                assertEquals(IpReason.OK, b.ip.receive(wire, 0, n, now));
                moved++;
            }
            int m = b.ip.poll(now, wire, 0, wire.length);
            if (m > 0) {
                assertEquals(IpReason.OK, a.ip.receive(wire, 0, m, now));
                moved++;
            }
            if (n == 0 && m == 0) {
                return moved;
            }
        }
        return moved;
    }

    @Test
    void transfersBothWaysOverV4AndV6() {
        int listener = a.tcp.listen(80);
        assertTrue(listener >= 0);
        transfer(listener, 4, Netsim.A_V4);
        transfer(listener, 6, V6_A);
        assertTrue(a.ip.deliveredCount() > 100);
        assertEquals(0, a.ip.dropCount(IpReason.TRANSPORT_DROPPED));
    }

    private void transfer(int listener, int version, byte[] server) {
        int client = b.tcp.connect(version, server, 0, 80, now);
        assertTrue(client >= 0);
        pump();
        int accepted = a.tcp.accept(listener);
        assertTrue(accepted >= 0, "accepted " + accepted);
        byte[] up = new byte[100_000];
        for (int i = 0; i < up.length; i++) {
            up[i] = (byte) (i * 31 + version);
        }
        byte[] got = new byte[up.length];
        int sent = 0;
        int received = 0;
        byte[] echo = new byte[4096];
        int back = 0;
        for (int step = 0; step < 10_000 && back < up.length; step++) {
            if (sent < up.length) {
                int w = b.tcp.write(client, up, sent, up.length - sent);
                if (w > 0) {
                    sent += w;
                }
            }
            pump();
            int r = a.tcp.read(accepted, echo, 0, echo.length);
            if (r > 0) {
                int w = 0;
                while (w < r) {
                    int k = a.tcp.write(accepted, echo, w, r - w);
                    assertTrue(k >= 0);
                    w += k;
                    pump();
                }
                received += r;
            }
            int e = b.tcp.read(client, got, back, got.length - back);
            if (e > 0) {
                back += e;
            }
            now++;
        }
        assertEquals(up.length, received);
        assertArrayEquals(up, got);
        assertEquals(0, a.tcp.close(accepted));
        assertEquals(0, b.tcp.close(client));
        pump();
    }

    @Test
    void segmentForAClosedPortGetsAnRstThroughTheIpStack() {
        byte[] syn = Segs.build(Netsim.B_V4, Netsim.A_V4, 40000, 81, 1000, 0, TcpHeader.SYN, 65535, 1240, null);
        // TCP counts "no socket" as its own drop (the stack sees TRANSPORT_DROPPED) and owes the peer an RST.
        assertEquals(IpReason.TRANSPORT_DROPPED, a.ip.receive(syn, 0, syn.length, now));
        assertEquals(1, a.tcp.dropCount(TcpReason.NO_SOCKET));
        assertTrue(a.ip.nextDeadline() <= now);
        int n = a.ip.poll(now, wire, 0, wire.length);
        assertTrue(n >= 40);
        assertTrue((Segs.flags(java.util.Arrays.copyOf(wire, n)) & TcpHeader.RST) != 0);
        assertEquals(0, a.ip.poll(now, wire, 0, wire.length));
        assertEquals(Long.MAX_VALUE, a.ip.nextDeadline());
    }

    @Test
    void tooSmallABufferIsReportedInIpNumberingAndTheSegmentKept() {
        byte[] syn = Segs.build(Netsim.B_V4, Netsim.A_V4, 40000, 81, 1000, 0, TcpHeader.SYN, 65535, 1240, null);
        a.ip.receive(syn, 0, syn.length, now);
        assertEquals(IpReason.BUFFER_TOO_SMALL, a.ip.poll(now, wire, 0, 10));
        assertTrue(a.ip.poll(now, wire, 0, wire.length) > 0);
    }
}
