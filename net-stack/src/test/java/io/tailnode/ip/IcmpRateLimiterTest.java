package io.tailnode.ip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** RFC 4443 §2.4(f) token bucket: burst, then one per interval, no banking beyond the burst. */
class IcmpRateLimiterTest {
    @Test
    void burstThenOnePerInterval() {
        IcmpRateLimiter r = new IcmpRateLimiter(4, 250);
        for (int i = 0; i < 4; i++) {
            assertTrue(r.tryAcquire(-10_000), "burst " + i);
        }
        assertFalse(r.tryAcquire(-10_000));
        assertFalse(r.tryAcquire(-10_000 + 249));
        assertTrue(r.tryAcquire(-10_000 + 250));
        assertFalse(r.tryAcquire(-10_000 + 251));
        assertTrue(r.tryAcquire(-10_000 + 500 + 249), "phase kept: the token of 500 counts at 749");
        assertFalse(r.tryAcquire(-10_000 + 749));
        assertTrue(r.tryAcquire(-10_000 + 750));
        int n = 0;
        for (int i = 0; i < 10; i++) {
            n += r.tryAcquire(1_000_000) ? 1 : 0;
        }
        assertEquals(4, n, "a long idle period refills the burst only");
        assertEquals(0, r.tokens());
    }

    @Test
    void clockSteppingBackMintsNothing() {
        IcmpRateLimiter r = new IcmpRateLimiter(1, 100);
        assertTrue(r.tryAcquire(5000));
        assertFalse(r.tryAcquire(0));
        assertFalse(r.tryAcquire(99));
        assertTrue(r.tryAcquire(100));
    }
}
