package io.tailnode.wg;

import io.tailnode.lang.HotPath;

/**
 * Sliding anti-replay window for transport counters: RFC 6479 ("IPsec Anti-Replay Algorithm without Bit
 * Shifting"), as the Linux kernel and wireguard-go use it (shared wireguard.md §4). Read RFC 6479 §2-§3 first.
 * <p>
 * The window is a ring of 64-bit words indexed by {@code counter / 64}: {@code usable / 64 + 1} words for a
 * window of {@code usable} counters ({@link #WINDOW_SIZE} = 2048 by default, from
 * {@code WgConstants.REPLAY_WINDOW_BITS}; boards may choose 1024, boringtun's size, shared wireguard.md §4).
 * Moving forward only clears the words skipped over, never shifts. One word is the one being refilled as the
 * window advances, so (words - 1) * 64 counters behind the newest one are always checkable; older ones are
 * rejected.
 * <p>
 * Two steps, as boringtun's session does: {@link #willAccept} before decryption (cheap rejection of obvious
 * replays, no state change), {@link #markReceived} only after the AEAD tag verified. Updating the window from an
 * unauthenticated packet would let anyone who can inject a datagram burn counters or slide the window forward
 * (shared wireguard.md §4 "counters are validated after authentication").
 * <p>
 * Counters are unsigned 64-bit values held in {@code long}; differences are kept in {@code long} (the
 * wireguard-lwip family truncated them to 32 bits, shared wireguard.md §5 item 3). Counters at or above
 * REJECT_AFTER_MESSAGES are never accepted (whitepaper §6.2). Not thread-safe; one instance per session.
 */
public final class ReplayWindow {
    private static final int WORD_BITS = 64;
    private static final int WORD_SHIFT = 6;
    private static final int WORD_MASK = WORD_BITS - 1;
    /** Default: how far behind the newest counter a counter may be and still be accepted (once). */
    public static final long WINDOW_SIZE = (long) (WgConstants.REPLAY_WINDOW_BITS / WORD_BITS - 1) * WORD_BITS;
    /** Smallest and largest usable window a device may configure (RFC 6479 needs at least one word). */
    public static final int MIN_USABLE = WORD_BITS;
    public static final int MAX_USABLE = 8128;

    private final long[] ring;
    private final int words;
    /** Usable window of this instance (a multiple of 64). */
    private final long windowSize;
    /** Greatest counter marked so far (unsigned); meaningless while {@link #empty}. */
    private long last;
    private boolean empty = true;

    public ReplayWindow() {
        this((int) WINDOW_SIZE);
    }

    /**
     * A window accepting counters up to {@code usable} behind the newest: a multiple of 64 in
     * [{@link #MIN_USABLE}, {@link #MAX_USABLE}] ({@code usable / 8 + 8} bytes of ring).
     */
    public ReplayWindow(int usable) {
        if (usable < MIN_USABLE || usable > MAX_USABLE || usable % WORD_BITS != 0) {
            throw new IllegalArgumentException("replay window");
        }
        words = usable / WORD_BITS + 1;
        windowSize = usable;
        ring = new long[words];
    }

    /** Counters behind the newest one that are still accepted once. */
    public long windowSize() {
        return windowSize;
    }

    /** Forgets every counter (new keypair in this slot). */
    public void reset() {
        for (int i = 0; i < words; i++) {
            ring[i] = 0L;
        }
        last = 0L;
        empty = true;
    }

    /**
     * Whether {@code counter} would be accepted now: below REJECT_AFTER_MESSAGES, not older than the window,
     * not seen. Changes nothing; consult it before spending the AEAD on a packet.
     */
    @HotPath
    public boolean willAccept(long counter) {
        return rejectReason(counter) == 0;
    }

    /**
     * {@link #willAccept} with the reason: 0 if acceptable, else {@link SessionReason#REJECT_AFTER_MESSAGES},
     * {@link SessionReason#COUNTER_TOO_OLD} or {@link SessionReason#REPLAYED}. Changes nothing.
     */
    @HotPath
    public int rejectReason(long counter) {
        if (!UnsignedCounters.lessThan(counter, WgConstants.REJECT_AFTER_MESSAGES)) {
            return SessionReason.REJECT_AFTER_MESSAGES;
        }
        if (empty || UnsignedCounters.lessThan(last, counter)) {
            return 0;
        }
        long behind = last - counter;
        if (UnsignedCounters.lessThan(windowSize, behind)) {
            return SessionReason.COUNTER_TOO_OLD;
        }
        return (ring[wordIndex(counter)] & bit(counter)) == 0L ? 0 : SessionReason.REPLAYED;
    }

    /**
     * Records {@code counter} as received; call only after the packet authenticated. Returns false (and changes
     * nothing) when the counter is not acceptable, so a duplicate racing past {@link #willAccept} is still caught.
     */
    @HotPath
    public boolean markReceived(long counter) {
        if (!willAccept(counter)) {
            return false;
        }
        if (empty || UnsignedCounters.lessThan(last, counter)) {
            advanceTo(counter);
        }
        ring[wordIndex(counter)] |= bit(counter);
        return true;
    }

    /** Greatest counter received so far, or -1 (all ones) if none; for diagnostics and tests. */
    public long greatestReceived() {
        return empty ? -1L : last;
    }

    /** Clears the words between the old newest word and the new one (at most the whole ring). */
    @HotPath
    private void advanceTo(long counter) {
        long newWord = counter >>> WORD_SHIFT;
        if (empty) {
            empty = false;
            last = counter;
            return;
        }
        long oldWord = last >>> WORD_SHIFT;
        long skipped = newWord - oldWord;
        if (skipped > words) {
            skipped = words;
        }
        for (long w = 1; w <= skipped; w++) {
            ring[(int) ((oldWord + w) % words)] = 0L;
        }
        last = counter;
    }

    @HotPath
    private int wordIndex(long counter) {
        return (int) ((counter >>> WORD_SHIFT) % words);
    }

    @HotPath
    private static long bit(long counter) {
        return 1L << ((int) counter & WORD_MASK);
    }
}
