package io.tailnode.firmware.loop;

import io.tailnode.firmware.entropy.Drbg;
import io.tailnode.lang.HotPath;
import io.tailnode.wg.Jitter;
import io.tailnode.wg.WgRandom;

/**
 * The WireGuard core's randomness (ephemeral keys, sender indices, cookie secrets) and its retransmission
 * jitter, both from the platform's health-tested DRBG. If the DRBG has failed, {@link Drbg#generate} zeroes
 * the output; {@link #failures()} counts that so the loop can report it (the core's handshakes then carry
 * predictable values, which is why boot refuses to go on when the entropy source fails at start).
 * Allocation-free; not thread-safe (the event loop owns it).
 */
public final class DrbgWgRandom implements WgRandom, Jitter {
    private final Drbg drbg;
    private final byte[] jitterBytes = new byte[4];
    private int failures;

    public DrbgWgRandom(Drbg drbg) {
        this.drbg = drbg;
    }

    @Override
    @HotPath
    public void nextBytes(byte[] b, int off, int len) {
        if (drbg.generate(b, off, len) != len) {
            failures++;
        }
    }

    @Override
    @HotPath
    public int nextJitterMs(int maxExclusive) {
        if (maxExclusive <= 1) {
            return 0;
        }
        nextBytes(jitterBytes, 0, 4);
        int v = ((jitterBytes[0] & 0x7f) << 24) | ((jitterBytes[1] & 0xff) << 16) | ((jitterBytes[2] & 0xff) << 8)
                | (jitterBytes[3] & 0xff);
        // Modulo bias is at most maxExclusive / 2^31: irrelevant for a few hundred milliseconds of jitter.
        return v % maxExclusive;
    }

    /** DRBG requests that failed (output zeroed) since construction. */
    public int failures() {
        return failures;
    }
}
