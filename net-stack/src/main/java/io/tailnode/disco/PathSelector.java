package io.tailnode.disco;

import io.tailnode.lang.HotPath;
import io.tailnode.wg.WgRandom;

/**
 * Direct-path selection for one peer (tailscale-protocol.md §4.2–§4.3, a paraphrase of Go's magicsock endpoint),
 * sans-I/O: time comes in as milliseconds, pings and CallMeMaybe go out through {@link DiscoActions}, and
 * {@link #sendPath} tells the data path where WireGuard packets go.
 * <ul>
 * <li>Candidates, in source form (7 or 19 bytes), at most {@code capacity}, each remembering where it came from:
 * the peer's netmap endpoints ({@link #beginNetmapEndpoints} … {@link #endNetmapEndpoints}), its last CallMeMaybe
 * ({@link #beginCallMeMaybe} … {@link #endCallMeMaybe}) and the sources of its pings ({@link #onPing}).</li>
 * <li>Following the peer when it moves (Go's updateFromNode / handleCallMeMaybe / handlePingLocked): a candidate
 * is dropped when the netmap stops listing it (unless its last CallMeMaybe still does, or it is a ping source
 * heard within 45 s), and when a new CallMeMaybe no longer lists it after the previous one did; dropping the best
 * ends its trust at once, so packets go via DERP and the remaining candidates are probed on the next poll
 * instead of after the 6.5 s trust lapses. A CallMeMaybe pings every candidate now. A ping from an unknown
 * source adds it (kept 45 s after its last ping); a ping repeating the previous TxID from the same source is a
 * DUPLICATE.</li>
 * <li>While the session is active (data within 45 s, {@link #noteActivity}) and no path is trusted, every candidate
 * not pinged within 5 s is pinged and a CallMeMaybe goes out over DERP (also at most every 5 s). With a trusted
 * path, only the best is pinged, every 3 s (heartbeat). Every 60 s a full re-probe runs unless the best path is
 * already under 5 ms. Unanswered pings are forgotten after 5 s.</li>
 * <li>A pong with a pending TxID gives that candidate's latency; it becomes best if there is none or it is
 * better (percentage latency gain plus bonuses: loopback +50, link-local +30, private IPv4 / ULA +20, other IPv6
 * +10; gains of 1 point or less ignored), and a pong for the best extends trust to 6.5 s.</li>
 * <li>{@link #sendPath}: DIRECT while trusted; once trust lapses, DERP_AND_UDP (DERP plus the stale best) if a best
 * exists, else DERP.</li>
 * <li>{@link #noteConnectivityChange}: our own underlay changed (rebind): forget the best and all probe results,
 * keep the candidates, and probe again at once (Go's Rebind → resetEndpointStates).</li>
 * </ul>
 * Candidate indices are stable until a candidate is dropped (the last one then takes its index). Not thread-safe;
 * no allocation after construction.
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

    /** Origin bits of a candidate. */
    private static final int FROM_NETMAP = 1;
    private static final int FROM_CALL_ME_MAYBE = 2;
    private static final int FROM_PING = 4;
    /** Listed by the previous CallMeMaybe, not (yet) by the one being read. */
    private static final int CALL_ME_MAYBE_OLD = 8;

    private final WgRandom random;
    private final int capacity;
    private final byte[] addrs;
    private final int[] addrLens;
    private final long[] lastPingAt;
    private final byte[] pendingTx;
    private final boolean[] pending;
    private final long[] pendingAt;
    private final long[] latency;
    private final int[] origin;
    private final long[] lastGotPing;
    private final byte[] gotPingTx;
    private final boolean[] hasGotPingTx;
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
        origin = new int[capacity];
        lastGotPing = new long[capacity];
        gotPingTx = new byte[capacity * DiscoWire.TXID];
        hasGotPingTx = new boolean[capacity];
    }

    /** Forgets everything (peer removed, or its disco key changed). */
    public void reset() {
        count = 0;
        best = -1;
        trustUntil = NEVER;
        lastActivity = NEVER;
        lastFullProbe = NEVER;
        lastCallMeMaybe = NEVER;
    }

    /** Our underlay address changed: no best, no trust, no probe results; candidates kept, probed at the next poll. */
    public void noteConnectivityChange() {
        best = -1;
        trustUntil = NEVER;
        lastFullProbe = NEVER;
        lastCallMeMaybe = NEVER;
        for (int i = 0; i < count; i++) {
            lastPingAt[i] = NEVER;
            pending[i] = false;
            latency[i] = -1;
            hasGotPingTx[i] = false;
        }
    }

    /** Starts reading the peer's netmap endpoints (one {@link #netmapEndpoint} each, then the end call). */
    public void beginNetmapEndpoints() {
        for (int i = 0; i < count; i++) {
            origin[i] &= ~FROM_NETMAP;
        }
    }

    /** One of the peer's netmap endpoints (source form): its index, or FULL / OUT_TOO_SMALL. */
    @HotPath
    public int netmapEndpoint(byte[] src, int off, long nowMs) {
        int i = findOrAdd(src, off, nowMs);
        if (i >= 0) {
            origin[i] |= FROM_NETMAP;
        }
        return i;
    }

    /**
     * Ends the netmap endpoints: drops the candidates the netmap no longer lists, unless the last CallMeMaybe
     * lists them or they pinged us within 45 s. Returns true if the best was among them (no best now: DERP, and
     * the next poll probes the rest).
     */
    @HotPath
    public boolean endNetmapEndpoints(long nowMs) {
        boolean droppedBest = false;
        for (int i = count - 1; i >= 0; i--) {
            if (!wanted(i, nowMs)) {
                droppedBest |= drop(i);
            }
        }
        return droppedBest;
    }

    /** Starts reading a CallMeMaybe from the peer (one {@link #callMeMaybeEndpoint} each, then the end call). */
    public void beginCallMeMaybe() {
        for (int i = 0; i < count; i++) {
            if ((origin[i] & FROM_CALL_ME_MAYBE) != 0) {
                origin[i] = (origin[i] & ~FROM_CALL_ME_MAYBE) | CALL_ME_MAYBE_OLD;
            }
        }
    }

    /**
     * One endpoint of the CallMeMaybe (source form): its index, or FULL / OUT_TOO_SMALL; -1 for an IPv6
     * link-local address, which is skipped (it would need the interface to ping on).
     */
    @HotPath
    public int callMeMaybeEndpoint(byte[] src, int off, long nowMs) {
        if (src[off] == 6 && (src[off + 1] & 0xFF) == 0xFE && (src[off + 2] & 0xC0) == 0x80) {
            return -1;
        }
        int i = findOrAdd(src, off, nowMs);
        if (i >= 0) {
            origin[i] = (origin[i] & ~CALL_ME_MAYBE_OLD) | FROM_CALL_ME_MAYBE;
        }
        return i;
    }

    /**
     * Ends the CallMeMaybe: drops the endpoints the previous one listed and this one does not (the best among
     * them too: DERP until a pong), then pings every candidate now, whatever the 5 s spacing (the peer has just
     * pinged us, so NAT state is open both ways). Returns true if the best was dropped.
     */
    @HotPath
    public boolean endCallMeMaybe(long nowMs, DiscoActions actions) {
        boolean droppedBest = false;
        for (int i = count - 1; i >= 0; i--) {
            if ((origin[i] & CALL_ME_MAYBE_OLD) != 0) {
                droppedBest |= drop(i);
            }
        }
        for (int i = 0; i < count; i++) {
            ping(i, nowMs, actions);
        }
        return droppedBest;
    }

    /**
     * The peer pinged us (authenticated by its disco key) from {@code src} with txId[txOff..+12): the source is a
     * candidate (added if new, kept 45 s after its last ping). Returns its index, DUPLICATE if its previous ping
     * had the same TxID (do not answer), or FULL / OUT_TOO_SMALL (answer anyway).
     */
    @HotPath
    public int onPing(byte[] src, int off, byte[] txId, int txOff, long nowMs) {
        int i = indexOf(src, off);
        if (i < 0) {
            i = findOrAdd(src, off, nowMs);
            if (i < 0) {
                return i;
            }
            origin[i] = FROM_PING;
        } else if (hasGotPingTx[i] && sameTx(gotPingTx, i, txId, txOff)) {
            return DiscoReason.DUPLICATE;
        }
        if ((origin[i] & FROM_PING) != 0) {
            lastGotPing[i] = nowMs;
        }
        System.arraycopy(txId, txOff, gotPingTx, i * DiscoWire.TXID, DiscoWire.TXID);
        hasGotPingTx[i] = true;
        return i;
    }

    /** Index of the candidate at src (source form), or -1. */
    @HotPath
    public int indexOf(byte[] src, int off) {
        int len = sourceLength(src, off);
        for (int i = 0; len > 0 && i < count; i++) {
            if (sameAddr(i, src, off, len)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Finds or adds src; a new one starts with no origin (the caller sets it). When full, stale ping sources go,
     * then the live ping source heard from longest ago; FULL only if every candidate is the netmap's, the
     * CallMeMaybe's or the best.
     */
    @HotPath
    private int findOrAdd(byte[] src, int off, long nowMs) {
        int len = sourceLength(src, off);
        if (len < 0) {
            return DiscoReason.OUT_TOO_SMALL;
        }
        int i = indexOf(src, off);
        if (i >= 0) {
            return i;
        }
        if (count == capacity) {
            for (int k = count - 1; k >= 0; k--) {
                if (origin[k] == FROM_PING && !wanted(k, nowMs)) {
                    drop(k);
                }
            }
        }
        if (count == capacity) {
            // Still full of live ping sources: the one heard from longest ago gives way (never the best). After
            // the peer moves twice, the newest address is the one worth probing, and the netmap's and the
            // CallMeMaybe's endpoints are the peer's own word.
            int victim = -1;
            for (int k = 0; k < count; k++) {
                if (origin[k] == FROM_PING && k != best
                        && (victim < 0 || lastGotPing[k] < lastGotPing[victim])) {
                    victim = k;
                }
            }
            if (victim < 0) {
                return DiscoReason.FULL;
            }
            drop(victim);
        }
        i = count++;
        System.arraycopy(src, off, addrs, i * 19, len);
        addrLens[i] = len;
        lastPingAt[i] = NEVER;
        pending[i] = false;
        latency[i] = -1;
        origin[i] = 0;
        lastGotPing[i] = NEVER;
        hasGotPingTx[i] = false;
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
            for (int i = count - 1; i >= 0; i--) {
                if (!wanted(i, nowMs)) {
                    drop(i);
                }
            }
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
            if (pending[i] && sameTx(pendingTx, i, txId, off)) {
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

    /** Go's shouldDelete, per origin: listed by the netmap or the last CallMeMaybe, or pinged us within 45 s. */
    private boolean wanted(int i, long nowMs) {
        int o = origin[i];
        return (o & (FROM_NETMAP | FROM_CALL_ME_MAYBE)) != 0
                || ((o & FROM_PING) != 0 && nowMs - lastGotPing[i] <= SESSION_ACTIVE_MS);
    }

    /** Removes candidate i (the last one takes its index); true if it was the best, which leaves no best. */
    @HotPath
    private boolean drop(int i) {
        boolean wasBest = i == best;
        if (wasBest) {
            best = -1;
            trustUntil = NEVER;
        }
        int last = --count;
        if (i != last) {
            System.arraycopy(addrs, last * 19, addrs, i * 19, 19);
            System.arraycopy(pendingTx, last * DiscoWire.TXID, pendingTx, i * DiscoWire.TXID, DiscoWire.TXID);
            System.arraycopy(gotPingTx, last * DiscoWire.TXID, gotPingTx, i * DiscoWire.TXID, DiscoWire.TXID);
            addrLens[i] = addrLens[last];
            lastPingAt[i] = lastPingAt[last];
            pending[i] = pending[last];
            pendingAt[i] = pendingAt[last];
            latency[i] = latency[last];
            origin[i] = origin[last];
            lastGotPing[i] = lastGotPing[last];
            hasGotPingTx[i] = hasGotPingTx[last];
            if (best == last) {
                best = i;
            }
        }
        pending[last] = false;
        return wasBest;
    }

    private static int sourceLength(byte[] src, int off) {
        return src[off] == 4 ? 7 : src[off] == 6 ? 19 : -1;
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

    private static boolean sameTx(byte[] table, int i, byte[] tx, int off) {
        for (int k = 0; k < DiscoWire.TXID; k++) {
            if (table[i * DiscoWire.TXID + k] != tx[off + k]) {
                return false;
            }
        }
        return true;
    }
}
