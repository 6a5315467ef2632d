package io.tailnode.wg;

/**
 * Unsigned comparison of 64-bit WireGuard counters (whitepaper §5.4.6: the counter is an unsigned 64-bit
 * little-endian integer). Java 7 and the MicroEJ API have no {@code Long.compareUnsigned}, so the sign bit is
 * flipped instead: that maps unsigned order onto signed order.
 */
final class UnsignedCounters {
    private UnsignedCounters() {
    }

    /** {@code a < b} with both read as unsigned 64-bit values. */
    static boolean lessThan(long a, long b) {
        return (a ^ Long.MIN_VALUE) < (b ^ Long.MIN_VALUE);
    }
}
