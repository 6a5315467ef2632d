package io.tailnode.ip.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.ip.wire.TcpHeader;
import org.junit.jupiter.api.Test;

/** RST in every direction (RFC 9293 §3.10.7, RFC 5961 §3), and the answers to segments that fit nothing. */
class TcpResetTest {
    private final byte[] out = new byte[2048];

    @Test
    void connectToAClosedPortIsRefused() {
        Netsim sim = new Netsim(Netsim.testConfig(), 40);
        int c = sim.b.connect(4, Netsim.A_V4, 0, 81, sim.now);
        sim.run(1000, () -> { }, () -> sim.b.state(c) == TcpSocket.CLOSED);
        assertEquals(TcpSocket.CLOSED, sim.b.state(c));
        assertEquals(TcpReason.REFUSED, sim.b.error(c));
        assertEquals(TcpReason.REFUSED, sim.b.read(c, out, 0, 1));
        assertEquals(1, sim.a.dropCount(TcpReason.NO_SOCKET));
        assertEquals(TcpReason.OK, sim.b.close(c));
        assertEquals(0, sim.b.socketsInUse());
    }

    @Test
    void inWindowRstGetsAChallengeAckAndExactRstResets() {
        Netsim sim = new Netsim(Netsim.testConfig(), 41);
        int[] h = TcpTimersTest.connect(sim);
        TcpSocket s = sim.a.socket(h[0]);
        int port = s.remotePort;
        long digest = s.stateDigest();
        byte[] rst = Segs.build(Netsim.B_V4, Netsim.A_V4, port, 80, s.rcvNxt + 100, 0, TcpHeader.RST, 0, 0, null);
        assertEquals(TcpReason.RST_NOT_EXACT, sim.a.receive(rst, 0, rst.length, sim.now));
        assertEquals(digest, s.stateDigest());
        int n = sim.a.poll(sim.now, out, 0, out.length);
        assertTrue(n > 0);
        assertEquals(TcpHeader.ACK, Segs.tcp(java.util.Arrays.copyOf(out, n)).flags(), "challenge ACK");
        byte[] far = Segs.build(Netsim.B_V4, Netsim.A_V4, port, 80, s.rcvNxt + 1_000_000, 0, TcpHeader.RST, 0, 0,
                null);
        assertEquals(TcpReason.OUT_OF_WINDOW, sim.a.receive(far, 0, far.length, sim.now));
        assertEquals(0, sim.a.poll(sim.now, out, 0, out.length), "no answer to an out-of-window RST");
        byte[] exact = Segs.build(Netsim.B_V4, Netsim.A_V4, port, 80, s.rcvNxt, 0, TcpHeader.RST, 0, 0, null);
        assertEquals(TcpReason.OK, sim.a.receive(exact, 0, exact.length, sim.now));
        assertEquals(TcpSocket.CLOSED, sim.a.state(h[0]));
        assertEquals(TcpReason.CONNECTION_RESET, sim.a.read(h[0], out, 0, 1));
        assertEquals(TcpReason.CONNECTION_RESET, sim.a.write(h[0], out, 0, 1));
        sim.a.close(h[0]);
        assertEquals(0, sim.a.socketsInUse());
    }

    @Test
    void abortSendsRstToThePeer() {
        Netsim sim = new Netsim(Netsim.testConfig(), 42);
        int[] h = TcpTimersTest.connect(sim);
        assertEquals(TcpReason.OK, sim.a.abort(h[0]));
        assertEquals(0, sim.a.socketsInUse());
        sim.run(100, () -> { }, () -> false);
        assertEquals(TcpSocket.CLOSED, sim.b.state(h[1]));
        assertEquals(TcpReason.CONNECTION_RESET, sim.b.error(h[1]));
    }

    @Test
    void closeWithUnreadDataResets() {
        Netsim sim = new Netsim(Netsim.testConfig(), 43);
        int[] h = TcpTimersTest.connect(sim);
        sim.b.write(h[1], new byte[100], 0, 100);
        sim.run(100, () -> { }, () -> false);
        assertEquals(100, sim.a.readable(h[0]));
        sim.a.close(h[0]);
        sim.run(100, () -> { }, () -> false);
        assertEquals(TcpReason.CONNECTION_RESET, sim.b.error(h[1]));
    }

