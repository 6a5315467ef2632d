package io.tailnode.firmware.board;

import io.tailnode.firmware.hal.Clock;

/**
 * {@link Clock} on the board's monotonic counter. Neither board keeps wall time across a reset (no battery on
 * the DISCO's RTC domain, none on the nRF9151-DK), so wall time is monotonic time plus an offset set from an
 * authenticated source, untrusted until then.
 */
public final class NativeClock implements Clock {
    private long wallOffset;
    private boolean trusted;

    @Override
    public long monotonicMillis() {
        return BoardNatives.monotonicMillis();
    }

    @Override
    public long wallMillis() {
        return BoardNatives.monotonicMillis() + wallOffset;
    }

    @Override
    public boolean wallTrusted() {
        return trusted;
    }

    @Override
    public void setWallMillis(long unixMillis) {
        wallOffset = unixMillis - BoardNatives.monotonicMillis();
        trusted = true;
    }
}
