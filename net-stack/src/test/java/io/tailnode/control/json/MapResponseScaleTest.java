package io.tailnode.control.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Generated 1k- and 10k-peer full maps scanned with the device's 4 KiB value buffer, fed in 1400-byte pieces. */
class MapResponseScaleTest {
    @ParameterizedTest(name = "{0} peers")
    @ValueSource(ints = {1_000, 10_000})
    void largeMapsParseInA4KiBBuffer(int peers) {
        byte[] map = GeneratedMaps.map(peers);
        byte[] stream = MapStreams.frames(map);
        CountingVisitor v = new CountingVisitor();
        MapResponseScanner s = new MapResponseScanner(4096, 2, 2, 4, 64, v);
        // The frame limit is the caller's choice; streaming means it does not cost memory (10k peers ~ 12 MB).
        MapFrameReader reader = new MapFrameReader(64 << 20, s);
        long expectedIdSum = GeneratedMaps.peerId(1_000_000);
        for (int i = 0; i < peers; i++) {
            expectedIdSum += GeneratedMaps.peerId(i);
        }
        long best = Long.MAX_VALUE;
        int rounds = peers >= 10_000 ? 3 : 10;
        for (int round = 0; round < rounds; round++) {
            v.nodes = 0;
            v.idSum = 0;
            v.addresses = 0;
            v.endpoints = 0;
            v.derpNodes = 0;
            long t0 = System.nanoTime();
            assertEquals(0, MapStreams.feed(reader, stream, 1400));
            best = Math.min(best, System.nanoTime() - t0);
            assertEquals(MapReason.OK, v.lastResult);
            assertEquals(peers + 1, v.nodes);
            assertEquals(expectedIdSum, v.idSum);
            assertEquals(2L * (peers + 1), v.addresses);
            assertEquals(3L * (peers + 1), v.endpoints);
            assertEquals(3, v.derpNodes);
            assertEquals(0, v.dropped);
        }
        double ms = best / 1e6;
        System.out.printf("[scale] %d peers, %.1f MB frame, 4 KiB buffer: %.1f ms best of %d (%.0f peers/s, %.0f MB/s)%n",
                peers, map.length / 1e6, ms, rounds, peers / (ms / 1e3), map.length / 1e6 / (ms / 1e3));
    }
}
