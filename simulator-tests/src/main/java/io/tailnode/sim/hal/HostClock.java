package io.tailnode.sim.hal;

import io.tailnode.firmware.hal.Clock;

/**
 * The simulator's clock: monotonic from System.nanoTime scaled by a rate factor (so tests that would wait
 * minutes of protocol time run in seconds), wall time from the host, trusted unless told otherwise (a board
 * without an RTC boots untrusted, which {@code --untrusted-wall} reproduces).
 */
public final class HostClock implements Clock {
    private final long originNanos = System.nanoTime();
    private final double rate;
    private final long wallOffsetMillis;
    private boolean trusted;
    private long setWallDelta;

    /**
     * @param rate monotonic and wall time run this many times faster than real time (1 = real time)
     * @param wallOffsetMillis added to the host's wall clock (e.g. to pretend the board booted at the epoch)
     */
    public HostClock(double rate, long wallOffsetMillis, boolean trusted) {
        this.rate = rate;
        this.wallOffsetMillis = wallOffsetMillis;
        this.trusted = trusted;
    }

    @Override
    public long monotonicMillis() {
        return (long) ((System.nanoTime() - originNanos) / 1e6 * rate);
    }

    @Override
    public long wallMillis() {
        return System.currentTimeMillis() + wallOffsetMillis + setWallDelta + (long) (monotonicMillis() * (1 - 1 / rate));
    }

    @Override
    public boolean wallTrusted() {
        return trusted;
    }

    @Override
    public void setWallMillis(long unixMillis) {
        setWallDelta += unixMillis - wallMillis();
        trusted = true;
    }
}
