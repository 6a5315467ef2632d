package io.tailnode.wg;

/**
 * Wall-clock TAI64N for handshake initiations (whitepaper §5.4.2, §5.1: the responder accepts only timestamps
 * strictly newer than the last one from us, so the source must never go backwards, also across reboots: the
 * firmware's Tai64nClock keeps a persisted floor). Must not allocate (called on the handshake path).
 */
public interface Tai64nSource {
    /**
     * Writes the 12-byte TAI64N label for now into {@code out[off..off+12)}.
     *
     * @param monotonicNowMs the caller's monotonic time (the same clock the device's {@code nowMs} comes from)
     * @return 12, or a negative value if no trustworthy wall time is available (no initiation is sent then)
     */
    int now(byte[] out, int off, long monotonicNowMs);
}
