package io.tailnode.firmware.hal;

/**
 * The board's raw entropy source (TRNG peripheral; SecureRandom in the simulator). Output is conditioned by
 * the firmware's DRBG, never used directly for keys. A source fault must be reported, not hidden.
 */
public interface Entropy {
    /**
     * Fills {@code len} bytes; returns {@code len}, or {@link HalStatus#ERR_IO} if the hardware flagged a fault
     * (seed error, clock error), in which case the buffer content is unspecified.
     */
    int fill(byte[] buf, int off, int len);
}