    @Test
    void ackToAListenerIsAnsweredWithRstAtItsAckNumber() {
        Netsim sim = new Netsim(Netsim.testConfig(), 44);
        sim.a.listen(80);
        byte[] ack = Segs.build(Netsim.B_V4, Netsim.A_V4, 40000, 80, 5, 0x12345678, TcpHeader.ACK, 100, 0, null);
        assertEquals(TcpReason.UNEXPECTED, sim.a.receive(ack, 0, ack.length, sim.now));
        int n = sim.a.poll(sim.now, out, 0, out.length);
        TcpHeader t = Segs.tcp(java.util.Arrays.copyOf(out, n));
        assertEquals(TcpHeader.RST, t.flags());
        assertEquals(0x12345678, t.sequence());
        assertEquals(0, sim.a.socketsInUse());
    }

    @Test
    void synToAClosedPortGetsRstAckAndRstsAreNeverAnswered() {
        Netsim sim = new Netsim(Netsim.testConfig(), 45);
        byte[] syn = Segs.build(Netsim.B_V4, Netsim.A_V4, 40000, 9, 1000, 0, TcpHeader.SYN, 100, 0, null);
        assertEquals(TcpReason.NO_SOCKET, sim.a.receive(syn, 0, syn.length, sim.now));
        int n = sim.a.poll(sim.now, out, 0, out.length);
        TcpHeader t = Segs.tcp(java.util.Arrays.copyOf(out, n));
        assertEquals(TcpHeader.RST | TcpHeader.ACK, t.flags());
        assertEquals(1001, t.acknowledgment());
        assertEquals(0, t.sequence());
        byte[] rst = Segs.build(Netsim.B_V4, Netsim.A_V4, 40000, 9, 1000, 0, TcpHeader.RST, 0, 0, null);
        assertEquals(TcpReason.NO_SOCKET, sim.a.receive(rst, 0, rst.length, sim.now));
        assertEquals(0, sim.a.poll(sim.now, out, 0, out.length));
        assertEquals(2, sim.a.dropCount(TcpReason.NO_SOCKET));
    }

    @Test
    void resetQueueOverflowIsCountedNotGrown() {
        TcpConfig c = Netsim.testConfig();
        c.resetQueue = 2;
        Netsim sim = new Netsim(c, 46);
        byte[] syn = Segs.build(Netsim.B_V4, Netsim.A_V4, 40000, 9, 1000, 0, TcpHeader.SYN, 100, 0, null);
        for (int i = 0; i < 5; i++) {
            sim.a.receive(syn, 0, syn.length, sim.now);
        }
        assertEquals(2, sim.a.dropCount(TcpReason.NO_SOCKET));
        assertEquals(3, sim.a.dropCount(TcpReason.RESET_QUEUE_FULL));
        assertTrue(sim.a.poll(sim.now, out, 0, 10) == TcpReason.BUFFER_TOO_SMALL);
        assertTrue(sim.a.poll(sim.now, out, 0, out.length) > 0);
        assertTrue(sim.a.poll(sim.now, out, 0, out.length) > 0);
        assertEquals(0, sim.a.poll(sim.now, out, 0, out.length));
    }

    @Test
    void segmentsNotForUsAreCounted() {
        Netsim sim = new Netsim(Netsim.testConfig(), 47);
        byte[] other = Segs.build(Netsim.B_V4, new byte[] {10, 0, 0, 3}, 40000, 80, 1, 0, TcpHeader.SYN, 1, 0, null);
        assertEquals(TcpReason.NOT_FOR_US, sim.a.receive(other, 0, other.length, sim.now));
        byte[] bad = Segs.build(Netsim.B_V4, Netsim.A_V4, 40000, 80, 1, 0, TcpHeader.SYN, 1, 0, null);
        bad[bad.length - 5] ^= 0x40;
        assertEquals(TcpReason.BAD_CHECKSUM, sim.a.receive(bad, 0, bad.length, sim.now));
        assertEquals(TcpReason.BAD_IP, sim.a.receive(new byte[3], 0, 3, sim.now));
        assertEquals(0, sim.a.poll(sim.now, out, 0, out.length));
    }
}
