package io.tailnode.disco;

import io.tailnode.lang.HotPath;
import io.tailnode.wg.WgRandom;

/**
 * Direct-path selection for one peer (tailscale-protocol.md §4.2–§4.3, a paraphrase of Go's magicsock endpoint),
 * sans-I/O: time comes in as milliseconds, pings and CallMeMaybe go out through {@link DiscoActions}, and
 * {@link #sendPath} tells the data path where WireGuard packets go.
 * <ul>
 * <li>Candidates: the peer's netmap endpoints and those learned from its CallMeMaybe ({@link #addCandidate}),
 * in source form (7 or 19 bytes), at most {@code capacity}.</li>
 * <li>While the session is active (data within 45 s, {@link #noteActivity}) and no path is trusted, every candidate
 * not pinged within 5 s is pinged and a CallMeMaybe goes out over DERP (also at most every 5 s). With a trusted
 * path, only the best is pinged, every 3 s (heartbeat). Every 60 s a full re-probe runs unless the best path is
 * already under 5 ms. Unanswered pings are forgotten after 5 s.</li>
 * <li>A pong with a pending TxID gives that candidate's latency; it becomes best if there is none or it is
 * better (percentage latency gain plus bonuses: loopback +50, link-local +30, private IPv4 / ULA +20, other IPv6
 * +10; gains of 1 point or less ignored), and a pong for the best extends trust to 6.5 s.</li>
 * <li>{@link #sendPath}: DIRECT while trusted; once trust lapses, DERP_AND_UDP (DERP plus the stale best) if a best
 * exists, else DERP.</li>
 * </ul>
 * Not thread-safe; no allocation after construction.
 */
public final class PathSelector {
    public static final long PING_TIMEOUT_MS = 5000;
    public static final long PING_INTERVAL_MS = 5000;
    public static final long HEARTBEAT_MS = 3000;
    public static final long TRUST_MS = 6500;
    public static final long SESSION_ACTIVE_MS = 45000;
    public static final long UPGRADE_INTERVAL_MS = 60000;
    public static final long GOOD_ENOUGH_LATENCY_MS = 5;

    public static final int PATH_DERP = 0;
    public static final int PATH_DIRECT = 1;
    public static final int PATH_DERP_AND_UDP = 2;

    private static final long NEVER = Long.MIN_VALUE / 2;

    private final WgRandom random;
    private final int capacity;
    private final byte[] addrs;
    private final int[] addrLens;
    private final long[] lastPingAt;
    private final byte[] pendingTx;
    private final boolean[] pending;
    private final long[] pendingAt;
    private final long[] latency;
    private int count;
    private int best = -1;
    private long trustUntil = NEVER;
    private long lastActivity = NEVER;
    private long lastFullProbe = NEVER;
    private long lastCallMeMaybe = NEVER;

    public PathSelector(WgRandom random, int capacity) {
        if (random == null || capacity < 1) {
            throw new IllegalArgumentException("bad argument");
        }
        this.random = random;
        this.capacity = capacity;
        addrs = new byte[capacity * 19];
        addrLens = new int[capacity];
        lastPingAt = new long[capacity];
        pendingTx = new byte[capacity * DiscoWire.TXID];
        pending = new boolean[capacity];
        pendingAt = new long[capacity];
        latency = new long[capacity];
    }

    /** Forgets everything (peer removed, or its endpoints replaced by a new netmap). */
    public void reset() {
        count = 0;
        best = -1;
        trustUntil = NEVER;
        lastActivity = NEVER;
        lastFullProbe = NEVER;
        lastCallMeMaybe = NEVER;
    }

    /** Adds a candidate (source form: 0x04|a4|port or 0x06|a16|port); its index, or FULL / OUT_TOO_SMALL. */
    @HotPath
    public int addCandidate(byte[] src, int off) {
        int len = src[off] == 4 ? 7 : src[off] == 6 ? 19 : -1;
        if (len < 0) {
            return DiscoReason.OUT_TOO_SMALL;
        }
        for (int i = 0; i < count; i++) {
            if (sameAddr(i, src, off, len)) {
                return i;
            }
        }
        if (count == capacity) {
            return DiscoReason.FULL;
        }
        int i = count++;
        System.arraycopy(src, off, addrs, i * 19, len);
        addrLens[i] = len;
        lastPingAt[i] = NEVER;
        pending[i] = false;
        latency[i] = -1;
        return i;
    }

    /** Data was sent to or received from the peer: keeps discovery and heartbeats running for 45 s. */
    @HotPath
    public void noteActivity(long nowMs) {
        lastActivity = nowMs;
    }

    private boolean active(long nowMs) {
        return nowMs - lastActivity < SESSION_ACTIVE_MS;
    }

    private boolean trusted(long nowMs) {
        return best >= 0 && nowMs < trustUntil;
    }

    /** Runs the timers: expires pings and asks for the pings / CallMeMaybe now due. */
    @HotPath
    public void poll(long nowMs, DiscoActions actions) {
        for (int i = 0; i < count; i++) {
            if (pending[i] && nowMs - pendingAt[i] >= PING_TIMEOUT_MS) {
                pending[i] = false;
            }
        }
        if (!active(nowMs)) {
            return;
        }
        boolean upgrade = nowMs - lastFullProbe >= UPGRADE_INTERVAL_MS && best >= 0
                && latency[best] > GOOD_ENOUGH_LATENCY_MS;
        if (!trusted(nowMs) || upgrade) {
            lastFullProbe = nowMs;
            for (int i = 0; i < count; i++) {
                if (nowMs - lastPingAt[i] >= PING_INTERVAL_MS) {
                    ping(i, nowMs, actions);
                }
            }
            if (nowMs - lastCallMeMaybe >= PING_INTERVAL_MS) {
                lastCallMeMaybe = nowMs;
                actions.sendCallMeMaybe();
            }
        } else if (nowMs - lastPingAt[best] >= HEARTBEAT_MS) {
            ping(best, nowMs, actions);
        }
    }

