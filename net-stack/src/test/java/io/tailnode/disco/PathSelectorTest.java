package io.tailnode.disco;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        assertEquals(0, p.netmapEndpoint(PUBLIC, 0, 0));
        assertEquals(1, p.netmapEndpoint(LAN, 0, 0));
        assertEquals(0, p.netmapEndpoint(PUBLIC, 0, 0));
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
        p.netmapEndpoint(PUBLIC, 0, 0);
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
        p.netmapEndpoint(PUBLIC, 0, 0);
        p.netmapEndpoint(HexFormat.of().parseHex("04c6120006ca6a"), 0, 0); // another public address
        p.netmapEndpoint(LOOP, 0, 0);
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
        p.netmapEndpoint(PUBLIC, 0, 0);
        p.netmapEndpoint(LAN, 0, 0);
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
        fast.netmapEndpoint(PUBLIC, 0, 0);
        fast.netmapEndpoint(LAN, 0, 0);
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

    static final byte[] MOVED = HexFormat.of().parseHex("04c6120007ca6b");    // 198.18.0.7:51819

    /** Candidate table as "address/latency", best marked with '*'. */
    static String table(PathSelector p) {
        StringBuilder sb = new StringBuilder();
        byte[] a = new byte[19];
        for (int i = 0; i < p.candidateCount(); i++) {
            int n = p.candidate(i, a, 0);
            sb.append(i == 0 ? "" : " ").append(i == p.best() ? "*" : "").append(HexFormat.of().formatHex(a, 0, n));
        }
        return sb.toString();
    }

    /** Direct on PUBLIC (pong at 10), LAN also answered: the usual state before the peer moves. */
    void directOnPublic() {
        p.beginNetmapEndpoints();
        p.netmapEndpoint(PUBLIC, 0, 0);
        p.endNetmapEndpoints(0);
        p.noteActivity(0);
        p.poll(0, r);
        assertEquals(0, p.onPong(r.tx[0], 0, 10));
        r.take();
        assertEquals(PathSelector.PATH_DIRECT, p.sendPath(10));
    }

    @Test
    void netmapWithoutTheBestDropsItAtOnceAndProbesTheNewEndpoint() {
        directOnPublic();
        // The same netmap again (another peer changed): nothing moves.
        p.beginNetmapEndpoints();
        assertEquals(0, p.netmapEndpoint(PUBLIC, 0, 1000));
        assertFalse(p.endNetmapEndpoints(1000));
        assertEquals(PathSelector.PATH_DIRECT, p.sendPath(1000));

        // The peer moved: its lite update replaced PUBLIC by MOVED. Well inside the trust window (until 6510).
        p.noteActivity(1500);
        p.beginNetmapEndpoints();
        assertEquals(1, p.netmapEndpoint(MOVED, 0, 1500));
        assertTrue(p.endNetmapEndpoints(1500), "the best was dropped");
        assertEquals("04c6120007ca6b", table(p));
        assertEquals(-1, p.best());
        assertEquals(PathSelector.PATH_DERP, p.sendPath(1500), "DERP at once, not the stale address");
        assertEquals(1500, p.nextDeadline(1500), "probing is due now");
        p.poll(1500, r);
        assertEquals(List.of("ping 0 04c6120007ca6b"), r.take(), "(the CallMeMaybe of 0 is not 5 s old)");
        assertEquals(0, p.onPong(r.tx[0], 0, 1512));
        assertEquals(PathSelector.PATH_DIRECT, p.sendPath(1512));
        assertEquals(1512 + PathSelector.TRUST_MS, p.trustUntil());
        assertEquals(-1, p.onPong(r.tx[0], 0, 1513));
    }

    @Test
    void netmapKeepsWhatTheLastCallMeMaybeOrARecentPingStillVouchesFor() {
        p.beginNetmapEndpoints();
        p.netmapEndpoint(PUBLIC, 0, 0);
        p.netmapEndpoint(LAN, 0, 0);
        p.endNetmapEndpoints(0);
        p.beginCallMeMaybe();
        p.callMeMaybeEndpoint(LAN, 0, 0);
        p.endCallMeMaybe(0, r);
        byte[] tx = new byte[12];
        tx[0] = 1;
        assertEquals(2, p.onPing(LOOP, 0, tx, 0, 100), "a new source");
        tx[0] = 2;
        assertEquals(0, p.onPing(PUBLIC, 0, tx, 0, 100), "a netmap endpoint pinging us stays a netmap endpoint");

        // The netmap now lists nothing: PUBLIC goes; LAN (CallMeMaybe) and LOOP (pinged 0.1 s ago) stay.
        p.beginNetmapEndpoints();
        p.endNetmapEndpoints(200);
        assertEquals("047f000001ca6a 04c0a80105ca6a", table(p));
        // 45 s after its last ping, LOOP goes too (at the next netmap, or the next full probe).
        p.beginNetmapEndpoints();
        p.endNetmapEndpoints(100 + PathSelector.SESSION_ACTIVE_MS);
        assertEquals(2, p.candidateCount());
        p.beginNetmapEndpoints();
        p.endNetmapEndpoints(101 + PathSelector.SESSION_ACTIVE_MS);
        assertEquals("04c0a80105ca6a", table(p));
    }

    @Test
    void callMeMaybeReplacesTheLastOneAndPingsEverythingNow() {
        directOnPublic();
        p.beginCallMeMaybe();
        assertEquals(0, p.callMeMaybeEndpoint(PUBLIC, 0, 100));
        assertEquals(1, p.callMeMaybeEndpoint(LAN, 0, 100));
        assertFalse(p.endCallMeMaybe(100, r));
        assertEquals(List.of("ping 0 04c6120005ca6a", "ping 1 04c0a80105ca6a"), r.take(),
                "everything pinged at once, though PUBLIC was pinged 0.1 s ago");
        assertEquals(PathSelector.PATH_DIRECT, p.sendPath(100), "still trusted");

        // The peer moved: its next CallMeMaybe lists MOVED only. PUBLIC is also a netmap endpoint, but the peer
        // no longer vouches for it: dropped with the trust it had (the netmap brings it back if it still lists it).
        p.beginCallMeMaybe();
        assertEquals(-1, p.callMeMaybeEndpoint(HexFormat.of().parseHex("06fe80000000000000000000000000000104d2"), 0, 200),
                "IPv6 link-local: skipped");
        assertEquals(2, p.callMeMaybeEndpoint(MOVED, 0, 200));
        assertTrue(p.endCallMeMaybe(200, r));
        assertEquals("04c6120007ca6b", table(p));
        assertEquals(PathSelector.PATH_DERP, p.sendPath(200));
        assertEquals(List.of("ping 0 04c6120007ca6b"), r.take());
        assertEquals(0, p.onPong(r.tx[0], 0, 215));
        assertEquals(PathSelector.PATH_DIRECT, p.sendPath(215));

        // An idle session (no data for 45 s) is still probed on a CallMeMaybe: the peer wants to talk.
        PathSelector idle = new PathSelector(new DiscoTest.SeededRandom(5), 4);
        idle.beginCallMeMaybe();
        idle.callMeMaybeEndpoint(LAN, 0, 100000);
        idle.endCallMeMaybe(100000, r);
        assertEquals(List.of("ping 0 04c0a80105ca6a"), r.take());
    }

    @Test
    void pingFromANewSourceMakesACandidateAndDuplicatesAreNotAnswered() {
        directOnPublic();
        byte[] tx = HexFormat.of().parseHex("0102030405060708090a0b0c");
        assertEquals(1, p.onPing(MOVED, 0, tx, 0, 500));
        assertEquals("*04c6120005ca6a 04c6120007ca6b", table(p));
        assertEquals(DiscoReason.DUPLICATE, p.onPing(MOVED, 0, tx, 0, 501), "the same ping twice");
        tx[11]++;
        assertEquals(1, p.onPing(MOVED, 0, tx, 0, 3500));
        assertEquals(PathSelector.PATH_DIRECT, p.sendPath(3500), "a new candidate does not unseat a trusted best");
        // Once the best is no longer trusted, the new source is probed with the rest.
        p.noteActivity(6600);
        p.poll(6600, r);
        assertEquals(List.of("ping 0 04c6120005ca6a", "ping 1 04c6120007ca6b", "cmm"), r.take());
        // Kept while it pings (45 s from the last ping), then pruned by the full probe.
        p.noteActivity(48000);
        p.poll(48000, r);
        assertEquals(2, p.candidateCount());
        p.noteActivity(48501);
        p.poll(48501, r);
        assertEquals("04c6120005ca6a", table(p).replace("*", ""));
        assertEquals(DiscoReason.OUT_TOO_SMALL, p.onPing(new byte[] {5, 0, 0, 0, 0, 0, 0}, 0, tx, 0, 48501));
    }

    @Test
    void fullTableMakesRoomFromTheOldestPingSourceButNeverFromThePeersOwnWordOrTheBest() {
        PathSelector small = new PathSelector(new DiscoTest.SeededRandom(6), 2);
        small.beginNetmapEndpoints();
        small.netmapEndpoint(PUBLIC, 0, 0);
        small.endNetmapEndpoints(0);
        byte[] tx = new byte[12];
        assertEquals(1, small.onPing(LOOP, 0, tx, 0, 0));
        tx[0] = 1;
        assertEquals(1, small.onPing(MOVED, 0, tx, 0, 1000), "LOOP, pinging 1 s ago, gives way to the newer source");
        assertEquals("04c6120005ca6a 04c6120007ca6b", table(small));
        small.beginCallMeMaybe();
        assertEquals(1, small.callMeMaybeEndpoint(LAN, 0, 1000), "the peer's own endpoint displaces a ping source");
        small.endCallMeMaybe(1000, r);
        tx[0] = 2;
        assertEquals(DiscoReason.FULL, small.onPing(LOOP, 0, tx, 0, 2000),
                "netmap and CallMeMaybe endpoints are never displaced by a ping source");
        assertEquals(2, small.candidateCount());
    }

    @Test
    void theBestIsNeverDisplaced() {
        PathSelector small = new PathSelector(new DiscoTest.SeededRandom(7), 1);
        byte[] tx = new byte[12];
        assertEquals(0, small.onPing(LOOP, 0, tx, 0, 0));
        small.noteActivity(0);
        small.poll(0, r);
        assertEquals(List.of("ping 0 047f000001ca6a", "cmm"), r.take(), "the ping source is probed");
        assertEquals(0, small.onPong(r.tx[0], 0, 5));
        assertEquals(0, small.best());
        tx[0] = 1;
        assertEquals(DiscoReason.FULL, small.onPing(PUBLIC, 0, tx, 0, 10), "the only slot holds the best");
        assertEquals(0, small.best());
        assertEquals(PathSelector.PATH_DIRECT, small.sendPath(10));
    }

    @Test
    void droppingACandidateKeepsBestAndPendingPingsWithTheirAddresses() {
        p.beginNetmapEndpoints();
        p.netmapEndpoint(PUBLIC, 0, 0);
        p.netmapEndpoint(LAN, 0, 0);
        p.netmapEndpoint(LOOP, 0, 0);
        p.endNetmapEndpoints(0);
        p.noteActivity(0);
        p.poll(0, r);
        r.take();
        assertEquals(2, p.onPong(r.tx[2], 0, 5));
        byte[] lanTx = r.tx[1];
        // PUBLIC leaves: LOOP (the best) takes index 0, LAN keeps its pending ping.
        p.beginNetmapEndpoints();
        p.netmapEndpoint(LAN, 0, 10);
        p.netmapEndpoint(LOOP, 0, 10);
        assertFalse(p.endNetmapEndpoints(10));
        assertEquals("*047f000001ca6a 04c0a80105ca6a", table(p));
        assertEquals(PathSelector.PATH_DIRECT, p.sendPath(10));
        assertEquals(1, p.onPong(lanTx, 0, 20));
        assertEquals(20, p.latency(1));
        assertEquals(0, p.best(), "loopback still best");
        assertEquals(0, p.indexOf(LOOP, 0));
        assertEquals(-1, p.indexOf(PUBLIC, 0));
    }

    @Test
    void connectivityChangeForgetsTheBestAndProbesAgainAtOnce() {
        directOnPublic();
        p.beginNetmapEndpoints();
        p.netmapEndpoint(PUBLIC, 0, 100);
        p.netmapEndpoint(LAN, 0, 100);
        p.endNetmapEndpoints(100);
        p.noteActivity(1000);
        p.poll(1000, r);
        assertEquals(List.of(), r.take(), "trusted: the heartbeat is not due yet");
        p.noteConnectivityChange();
        assertEquals(-1, p.best());
        assertEquals(PathSelector.PATH_DERP, p.sendPath(1000));
        assertEquals(-1, p.latency(0));
        assertEquals(1000, p.nextDeadline(1000));
        p.poll(1000, r);
        assertEquals(List.of("ping 0 04c6120005ca6a", "ping 1 04c0a80105ca6a", "cmm"), r.take());
        assertEquals(0, p.onPong(r.tx[0], 0, 1001), "the answer to a ping from the new socket");
        assertEquals(PathSelector.PATH_DIRECT, p.sendPath(1001));
    }
}
