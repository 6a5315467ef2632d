package io.tailnode.wg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Token bucket per source: 20/s, burst 5 (kernel ratelimiter.c semantics), fixed table with stale eviction. */
class RateLimiterTest {
    private final byte[] src = new byte[WgConstants.SOURCE_MAX_SIZE];

    private int source(int n) {
        return SourceAddress.ipv4(src, 0, new byte[] {10, 0, (byte) (n >> 8), (byte) n}, 0, 51820);
    }

    @Test
    void burstOfFiveThenTwentyPerSecond() {
        RateLimiter rl = new RateLimiter(16, new TestRandom(1));
        int len = source(1);
        for (int i = 0; i < 5; i++) {
            assertEquals(WgReason.OK, rl.allow(src, 0, len, 1000), "burst " + i);
        }
        assertEquals(WgReason.RATE_LIMITED, rl.allow(src, 0, len, 1000));
        assertEquals(WgReason.RATE_LIMITED, rl.allow(src, 0, len, 1049));
        assertEquals(WgReason.OK, rl.allow(src, 0, len, 1050), "one token per 50 ms");
        assertEquals(WgReason.RATE_LIMITED, rl.allow(src, 0, len, 1050));
        // Over one second at a steady 100/s offered, 20 (plus nothing stored) get through.
        int passed = 0;
        for (long t = 1060; t < 2060; t += 10) {
            if (rl.allow(src, 0, len, t) == WgReason.OK) {
                passed++;
            }
        }
        assertEquals(20, passed);
        // A long pause refills to the burst, not beyond.
        passed = 0;
        for (int i = 0; i < 10; i++) {
            if (rl.allow(src, 0, len, 60_000) == WgReason.OK) {
                passed++;
            }
        }
        assertEquals(5, passed);
    }

    @Test
    void sourcesAreIndependent() {
        RateLimiter rl = new RateLimiter(16, new TestRandom(2));
        int len = source(1);
        for (int i = 0; i < 5; i++) {
            rl.allow(src, 0, len, 0);
        }
        assertEquals(WgReason.RATE_LIMITED, rl.allow(src, 0, len, 0));
        len = source(2);
        assertEquals(WgReason.OK, rl.allow(src, 0, len, 0), "another address");
        byte[] other = new byte[WgConstants.SOURCE_MAX_SIZE];
        int olen = SourceAddress.ipv4(other, 0, new byte[] {10, 0, 0, 1}, 0, 51821);
        assertEquals(WgReason.OK, rl.allow(other, 0, olen, 0), "same address, other port");
        byte[] key = new byte[32];
        int dlen = SourceAddress.derp(other, 0, key, 0);
        assertEquals(WgReason.OK, rl.allow(other, 0, dlen, 0), "a DERP sender is its own source");
    }

    @Test
    void fullTableRefusesNewSourcesUntilEntriesGoStale() {
        RateLimiter rl = new RateLimiter(8, new TestRandom(3));
        for (int n = 0; n < 8; n++) {
            assertEquals(WgReason.OK, rl.allow(src, 0, source(n), 0));
        }
        assertEquals(WgReason.TABLE_FULL, rl.allow(src, 0, source(100), 500));
        assertEquals(WgReason.OK, rl.allow(src, 0, source(3), 500), "known sources keep their buckets");
        // After RATE_LIMIT_ENTRY_TTL_MS an idle entry is evicted for a newcomer.
        assertEquals(WgReason.OK, rl.allow(src, 0, source(100), 1000));
        rl.clear();
        assertEquals(WgReason.OK, rl.allow(src, 0, source(101), 1000));
    }

    @Test
    void clockGoingBackwardsMintsNoTokens() {
        RateLimiter rl = new RateLimiter(4, new TestRandom(4));
        int len = source(1);
        for (int i = 0; i < 5; i++) {
            rl.allow(src, 0, len, 10_000);
        }
        assertEquals(WgReason.RATE_LIMITED, rl.allow(src, 0, len, 5_000));
        assertEquals(WgReason.RATE_LIMITED, rl.allow(src, 0, len, 5_040));
        assertEquals(WgReason.OK, rl.allow(src, 0, len, 5_050));
    }

    @Test
    void sourceEncodingsHaveTheDocumentedLayout() {
        byte[] out = new byte[WgConstants.SOURCE_MAX_SIZE];
        byte[] v6 = new byte[16];
        v6[0] = 0x20;
        v6[15] = 1;
        assertEquals(19, SourceAddress.ipv6(out, 0, v6, 0, 0x1234));
        assertEquals(6, out[0]);
        assertEquals(0x20, out[1]);
        assertEquals(1, out[16]);
        assertEquals(0x12, out[17]);
        assertEquals(0x34, out[18]);
        assertEquals(7, SourceAddress.ipv4(out, 0, new byte[] {1, 2, 3, 4}, 0, 80));
        assertEquals(4, out[0]);
        assertEquals(80, out[6]);
        assertEquals(33, SourceAddress.derp(out, 0, new byte[32], 0));
        assertEquals(0x44, out[0]);
    }
}
