package io.tailnode.ip.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.ip.wire.TcpHeader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Flow control: zero window, persist probes (RFC 1122 §4.2.2.17), a reader that never reads, 8+ MSS in flight. */
class TcpWindowTest {
    @Test
    void readerThatNeverReadsStallsTheSenderWithFixedMemoryAndProbesBackOff() {
        TcpConfig ca = Netsim.testConfig();
        TcpConfig cb = Netsim.testConfig();
        cb.receiveBufferSize = 4096;
        Netsim sim = new Netsim(ca, cb, 20);
        int[] h = TcpTimersTest.connect(sim);
        List<Long> probes = new ArrayList<>();
        sim.filter = (fromA, p) -> {
            TcpHeader t = Segs.tcp(p);
            if (fromA && t.payloadLength() == 1) {
                probes.add(sim.now);
            }
            return true;
        };
        byte[] data = new byte[200_000];
        new java.util.Random(3).nextBytes(data);
        int[] sent = {0};
        sim.run(120_000, () -> {
            int n = sim.a.write(h[0], data, sent[0], data.length - sent[0]);
            if (n > 0) {
                sent[0] += n;
            }
        }, () -> false);
        TcpSocket b = sim.b.socket(h[1]);
        TcpSocket a = sim.a.socket(h[0]);
        // Receiver full, sender full, both still connected: memory is the two fixed rings.
        assertEquals(4096, b.rx.count());
        assertEquals(0, b.receiveWindow());
        assertEquals(16384, a.tx.count());
        assertEquals(0, sim.a.writable(h[0]));
        assertEquals(TcpReason.WOULD_BLOCK, sim.a.write(h[0], data, 0, 10));
        assertEquals(4096 + 16384, sent[0]);
        assertEquals(TcpSocket.ESTABLISHED, a.state);
        assertEquals(0, a.sndWnd);
        assertTrue(probes.size() >= 5, "probes " + probes);
        assertEquals(probes.size(), sim.a.zeroWindowProbes());
        // Probe intervals back off (doubling from the RTO) and are capped at the maximum RTO.
        for (int i = 2; i < probes.size(); i++) {
            long prev = probes.get(i - 1) - probes.get(i - 2);
            long cur = probes.get(i) - probes.get(i - 1);
            assertTrue(cur >= prev && cur <= 60_000 + 50, "intervals " + probes);
        }
        // The reader wakes up: the window update (or the next probe) restarts the flow and everything arrives.
        byte[] got = new byte[data.length];
        int[] n = {0};
        sim.run(600_000, () -> {
            int w = sim.a.write(h[0], data, sent[0], data.length - sent[0]);
            if (w > 0) {
                sent[0] += w;
            }
            int r = sim.b.read(h[1], got, n[0], got.length - n[0]);
            if (r > 0) {
                n[0] += r;
            }
        }, () -> n[0] == data.length);
        assertArrayEquals(data, got);
    }

    @Test
    void atLeastEightSegmentsInFlightWhenBuffersAllow() {
        Netsim sim = new Netsim(Netsim.testConfig(), 21);
        int[] h = TcpTimersTest.connect(sim);
        int[] maxFlight = {0};
        byte[] data = new byte[100_000];
        sim.a.write(h[0], data, 0, data.length);
        int[] got = {0};
        byte[] buf = new byte[8192];
        sim.run(10_000, () -> {
            maxFlight[0] = Math.max(maxFlight[0], sim.a.socket(h[0]).flight());
            int w = sim.a.write(h[0], data, 0, Math.min(data.length, 100_000 - got[0]));
            int r = sim.b.read(h[1], buf, 0, buf.length);
            if (r > 0) {
                got[0] += r;
            }
        }, () -> got[0] >= 100_000);
        assertTrue(maxFlight[0] >= 8 * 1240, "max in flight " + maxFlight[0]);
        assertEquals(1240, sim.a.socket(h[0]).mss);
    }
}
