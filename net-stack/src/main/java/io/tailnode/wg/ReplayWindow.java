package io.tailnode.wg;

import io.tailnode.lang.HotPath;

/**
 * Sliding anti-replay window for transport counters: RFC 6479 ("IPsec Anti-Replay Algorithm without Bit
 * Shifting"), as the Linux kernel and wireguard-go use it (shared wireguard.md §4). Read RFC 6479 §2-§3 first.
 * <p>
 * The window is a ring of {@code WgConstants.REPLAY_WINDOW_BITS / 64} 64-bit words indexed by
 * {@code counter / 64}. Moving forward only clears the words skipped over, never shifts. One word is the one
 * being refilled as the window advances, so {@link #WINDOW_SIZE} = (words - 1) * 64 counters behind the newest
 * one are always checkable (2048 with the shipped constant); older ones are rejected.
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
    private static final int WORDS = WgConstants.REPLAY_WINDOW_BITS / WORD_BITS;
    /** How far behind the newest counter a counter may be and still be accepted (once). */
    public static final long WINDOW_SIZE = (long) (WORDS - 1) * WORD_BITS;

    private final long[] ring = new long[WORDS];
    /** Greatest counter marked so far (unsigned); meaningless while {@link #empty}. */
    private long last;
    private boolean empty = true;

    public ReplayWindow() {
    }

    /** Forgets every counter (new keypair in this slot). */
    public void reset() {
        for (int i = 0; i < WORDS; i++) {
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
        if (UnsignedCounters.lessThan(WINDOW_SIZE, behind)) {
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
        if (skipped > WORDS) {
            skipped = WORDS;
        }
        for (long w = 1; w <= skipped; w++) {
            ring[(int) ((oldWord + w) % WORDS)] = 0L;
        }
        last = counter;
    }

    @HotPath
    private static int wordIndex(long counter) {
        return (int) ((counter >>> WORD_SHIFT) % WORDS);
    }

    @HotPath
    private static long bit(long counter) {
        return 1L << ((int) counter & WORD_MASK);
    }
}
