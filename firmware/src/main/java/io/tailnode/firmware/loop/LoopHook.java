package io.tailnode.firmware.loop;

/**
 * Work run on the event loop's thread once per {@link TunnelLoop} iteration, after the inner packets of the
 * iteration were received and before the services' output is taken (so what the hook writes goes out in the same
 * iteration). {@code io.tailnode.firmware.services.DeviceServices} calls it at the end of its service step; the
 * integrator's socket API ({@code io.tailnode.firmware.api.TailnetSockets}) is one. Bounded work, no allocation.
 */
public interface LoopHook {
    /** One iteration's work (callbacks, posted tasks), bounded. */
    void onIteration(long nowMs);

    /** When the hook next has work (absolute ms; <= now: at once; Long.MAX_VALUE: only when packets arrive). */
    long nextDeadline(long nowMs);
}
