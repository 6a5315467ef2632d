package io.tailnode.wg;

import io.tailnode.crypto.Blake2s;
import io.tailnode.lang.Bytes;
import io.tailnode.lang.HotPath;

/**
 * Per-source token bucket for handshake messages, as the Linux kernel's ratelimiter.c (wireguard.md §4): each
 * source earns one token per 50 ms (20/s) up to a burst of 5; a handshake message costs one. The device asks
 * {@link #allow} after mac1 verified and before any Diffie-Hellman, so a flood from one source costs at most
 * 20 X25519 per second. "Source" is a {@link SourceAddress} encoding.
 * <p>
 * Fixed table: entries are keyed by a 64-bit keyed BLAKE2s hash of the source (key random per boot, so a remote
 * party cannot aim sources at one bucket). A source lives in one of {@link #PROBES} consecutive slots from its
 * home; an entry idle for {@link WgConstants#RATE_LIMIT_ENTRY_TTL_MS} has a full bucket again, so it is as good
 * as absent and its slot is reused (eviction without a sweep). With no free or stale slot in the window the
 * message is refused ({@link WgReason#TABLE_FULL}), as the kernel refuses when its table is full: a flood of
 * fresh sources must not evict live buckets. Time is passed in; nothing is allocated after construction.
 * Not thread-safe; one event loop.
 */
public final class RateLimiter {
    /** Slots probed per source: bounds the work per decision. */
    public static final int PROBES = 8;
    private static final long TOKEN_MAX_MS = WgConstants.RATE_LIMIT_PACKET_COST_MS * WgConstants.HANDSHAKE_BURST;
    private static final int HASH_KEY_LENGTH = 16;

    private final long[] keys;
    private final long[] tokensMs;
    private final long[] lastMs;
    private final boolean[] used;
    private final int mask;
    private final int probes;
    private final Blake2s blake;
    private final byte[] hashKey = new byte[HASH_KEY_LENGTH];
    private final byte[] digest = new byte[8];

    /** @param capacity sources tracked at once (rounded up to a power of two) */
    public RateLimiter(int capacity, WgRandom random) {
        this(capacity, random, new Blake2s());
    }

    /** With the device's shared BLAKE2s engine (keyed per call; one event loop). */
    public RateLimiter(int capacity, WgRandom random, Blake2s blake) {
        this.blake = blake;
        if (capacity < 1 || capacity > (1 << 20)) {
            throw new IllegalArgumentException("capacity");
        }
        int cap = 1;
        while (cap < capacity) {
            cap <<= 1;
        }
        keys = new long[cap];
        tokensMs = new long[cap];
        lastMs = new long[cap];
        used = new boolean[cap];
        mask = cap - 1;
        probes = Math.min(PROBES, cap);
        random.nextBytes(hashKey, 0, HASH_KEY_LENGTH);
    }

    /**
     * Takes one token for {@code source[off..off+len)} at monotonic time {@code nowMs}.
     *
     * @return {@link WgReason#OK} to go on with the handshake, {@link WgReason#RATE_LIMITED} or
     *         {@link WgReason#TABLE_FULL} to drop it
     */
    @HotPath
    public int allow(byte[] source, int off, int len, long nowMs) {
        blake.mac(hashKey, 0, HASH_KEY_LENGTH, source, off, len, digest, 0, 8);
        long key = Bytes.getLongLE(digest, 0);
        int home = (int) (key >>> 40) & mask;
        for (int i = 0; i < probes; i++) {
            int s = (home + i) & mask;
            if (used[s] && keys[s] == key) {
                return take(s, nowMs);
            }
        }
        for (int i = 0; i < probes; i++) {
            int s = (home + i) & mask;
            if (!used[s] || nowMs - lastMs[s] >= WgConstants.RATE_LIMIT_ENTRY_TTL_MS) {
                used[s] = true;
                keys[s] = key;
                lastMs[s] = nowMs;
                // A new source starts with a full bucket and pays for this message (kernel: TOKEN_MAX - cost).
                tokensMs[s] = TOKEN_MAX_MS - WgConstants.RATE_LIMIT_PACKET_COST_MS;
                return WgReason.OK;
            }
        }
        return WgReason.TABLE_FULL;
    }

    /** Forgets every source (e.g. after the clock jumped). */
    public void clear() {
        for (int i = 0; i <= mask; i++) {
            used[i] = false;
            keys[i] = 0;
        }
    }

    @HotPath
    private int take(int s, long nowMs) {
        long elapsed = nowMs - lastMs[s];
        if (elapsed < 0) {
            // A clock stepping backwards must not mint tokens (nor take them away).
            elapsed = 0;
        }
        long tokens = Math.min(TOKEN_MAX_MS, tokensMs[s] + elapsed);
        lastMs[s] = nowMs;
        if (tokens >= WgConstants.RATE_LIMIT_PACKET_COST_MS) {
            tokensMs[s] = tokens - WgConstants.RATE_LIMIT_PACKET_COST_MS;
            return WgReason.OK;
        }
        tokensMs[s] = tokens;
        return WgReason.RATE_LIMITED;
    }
}
