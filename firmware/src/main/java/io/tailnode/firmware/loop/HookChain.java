package io.tailnode.firmware.loop;

/**
 * Two {@link LoopHook}s where the services have room for one (e.g. the integrator's socket API and the control
 * driver): both run every iteration in order; the next deadline is the earlier of theirs.
 */
public final class HookChain implements LoopHook {
    private final LoopHook first;
    private final LoopHook second;

    public HookChain(LoopHook first, LoopHook second) {
        if (first == null || second == null) {
            throw new IllegalArgumentException("hooks");
        }
        this.first = first;
        this.second = second;
    }

    public void onIteration(long nowMs) {
        first.onIteration(nowMs);
        second.onIteration(nowMs);
    }

    public long nextDeadline(long nowMs) {
        long a = first.nextDeadline(nowMs);
        long b = second.nextDeadline(nowMs);
        return a < b ? a : b;
    }
}
