package io.tailnode.firmware.loop;

/**
 * Slow work the event loop runs only in an idle iteration: no datagram was processed in it, the services have no
 * backlog, and no deadline of the core or the services falls within {@link #worstCaseMillis()} (after
 * {@link TunnelLoop#MAX_IDLE_DELAY_MS} of pending work without such an iteration, the deadline condition is waived:
 * counted and logged). Flash erase and
 * garbage collection of the key store are such work ({@link FlashMaintenance}): they must never delay a packet.
 */
public interface IdleWork {
    /**
     * Does at most one bounded step (e.g. one sector erase).
     *
     * @return 1 if a step was done, 0 if there is nothing to do, or a negative error code
     */
    int runIdle(long nowMs);

    /** True if {@link #runIdle} has something to do (cheap; no flash access). */
    boolean pending();

    /** The longest one {@link #runIdle} step may take on this board, ms (e.g. the worst sector erase plus GC). */
    int worstCaseMillis();
}
