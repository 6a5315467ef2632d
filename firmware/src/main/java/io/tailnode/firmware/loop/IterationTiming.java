package io.tailnode.firmware.loop;

import io.tailnode.lang.HotPath;

/**
 * Busy time of the event loop's iterations (the wait for a datagram excluded): the longest one and a small
 * histogram with fixed bucket bounds, in the Clock HAL's milliseconds. The watchdog timeout has to stay above the
 * longest; status pages and the simulator report both. Allocation-free after construction.
 */
public final class IterationTiming {
    /** Inclusive upper bounds of the buckets in ms; the last bucket (not listed) takes everything above. */
    private static final long[] UPPER_MS = {0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000};

    private final long[] counts = new long[UPPER_MS.length + 1];
    private long longestMs;
    private long totalMs;
    private long iterations;

    /** Adds one iteration's busy time (negative values, a clock that stepped, count as 0). */
    @HotPath
    public void record(long busyMs) {
        if (busyMs < 0) {
            busyMs = 0;
        }
        iterations++;
        totalMs += busyMs;
        if (busyMs > longestMs) {
            longestMs = busyMs;
        }
        int b = 0;
        while (b < UPPER_MS.length && busyMs > UPPER_MS[b]) {
            b++;
        }
        counts[b]++;
    }

    /** The longest busy time recorded, ms (0 before any iteration). */
    public long longestMs() {
        return longestMs;
    }

    /** Sum of all busy times, ms (for a mean; the Prometheus histogram's _sum). */
    public long totalMs() {
        return totalMs;
    }

    public long iterations() {
        return iterations;
    }

    public int bucketCount() {
        return counts.length;
    }

    /** Inclusive upper bound of bucket {@code i} in ms; {@link Long#MAX_VALUE} for the last. */
    public long bucketUpperMs(int i) {
        return i < UPPER_MS.length ? UPPER_MS[i] : Long.MAX_VALUE;
    }

    /** Iterations whose busy time fell in bucket {@code i} (not cumulative). */
    public long bucketIterations(int i) {
        return counts[i];
    }
}
