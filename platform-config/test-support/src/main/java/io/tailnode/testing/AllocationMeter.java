package io.tailnode.testing;

import java.lang.management.ManagementFactory;

/**
 * Counts heap bytes allocated by the current thread while an operation runs, after warm-up.
 * Run it in a JVM started with -XX:-DoEscapeAnalysis -XX:-EliminateAllocations (the "allocation"
 * surefire execution does): otherwise C2 hides temporaries that MicroEJ's interpreter would allocate.
 */
public final class AllocationMeter {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private AllocationMeter() {
    }

    /** Bytes allocated per call of {@code op}, averaged over {@code iterations} calls after {@code warmup} calls. */
    public static long bytesPerCall(Runnable op, int warmup, int iterations) {
        for (int i = 0; i < warmup; i++) {
            op.run();
        }
        long id = Thread.currentThread().getId();
        // The meter itself allocates nothing between the two reads; measure its own baseline anyway.
        long base0 = THREADS.getThreadAllocatedBytes(id);
        long base1 = THREADS.getThreadAllocatedBytes(id);
        long overhead = base1 - base0;
        long before = THREADS.getThreadAllocatedBytes(id);
        for (int i = 0; i < iterations; i++) {
            op.run();
        }
        long after = THREADS.getThreadAllocatedBytes(id);
        long total = after - before - overhead;
        return Math.max(0, total) / iterations;
    }
}
