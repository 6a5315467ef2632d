package io.tailnode.disco;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Path selection over simulated time (tailscale-protocol.md §4.2 timing constants, §4.3 rules). */
class PathSelectorTest {
    /** Records actions; keeps the last TxID per candidate. */
    static final class Recorder implements DiscoActions {
        final List<String> log = new ArrayList<>();
        final byte[][] tx = new byte[8][];

        @Override
        public void sendPing(int index, byte[] addr, int off, int len, byte[] txId, int txOff) {
            log.add("ping " + index + " " + HexFormat.of().formatHex(addr, off, off + len));
            tx[index] = Arrays.copyOfRange(txId, txOff, txOff + 12);
        }

        @Override
        public void sendCallMeMaybe() {
            log.add("cmm");
        }

        List<String> take() {
            List<String> l = new ArrayList<>(log);
            log.clear();
            return l;
        }
    }

    static final byte[] PUBLIC = HexFormat.of().parseHex("04c6120005ca6a");   // 198.18.0.5:51818
    static final byte[] LAN = HexFormat.of().parseHex("04c0a80105ca6a");      // 192.168.1.5:51818
    static final byte[] LOOP = HexFormat.of().parseHex("047f000001ca6a");     // 127.0.0.1:51818

    final Recorder r = new Recorder();
    final PathSelector p = new PathSelector(new DiscoTest.SeededRandom(9), 4);

    @Test
    void discoverTrustHeartbeatLapseAndFallBack() {
        assertEquals(0, p.addCandidate(PUBLIC, 0));
        assertEquals(1, p.addCandidate(LAN, 0));
        assertEquals(0, p.addCandidate(PUBLIC, 0));
        p.poll(0, r);
        assertEquals(List.of(), r.take(), "idle peer: no discovery");
        assertEquals(PathSelector.PATH_DERP, p.sendPath(0));

        p.noteActivity(0);
        p.poll(0, r);
        assertEquals(List.of("ping 0 04c6120005ca6a", "ping 1 04c0a80105ca6a", "cmm"), r.take());
        assertEquals(5000, p.nextDeadline(0));
        p.poll(4999, r);
        assertEquals(List.of(), r.take(), "5 s between pings to one endpoint");

        assertEquals(0, p.onPong(r.tx[0], 0, 40));
        assertEquals(0, p.best());
        assertEquals(40, p.latency(0));
        assertEquals(6540, p.trustUntil());
        assertEquals(PathSelector.PATH_DIRECT, p.sendPath(40));
        assertEquals(-1, p.onPong(r.tx[0], 0, 41), "a duplicate pong matches nothing");

        // Trusted: heartbeat to the best only, every 3 s.
        p.noteActivity(2000);
        assertEquals(3000, p.nextDeadline(2000));
        p.poll(3000, r);
        assertEquals(List.of("ping 0 04c6120005ca6a"), r.take());

        // No answer: trust lapses at 6540 → DERP plus the stale best; discovery starts again.
        assertEquals(PathSelector.PATH_DIRECT, p.sendPath(6539));
        assertEquals(PathSelector.PATH_DERP_AND_UDP, p.sendPath(6540));
        p.poll(6540, r);
        assertEquals(List.of("ping 1 04c0a80105ca6a", "cmm"), r.take(), "best was pinged 3.5 s ago");
        p.poll(8000, r);
        assertEquals(List.of("ping 0 04c6120005ca6a"), r.take());

        // The ping of 3000 expired at 8000 (5 s): its late pong is ignored.
        byte[] stale = r.tx[0].clone();
        stale[0] ^= 1;
        assertEquals(-1, p.onPong(stale, 0, 8100));
        // A pong from the LAN address (private: +20) wins over the public one even if a bit slower.
        // 45 ms vs 40 ms: +20 for the address, -11 for latency.
        assertEquals(1, p.onPong(r.tx[1], 0, 6585));
        assertEquals(1, p.best());
        assertEquals(PathSelector.PATH_DIRECT, p.sendPath(6590));
        assertEquals(6585 + 6500, p.trustUntil());
    }

    @Test
    void idleSessionStopsHeartbeats() {
        p.addCandidate(PUBLIC, 0);
        p.noteActivity(0);
        p.poll(0, r);
        p.onPong(r.tx[0], 0, 10);
        r.take();
        for (long t = 3000; t < 45000; t += 3000) {
            p.poll(t, r);
            p.onPong(r.tx[0], 0, t + 10);
        }
        List<String> beats = r.take();
        assertEquals(14, beats.size(), "heartbeats at 3 s intervals from 3 s to 42 s");
        assertEquals(List.of("ping 0 04c6120005ca6a"), beats.stream().distinct().toList());
        p.poll(45000, r);
        p.poll(60000, r);
        assertEquals(List.of(), r.take());
        assertEquals(Long.MAX_VALUE, p.nextDeadline(60000 + 5000));
        assertEquals(PathSelector.PATH_DERP_AND_UDP, p.sendPath(60000));
    }

    @Test
    void betterAddressScoring() {
        p.addCandidate(PUBLIC, 0);
        p.addCandidate(HexFormat.of().parseHex("04c6120006ca6a"), 0); // another public address
        p.addCandidate(LOOP, 0);
        p.noteActivity(0);
        p.poll(0, r);
        assertEquals(0, p.onPong(r.tx[0], 0, 100));
        // 99 ms vs 100 ms: a 1-point gain is hysteresis, not an upgrade.
        assertEquals(1, p.onPong(r.tx[1], 0, 99));
        assertEquals(0, p.best());
        // Loopback (+50) at 150 ms beats public at 100 ms (-33 points for latency).
        assertEquals(2, p.onPong(r.tx[2], 0, 150));
        assertEquals(2, p.best());
    }

    @Test
    void upgradeProbeEverySixtySecondsUnlessGoodEnough() {
        p.addCandidate(PUBLIC, 0);
        p.addCandidate(LAN, 0);
        p.noteActivity(0);
        p.poll(0, r);
        p.onPong(r.tx[0], 0, 30);
        r.take();
        long t = 0;
        while (t < 60000) {
            t += 3000;
            p.noteActivity(t);
            p.poll(t, r);
            p.onPong(r.tx[0], 0, t + 30);
        }
        List<String> l = r.take();
        assertEquals("ping 1 04c0a80105ca6a", l.get(l.size() - 2), "full re-probe at 60 s: " + l);
        assertEquals("cmm", l.get(l.size() - 1));

        PathSelector fast = new PathSelector(new DiscoTest.SeededRandom(1), 2);
        fast.addCandidate(PUBLIC, 0);
        fast.addCandidate(LAN, 0);
        fast.noteActivity(0);
        fast.poll(0, r);
        fast.onPong(r.tx[0], 0, 3);
        r.take();
        for (t = 3000; t <= 66000; t += 3000) {
            fast.noteActivity(t);
            fast.poll(t, r);
            fast.onPong(r.tx[0], 0, t + 3);
        }
        for (String s : r.take()) {
            assertEquals("ping 0 04c6120005ca6a", s, "3 ms is good enough: heartbeats only");
        }
    }
}
