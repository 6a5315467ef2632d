package io.tailnode.ip.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.ip.wire.TcpHeader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RTO backoff (RFC 6298 §5), fast retransmit (RFC 5681 §3.2), persist timer, TIME_WAIT and FIN_WAIT_2 bounds. */
class TcpTimersTest {
    /** A connected pair: handles [server on A, client on B]. */
    static int[] connect(Netsim sim) {
        int l = sim.a.listen(80);
        int c = sim.b.connect(4, Netsim.A_V4, 0, 80, sim.now);
        int[] s = {-1};
        assertTrue(sim.run(10_000, () -> {
            if (s[0] < 0) {
                s[0] = sim.a.accept(l);
            }
        }, () -> s[0] >= 0 && sim.b.state(c) == TcpSocket.ESTABLISHED));
        return new int[] {s[0], c};
    }

    @Test
    void rtoDoublesUpToTheCapThenTimesOut() {
        TcpConfig c = Netsim.testConfig();
        c.maxRtoMs = 3000;
        c.maxRetransmissions = 6;
        Netsim sim = new Netsim(c, 10);
        int[] h = connect(sim);
        List<Long> sends = new ArrayList<>();
        sim.filter = (fromA, p) -> {
            if (fromA && Segs.isData(p)) {
                sends.add(sim.now);
                return false;
            }
            return true;
        };
        sim.a.write(h[0], new byte[100], 0, 100);
        sim.run(60_000, () -> { }, () -> sim.a.state(h[0]) == TcpSocket.CLOSED);
        // RTT 20 ms gives RTO = max(min RTO 200, 20 + 4*10) = 200; then 400, 800, 1600, 3000 (cap), 3000.
        long[] expected = {200, 400, 800, 1600, 3000, 3000};
        assertEquals(expected.length + 1, sends.size(), sends.toString());
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], sends.get(i + 1) - sends.get(i), "interval " + i + " " + sends);
        }
        assertEquals(TcpSocket.CLOSED, sim.a.state(h[0]));
        assertEquals(TcpReason.TIMED_OUT, sim.a.read(h[0], new byte[1], 0, 1));
        assertEquals(6, sim.a.retransmissions());
    }

    @Test
    void synRetransmissionsBackOffFromOneSecond() {
        Netsim sim = new Netsim(Netsim.testConfig(), 11);
        List<Long> syns = new ArrayList<>();
        sim.filter = (fromA, p) -> {
            syns.add(sim.now);
            return false;
        };
        int c = sim.b.connect(4, Netsim.A_V4, 0, 80, sim.now);
        sim.run(20_000, () -> { }, () -> syns.size() >= 5);
        assertEquals(1000, syns.get(1) - syns.get(0));
        assertEquals(2000, syns.get(2) - syns.get(1));
        assertEquals(4000, syns.get(3) - syns.get(2));
        assertEquals(8000, syns.get(4) - syns.get(3));
        assertEquals(TcpSocket.SYN_SENT, sim.b.state(c));
    }

    @Test
    void fastRetransmitOnThirdDuplicateAckBeforeTheTimer() {
        Netsim sim = new Netsim(Netsim.testConfig(), 12);
        int[] h = connect(sim);
        List<Long> firstSegment = new ArrayList<>();
        int[] dupAcksSeen = {0};
        int[] dataCount = {0};
        sim.filter = (fromA, p) -> {
            TcpHeader t = Segs.tcp(p);
            if (fromA && t.payloadLength() > 0) {
                if (dataCount[0]++ == 0 || firstSegment.size() > 0 && t.sequence() == firstSeq[0]) {
                    firstSeq[0] = t.sequence();
                    firstSegment.add(sim.now);
                    return firstSegment.size() > 1;
                }
            }
            if (!fromA && t.payloadLength() == 0 && t.acknowledgment() == firstSeq[0]) {
                dupAcksSeen[0]++;
            }
            return true;
        };
        byte[] data = new byte[5 * 1240];
        new java.util.Random(1).nextBytes(data);
        assertEquals(data.length, sim.a.write(h[0], data, 0, data.length));
        byte[] got = new byte[data.length];
        int[] n = {0};
        sim.run(5_000, () -> {
            int r = sim.b.read(h[1], got, n[0], got.length - n[0]);
            if (r > 0) {
                n[0] += r;
            }
        }, () -> n[0] == data.length);
        assertEquals(data.length, n[0]);
        org.junit.jupiter.api.Assertions.assertArrayEquals(data, got);
        assertEquals(1, sim.a.fastRetransmits());
        assertEquals(2, firstSegment.size());
        // Four later segments arrive out of order: four duplicate ACKs; the third triggers the resend, one
        // RTT (20 ms) after the first send, well before the 200 ms RTO.
        assertTrue(dupAcksSeen[0] >= 3, "dup acks " + dupAcksSeen[0]);
        assertTrue(firstSegment.get(1) - firstSegment.get(0) < 100, firstSegment.toString());
        assertEquals(1, sim.a.retransmissions());
    }

    private final int[] firstSeq = {0};

    @Test
    void timeWaitIsBoundedThenTheSlotIsFree() {
        TcpConfig c = Netsim.testConfig();
        c.timeWaitMs = 500;
        Netsim sim = new Netsim(c, 13);
        int[] h = connect(sim);
        sim.b.close(h[1]);
        long[] timeWaitAt = {0};
        sim.run(5_000, () -> {
            if (sim.a.state(h[0]) == TcpSocket.CLOSE_WAIT) {
                sim.a.close(h[0]);
            }
            if (timeWaitAt[0] == 0 && sim.b.slot(h[1] & 0xfff).state == TcpSocket.TIME_WAIT) {
                timeWaitAt[0] = sim.now;
            }
        }, () -> timeWaitAt[0] != 0);
        assertEquals(1, sim.b.socketsInUse());
        sim.run(498, () -> { }, () -> false);
        assertEquals(1, sim.b.socketsInUse(), "still in TIME_WAIT");
        sim.run(10, () -> { }, () -> false);
        assertEquals(0, sim.b.socketsInUse());
        assertEquals(0, sim.a.socketsInUse());
        assertEquals(Long.MAX_VALUE, sim.b.nextDeadline());
    }

    @Test
    void finWait2IsBoundedWhenThePeerNeverCloses() {
        TcpConfig c = Netsim.testConfig();
        c.finWait2TimeoutMs = 3000;
        Netsim sim = new Netsim(c, 14);
        int[] h = connect(sim);
        sim.b.close(h[1]);
        sim.run(1000, () -> { }, () -> false);
        TcpSocket s = sim.b.slot(h[1] & 0xfff);
        assertEquals(TcpSocket.FIN_WAIT_2, s.state);
        assertEquals(TcpSocket.CLOSE_WAIT, sim.a.state(h[0]));
        sim.run(2500, () -> { }, () -> false);
        assertEquals(0, sim.b.socketsInUse());
    }

    @Test
    void simultaneousCloseGoesThroughClosing() {
        Netsim sim = new Netsim(Netsim.testConfig(), 15);
        int[] h = connect(sim);
        sim.a.shutdown(h[0]);
        sim.b.shutdown(h[1]);
        boolean[] sawClosing = {false, false};
        sim.run(5_000, () -> {
            sawClosing[0] |= sim.a.state(h[0]) == TcpSocket.CLOSING;
            sawClosing[1] |= sim.b.state(h[1]) == TcpSocket.CLOSING;
        }, () -> sim.a.state(h[0]) == TcpSocket.TIME_WAIT && sim.b.state(h[1]) == TcpSocket.TIME_WAIT);
        assertTrue(sawClosing[0] && sawClosing[1]);
        assertEquals(TcpReason.END_OF_STREAM, sim.a.read(h[0], new byte[1], 0, 1));
        sim.a.close(h[0]);
        sim.b.close(h[1]);
        sim.run(3_000, () -> { }, () -> false);
        assertEquals(0, sim.a.socketsInUse() + sim.b.socketsInUse());
    }
}
