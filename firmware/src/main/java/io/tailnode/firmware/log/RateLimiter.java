package io.tailnode.firmware.log;

import io.tailnode.lang.HotPath;

/**
 * One token bucket per event code, so a flood of one reason (bad packets) cannot starve the others nor the
 * UART. A bucket holds up to {@code burst} tokens and regains one every {@code refillMs} of monotonic time
 * passed in by the caller; the state is kept as "credit" in milliseconds (a token costs {@code refillMs}),
 * which makes refill a single addition and needs no division. Events refused are counted per code until the
 * logger reports them in a summary. Allocation-free after construction; not thread-safe.
 */
public final class RateLimiter {
    private final long[] creditMs;
    private final long[] lastMs;
    private final int[] suppressed;
    private final long costMs;
    private final long capMs;

    /**
     * @param codes    number of event codes (codes are 0..codes-1)
     * @param burst    tokens a quiet code has in hand, >= 1
     * @param refillMs milliseconds to regain one token, >= 1
     */
    public RateLimiter(int codes, int burst, int refillMs) {
        if (codes < 1 || burst < 1 || refillMs < 1) {
            throw new IllegalArgumentException("rate limiter parameters");
        }
        creditMs = new long[codes];
        lastMs = new long[codes];
        suppressed = new int[codes];
        costMs = refillMs;
        capMs = (long) burst * refillMs;
        for (int i = 0; i < codes; i++) {
            creditMs[i] = capMs;
            lastMs[i] = Long.MIN_VALUE;
        }
    }

    public int codes() {
        return suppressed.length;
    }

    /** Takes a token for {@code code} at {@code nowMs}; false (and the event counted as suppressed) if none. */
    @HotPath
    public boolean tryAcquire(int code, long nowMs) {
        if (!refillAndCheck(code, nowMs)) {
            if (suppressed[code] != Integer.MAX_VALUE) {
                suppressed[code]++;
            }
            return false;
        }
        creditMs[code] -= costMs;
        return true;
    }

    /** Takes a token without counting a refusal: for summaries, which must not feed the count they report. */
    @HotPath
    public boolean tryAcquireQuietly(int code, long nowMs) {
        if (!refillAndCheck(code, nowMs)) {
            return false;
        }
        creditMs[code] -= costMs;
        return true;
    }

    /** Events of {@code code} refused since the last {@link #clearSuppressed}. */
    public int suppressed(int code) {
        return suppressed[code];
    }

    public void clearSuppressed(int code) {
        suppressed[code] = 0;
    }

    private boolean refillAndCheck(int code, long nowMs) {
        long last = lastMs[code];
        if (last == Long.MIN_VALUE) {
            lastMs[code] = nowMs;
        } else if (nowMs > last) {
            // Time is monotonic, but a caller bug must not mint tokens by going backwards, hence only nowMs > last.
            long elapsed = nowMs - last;
            long credit = creditMs[code];
            creditMs[code] = elapsed >= capMs - credit ? capMs : credit + elapsed;
            lastMs[code] = nowMs;
        }
        return creditMs[code] >= costMs;
    }
}