    @HotPath
    private void ping(int i, long nowMs, DiscoActions actions) {
        random.nextBytes(pendingTx, i * DiscoWire.TXID, DiscoWire.TXID);
        pending[i] = true;
        pendingAt[i] = nowMs;
        lastPingAt[i] = nowMs;
        actions.sendPing(i, addrs, i * 19, addrLens[i], pendingTx, i * DiscoWire.TXID);
    }

    /**
     * A pong arrived with txId[off..+12): returns the candidate it answers (latency recorded, best and trust
     * updated), or -1 if no pending ping has that TxID (late, duplicate or forged).
     */
    @HotPath
    public int onPong(byte[] txId, int off, long nowMs) {
        for (int i = 0; i < count; i++) {
            if (pending[i] && sameTx(i, txId, off)) {
                pending[i] = false;
                latency[i] = nowMs - pendingAt[i];
                if (best < 0 || best == i || better(i, best)) {
                    best = i;
                    trustUntil = nowMs + TRUST_MS;
                }
                return i;
            }
        }
        return -1;
    }

    /** Where WireGuard packets to this peer go now: PATH_DIRECT, PATH_DERP_AND_UDP or PATH_DERP. */
    @HotPath
    public int sendPath(long nowMs) {
        if (trusted(nowMs)) {
            return PATH_DIRECT;
        }
        return best >= 0 ? PATH_DERP_AND_UDP : PATH_DERP;
    }

    /** The best candidate's index, or -1. */
    public int best() {
        return best;
    }

    /** Copies candidate {@code i}'s address (source form) to out; returns 7 or 19. */
    public int candidate(int i, byte[] out, int off) {
        System.arraycopy(addrs, i * 19, out, off, addrLens[i]);
        return addrLens[i];
    }

    public int candidateCount() {
        return count;
    }

    /** Last measured round trip of candidate {@code i} in ms, -1 if never answered. */
    public long latency(int i) {
        return latency[i];
    }

    public long trustUntil() {
        return trustUntil;
    }

    /** The next time {@link #poll} has work (ping expiry, ping or heartbeat due, trust lapsing); MAX if none. */
    public long nextDeadline(long nowMs) {
        long d = Long.MAX_VALUE;
        for (int i = 0; i < count; i++) {
            if (pending[i]) {
                d = Math.min(d, pendingAt[i] + PING_TIMEOUT_MS);
            }
        }
        if (!active(nowMs)) {
            return d;
        }
        if (trusted(nowMs)) {
            d = Math.min(d, Math.min(trustUntil, lastPingAt[best] + HEARTBEAT_MS));
            if (latency[best] > GOOD_ENOUGH_LATENCY_MS) {
                d = Math.min(d, lastFullProbe + UPGRADE_INTERVAL_MS);
            }
        } else {
            for (int i = 0; i < count; i++) {
                d = Math.min(d, lastPingAt[i] + PING_INTERVAL_MS);
            }
            d = Math.min(d, lastCallMeMaybe + PING_INTERVAL_MS);
        }
        return Math.max(d, nowMs);
    }

    /** Scoring of §4.3: true if candidate a beats b by more than one point. */
    @HotPath
    private boolean better(int a, int b) {
        long aPoints = bonus(a);
        long bPoints = bonus(b);
        long la = latency[a];
        long lb = latency[b];
        if (la >= 0 && lb >= 0) {
            if (la < lb) {
                aPoints += (lb - la) * 100 / Math.max(1, lb);
            } else if (la > lb) {
                bPoints += (la - lb) * 100 / Math.max(1, la);
            }
        }
        return aPoints > bPoints + 1;
    }

    /** Address-kind bonus: loopback 50, link-local 30, private IPv4 / ULA 20, other IPv6 10. */
    @HotPath
    private int bonus(int i) {
        int o = i * 19 + 1;
        if (addrLens[i] == 7) {
            int a = addrs[o] & 0xFF;
            int b = addrs[o + 1] & 0xFF;
            if (a == 127) {
                return 50;
            }
            if (a == 169 && b == 254) {
                return 30;
            }
            if (a == 10 || (a == 172 && (b & 0xF0) == 16) || (a == 192 && b == 168)) {
                return 20;
            }
            return 0;
        }
        boolean loopback = addrs[o + 15] == 1;
        for (int k = 0; k < 15; k++) {
            loopback &= addrs[o + k] == 0;
        }
        if (loopback) {
            return 50;
        }
        int a = addrs[o] & 0xFF;
        if (a == 0xFE && (addrs[o + 1] & 0xC0) == 0x80) {
            return 30;
        }
        if ((a & 0xFE) == 0xFC) {
            return 20;
        }
        return 10;
    }

    private boolean sameAddr(int i, byte[] src, int off, int len) {
        if (addrLens[i] != len) {
            return false;
        }
        for (int k = 0; k < len; k++) {
            if (addrs[i * 19 + k] != src[off + k]) {
                return false;
            }
        }
        return true;
    }

    private boolean sameTx(int i, byte[] tx, int off) {
        for (int k = 0; k < DiscoWire.TXID; k++) {
            if (pendingTx[i * DiscoWire.TXID + k] != tx[off + k]) {
                return false;
            }
        }
        return true;
    }
}
