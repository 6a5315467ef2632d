package io.tailnode.firmware.loop;

import io.tailnode.firmware.time.Tai64nClock;
import io.tailnode.lang.HotPath;
import io.tailnode.wg.Tai64nSource;

/**
 * The WireGuard core's TAI64N source backed by the platform's {@link Tai64nClock}: whitened, never backwards,
 * also across reboots of a board without a trusted wall clock (the clock floor in the flash image). A negative
 * return (the floor could not be advanced) makes the core skip the initiation and count it.
 */
public final class Tai64nClockSource implements Tai64nSource {
    private final Tai64nClock clock;

    public Tai64nClockSource(Tai64nClock clock) {
        this.clock = clock;
    }

    @Override
    @HotPath
    public int now(byte[] out, int off, long monotonicNowMs) {
        return clock.now(out, off, monotonicNowMs);
    }
}
