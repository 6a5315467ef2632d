package io.tailnode.control.client;

import io.tailnode.wg.Jitter;

/**
 * Reconnect delays for the control client: exponential from {@code baseMs}, doubled per consecutive failure up
 * to {@code capMs}, with "equal jitter" (half the step fixed, half uniform random) so that a fleet of devices
 * after a server restart spreads out instead of arriving together. A server's Retry-After (HTTP 429, §2.5:
 * capver 137 clients honour it) raises the next delay to at least that value, bounded by {@code maxRetryAfterMs}.
 * {@link #reset} after a connection that worked. Pure arithmetic, no allocation.
 */
public final class Backoff {
    private final long baseMs;
    private final long capMs;
    private final long maxRetryAfterMs;
    private final Jitter jitter;
    private int failures;

    public Backoff(long baseMs, long capMs, long maxRetryAfterMs, Jitter jitter) {
        if (baseMs < 1 || capMs < baseMs || maxRetryAfterMs < 0 || jitter == null) {
            throw new IllegalArgumentException("backoff");
        }
        this.baseMs = baseMs;
        this.capMs = capMs;
        this.maxRetryAfterMs = maxRetryAfterMs;
        this.jitter = jitter;
    }

    /** The un-jittered step for the current failure count: min(cap, base * 2^failures). */
    public long step() {
        long d = baseMs;
        for (int i = 0; i < failures && d < capMs; i++) {
            d *= 2;
        }
        return d < capMs ? d : capMs;
    }

    /**
     * The delay before the next attempt after a failure, and counts the failure. {@code retryAfterMs} is the
     * server's Retry-After in ms, or a negative value when none was given.
     */
    public long next(long retryAfterMs) {
        long d = step();
        long half = d / 2;
        long delay = half + (half > 0 ? jitter.nextJitterMs((int) Math.min(Integer.MAX_VALUE, half + 1)) : 0);
        if (failures < 62) {
            failures++;
        }
        if (retryAfterMs >= 0) {
            long ra = retryAfterMs < maxRetryAfterMs ? retryAfterMs : maxRetryAfterMs;
            if (ra > delay) {
                delay = ra;
            }
        }
        return delay;
    }

    /** A connection worked: the next failure starts from the base again. */
    public void reset() {
        failures = 0;
    }

    public int failures() {
        return failures;
    }
}
