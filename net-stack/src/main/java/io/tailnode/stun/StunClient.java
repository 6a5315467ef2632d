package io.tailnode.stun;

import io.tailnode.lang.HotPath;
import io.tailnode.wg.WgRandom;

/**
 * Keeps the device's public UDP endpoint known (tailscale-protocol.md §4.2 "endpoint freshness 27 s", §4.5),
 * sans-I/O: {@link #poll} hands out a binding request when one is due (the driver sends it from the WireGuard/disco
 * UDP socket to the home region's STUN node), {@link #receive} takes datagrams that look like STUN.
 * <ul>
 * <li>A round sends up to {@link #MAX_TRIES} requests with one transaction ID, 500 ms after the first and then
 * doubling (500, 1000, 2000 ms), and gives up 4 s after the last.</li>
 * <li>A fresh round starts {@link #REFRESH_MS} after the last answer (before the 27 s freshness runs out), or
 * after a failed round, or at once on {@link #restart} (boot, underlay address change: rebind, re-STUN), which
 * also forgets the old endpoint.</li>
 * <li>{@link #receive} accepts only an answer to the current round's transaction; {@link #changed} says whether
 * the endpoint differs from the previous one (the driver then sends a lite update with the new endpoints).</li>
 * </ul>
 * No allocation after construction; not thread-safe.
 */
public final class StunClient {
    public static final long FRESH_MS = 27000;
    public static final long REFRESH_MS = 20000;
    public static final long FIRST_RETRY_MS = 500;
    public static final long GIVE_UP_MS = 4000;
    public static final int MAX_TRIES = 4;

    private final WgRandom random;
    private final StunResponse response = new StunResponse();
    private final byte[] txId = new byte[StunWire.TXID];
    private final byte[] endpoint = new byte[19];
    private final byte[] candidate = new byte[19];
    private int endpointLength;
    private boolean waiting;
    private int tries;
    private long nextSend;
    private long roundDeadline;
    private long lastAnswer = Long.MIN_VALUE / 2;
    private boolean changed;
    private long rounds;
    private long failedRounds;

    public StunClient(WgRandom random) {
        if (random == null) {
            throw new IllegalArgumentException("random");
        }
        this.random = random;
    }

    /**
     * Starts a new round now (boot, or the underlay address changed). The old endpoint is forgotten at once: after
     * a rebind it is a mapping of the old socket, and an update sent before the answer must not advertise it. The
     * answer then counts as {@link #changed}.
     */
    @HotPath
    public void restart(long nowMs) {
        waiting = false;
        nextSend = nowMs;
        endpointLength = 0;
        lastAnswer = Long.MIN_VALUE / 2;
        changed = false;
    }

    /** True while a round's requests are out and neither answered nor given up. */
    public boolean roundRunning() {
        return waiting;
    }

    /**
     * Writes a binding request into out[off..) if one is due at {@code nowMs}; returns its length, or 0 when
     * nothing is due, or OUT_TOO_SMALL.
     */
    @HotPath
    public int poll(long nowMs, byte[] out, int off, int cap) {
        if (waiting && nowMs >= roundDeadline) {
            waiting = false;
            failedRounds++;
            nextSend = nowMs;
        }
        if (nowMs < nextSend) {
            return 0;
        }
        if (!waiting) {
            random.nextBytes(txId, 0, StunWire.TXID);
            waiting = true;
            tries = 0;
            rounds++;
        }
        if (tries >= MAX_TRIES) {
            nextSend = roundDeadline;
            return 0;
        }
        int n = StunRequest.write(txId, 0, out, off, cap);
        if (n < 0) {
            return n;
        }
        long gap = FIRST_RETRY_MS << tries;
        tries++;
        if (tries == MAX_TRIES) {
            roundDeadline = nowMs + GIVE_UP_MS;
            nextSend = roundDeadline;
        } else {
            nextSend = nowMs + gap;
            roundDeadline = Long.MAX_VALUE;
        }
        return n;
    }

    /**
     * A datagram that {@link StunWire#looksLikeStun}. OK when it answers the current round (endpoint updated,
     * next round in {@link #REFRESH_MS}); else the parser's reason (TXID_MISMATCH for a stale or foreign one).
     */
    @HotPath
    public int receive(byte[] msg, int off, int len, long nowMs) {
        if (!waiting) {
            return StunReason.TXID_MISMATCH;
        }
        int r = response.parse(msg, off, len, txId, 0);
        if (r != StunReason.OK) {
            return r;
        }
        int n = response.writeEndpoint(candidate, 0);
        changed = n != endpointLength;
        for (int i = 0; i < n && !changed; i++) {
            changed = candidate[i] != endpoint[i];
        }
        System.arraycopy(candidate, 0, endpoint, 0, n);
        endpointLength = n;
        waiting = false;
        lastAnswer = nowMs;
        nextSend = nowMs + REFRESH_MS;
        return StunReason.OK;
    }

    /** True if the last answer was new (first endpoint, or different from the one before). */
    public boolean changed() {
        return changed;
    }

    /** True while the last answer is younger than {@link #FRESH_MS}. */
    public boolean fresh(long nowMs) {
        return endpointLength > 0 && nowMs - lastAnswer < FRESH_MS;
    }

    /** The public endpoint in source form (7 or 19 bytes) if {@link #fresh}; 0 otherwise. */
    public int endpoint(long nowMs, byte[] out, int off) {
        if (!fresh(nowMs)) {
            return 0;
        }
        System.arraycopy(endpoint, 0, out, off, endpointLength);
        return endpointLength;
    }

    /** When {@link #poll} next has something to do. */
    public long nextDeadline() {
        return nextSend;
    }

    public long rounds() {
        return rounds;
    }

    public long failedRounds() {
        return failedRounds;
    }
}
