package io.tailnode.crypto;

import io.tailnode.lang.HotPath;

/**
 * TAI64N timestamps of WireGuard handshake initiations (whitepaper §5.4.2; label format from D. J.
 * Bernstein's libtai): 8 bytes big-endian seconds label, then 4 bytes big-endian nanoseconds. They stop
 * replayed initiations: the responder accepts one only if its timestamp is strictly greater than the
 * greatest it has accepted from that peer ({@link #isAfter}).
 * <p>
 * Encoding chosen (same as wireguard-go's {@code tai64n} package and the Linux driver): the seconds label is
 * {@code 0x400000000000000a + unixSeconds} (2^62 plus a fixed TAI-UTC offset of 10 s; leap seconds since
 * 1972 are deliberately ignored, the label only has to be consistent and monotonic), with
 * {@code unixSeconds} rounded toward negative infinity and nanoseconds in 0..999,999,999. With whitening
 * (the normal case) the nanoseconds are rounded down to a multiple of 2^24 ns (about 16.8 ms,
 * {@code &^ 0xFFFFFF} in wireguard-go) so the timestamp does not leak the precise clock, and as a side effect
 * at most about 60 initiations per second can be accepted. Peers never decode the label, so only ordering
 * matters for interoperability.
 * <p>
 * Static methods on caller arrays; no state.
 */
public final class Tai64n {
    /** Length of a TAI64N label in bytes. */
    public static final int LENGTH = 12;
    /** TAI64 label of Unix second 0: 2^62 + 10. */
    public static final long BASE = 0x400000000000000AL;
    /** Low nanosecond bits cleared by whitening (2^24 - 1). */
    public static final int WHITENER_MASK = 0xFFFFFF;

    private static final long NANOS_PER_SECOND = 1000000000L;

    private Tai64n() {
    }

    /**
     * Writes the label of {@code unixMillis} (milliseconds since 1970-01-01T00:00:00Z, e.g.
     * {@code System.currentTimeMillis()}) plus {@code extraNanos} (normally 0..999,999 for a clock finer than
     * a millisecond; any value is carried correctly) to {@code out[off..off+12)}.
     *
     * @param whiten true to round the nanoseconds down to a multiple of 2^24 as WireGuard does (recommended)
     */
    @HotPath
    public static void encode(long unixMillis, int extraNanos, boolean whiten, byte[] out, int off) {
        long seconds = unixMillis / 1000;
        long millis = unixMillis % 1000;
        if (millis < 0) {
            // Floor, not truncate, before 1970: nanoseconds stay non-negative.
            seconds--;
            millis += 1000;
        }
        long nanos = millis * 1000000L + extraNanos;
        long carry = nanos / NANOS_PER_SECOND;
        nanos -= carry * NANOS_PER_SECOND;
        if (nanos < 0) {
            carry--;
            nanos += NANOS_PER_SECOND;
        }
        seconds += carry;
        int n = (int) nanos;
        if (whiten) {
            n &= ~WHITENER_MASK;
        }
        long label = BASE + seconds;
        for (int i = 7; i >= 0; i--) {
            out[off + i] = (byte) label;
            label >>>= 8;
        }
        out[off + 8] = (byte) (n >>> 24);
        out[off + 9] = (byte) (n >>> 16);
        out[off + 10] = (byte) (n >>> 8);
        out[off + 11] = (byte) n;
    }

    /**
     * Unsigned lexicographic comparison of two 12-byte labels, which is chronological order.
     *
     * @return negative, zero or positive as {@code a} is before, equal to or after {@code b}
     */
    @HotPath
    public static int compare(byte[] a, int aOff, byte[] b, int bOff) {
        for (int i = 0; i < LENGTH; i++) {
            int d = (a[aOff + i] & 0xFF) - (b[bOff + i] & 0xFF);
            if (d != 0) {
                return d;
            }
        }
        return 0;
    }

    /** True if {@code a} is strictly newer than {@code b}: the responder's replay check. */
    @HotPath
    public static boolean isAfter(byte[] a, int aOff, byte[] b, int bOff) {
        return compare(a, aOff, b, bOff) > 0;
    }
}
