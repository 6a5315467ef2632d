package io.tailnode.firmware.derp;

import io.tailnode.control.map.NetmapApplier;
import io.tailnode.control.map.PeerTable;
import io.tailnode.derp.DerpRegions;
import io.tailnode.disco.DiscoActions;
import io.tailnode.disco.DiscoKeys;
import io.tailnode.disco.DiscoMessageView;
import io.tailnode.disco.DiscoReason;
import io.tailnode.disco.DiscoResponder;
import io.tailnode.disco.DiscoWire;
import io.tailnode.disco.PathSelector;
import io.tailnode.firmware.hal.DatagramTransport;
import io.tailnode.firmware.loop.DatagramTap;
import io.tailnode.firmware.loop.LoopHook;
import io.tailnode.firmware.loop.SecondaryUdpPath;
import io.tailnode.lang.HotPath;
import io.tailnode.stun.StunClient;
import io.tailnode.stun.StunReason;
import io.tailnode.stun.StunWire;
import io.tailnode.wg.SourceAddress;
import io.tailnode.wg.WgConstants;
import io.tailnode.wg.WgPeerStatus;
import io.tailnode.wg.WireGuardDevice;

/**
 * Direct paths for tailnet peers (issue #7): STUN to learn our public UDP endpoint, disco to find and keep direct
 * paths, and the choice, per WireGuard peer, between its direct endpoint and its DERP endpoint. Runs on the
 * tunnel loop's thread as a {@link LoopHook} and the loop's {@link DatagramTap} (STUN and disco datagrams share
 * WireGuard's socket); disco messages relayed by DERP come in through {@link #onDerpPacket}.
 * <ul>
 * <li>Netmap: per WireGuard slot, the peer's disco key ({@link DiscoKeys}, re-keyed when it changes) and a
 * {@link PathSelector} whose candidates are the peer's netmap endpoints plus those from CallMeMaybe and the
 * sources of pings it sent us. Every applied netmap frame re-reads every peer's endpoints, so a peer that moved
 * (its lite update dropped the old endpoint) loses that candidate — and the best path, if it was it — at once.</li>
 * <li>Activity: a peer whose WireGuard byte counters moved since the last look is "active", which keeps discovery
 * and heartbeats running (the selector stops probing 45 s after the last data).</li>
 * <li>Selectors are a pool ({@code pathSlots}, the board's disco_paths; the host gives one per peer slot): a peer
 * gets one when its disco key arrives if one is free, else when it has traffic, pings us over UDP or sends a
 * CallMeMaybe, taking the one whose peer has been idle longest if that peer has had no traffic for
 * {@link PathSelector#SESSION_ACTIVE_MS} (its selector would have stopped probing anyway). A peer without one
 * stays on DERP, which carries everything (its pings are answered; {@link #pathOf} says PATH_DERP), until a
 * selector idles out; {@link #pathsRefused} counts the times none was free.</li>
 * <li>Pings (UDP or DERP) are answered with {@link DiscoResponder} the way they came (a UDP ping repeating its
 * source's previous TxID is not); pongs feed the selector; CallMeMaybe (with our STUN and local endpoints) goes
 * over DERP, held back while a STUN round is under way without a fresh endpoint (Go sends it only with fresh
 * endpoints) and sent when the round ends. CallMeMaybe is taken only from DERP.</li>
 * <li>Each iteration, per peer: DIRECT → WireGuard's endpoint is the best candidate; otherwise the DERP endpoint
 * (0x44 + node key). Re-applied when it differs, so a roamed source does not override the selector.
 * PATH_DERP_AND_UDP (a best candidate whose trust lapsed) makes the loop send each packet to DERP and also to that
 * stale candidate ({@link #secondaryUdpEndpoint}, Go's dual send): the direct path and its NAT mappings stay
 * warm, and the next pong makes it trusted again.</li>
 * <li>STUN: {@link StunClient} against the home region's STUN node over the shared socket; {@link #restart} on
 * boot and on an underlay address change (rebind), which also resets every peer's path
 * ({@link PathSelector#noteConnectivityChange}); {@link EndpointsListener} is told when the public endpoint
 * changes, for the lite update.</li>
 * </ul>
 * Nothing allocates after construction. Not thread-safe: the loop thread owns it.
 */
public final class DiscoDriver implements LoopHook, DatagramTap, DiscoActions, SecondaryUdpPath {
    /** Candidates per peer (netmap endpoints, CallMeMaybe, ping sources). */
    public static final int CANDIDATES = 6;

    /** Told when our public (STUN) endpoint changes. */
    public interface EndpointsListener {
        void publicEndpointChanged(long nowMs);
    }

    private final WireGuardDevice wg;
    private final NetmapApplier applier;
    private final DatagramTransport udp;
    private final DerpDriver derp;
    private final DerpRegions regions;
    private final DiscoKeys keys;
    private final DiscoResponder responder;
    private final DiscoMessageView view = new DiscoMessageView();
    private final StunClient stun;
    /** The selector pool; {@link #pathOfSlot} and {@link #slotOfPath} say who holds which. */
    private final PathSelector[] paths;
    /** Per WireGuard slot: index of its selector in {@link #paths}, -1 none (the peer is reached via DERP). */
    private final int[] pathOfSlot;
    /** Per selector: the WireGuard slot holding it (-1 free), and when that peer last had traffic. */
    private final int[] slotOfPath;
    private final long[] pathUsedAt;
    private long pathsRefused;
    /** Per WireGuard slot: disco slot (-1 none), the peer's disco key, last byte counters. */
    private final int[] discoSlot;
    private final int[] wgOfDisco;
    private final byte[] peerDisco;
    private final long[] lastBytes;
    /**
     * Per WireGuard slot, why a CallMeMaybe waits: HELD (a STUN round is out, see stunPending) and/or
     * AWAITS_RELAY (it found no logged-in relay, e.g. re-dialling after our rebind: sent again at the login).
     */
    private final byte[] callMeMaybeWait;
    private static final byte HELD = 1;
    private static final byte AWAITS_RELAY = 2;
    private boolean anyHeld;
    private long heldSince;
    private long heldAtFailures;
    private final WgPeerStatus status = new WgPeerStatus();
    private final byte[] nodePublic = new byte[32];
    private final byte[] key = new byte[32];
    private final byte[] plain = new byte[256];
    private final byte[] pkt = new byte[512];
    private final byte[] src = new byte[WgConstants.SOURCE_MAX_SIZE];
    private final byte[] want = new byte[WgConstants.SOURCE_MAX_SIZE];
    private final byte[] have = new byte[WgConstants.SOURCE_MAX_SIZE];
    private final byte[] stunAddr = new byte[7];
    private final byte[] localEndpoint = new byte[WgConstants.SOURCE_MAX_SIZE];
    private final byte[] eps = new byte[2 * DiscoWire.ENDPOINT];
    private final byte[] addr = new byte[16];
    private int localEndpointLength;
    private EndpointsListener listener;
    private long seenFrames = -1;
    private int pollSlot = -1;
    private long now;

    private long pingsAnswered;
    private long pongs;
    private long callMeMaybes;
    private long stunSent;

    /**
     * @param nodePublic our node public key (= WireGuard static public), sent in pings
     * @param keys       our disco keys (local pair set), capacity >= the device's peer capacity
     * @param pathSlots  path selectors (1 .. peer capacity; more are not used): CoreSizing.discoPaths
     */
    public DiscoDriver(WireGuardDevice wg, NetmapApplier applier, DatagramTransport udp, DerpDriver derp,
            DiscoKeys keys, StunClient stun, byte[] nodePublic, io.tailnode.wg.WgRandom random, int pathSlots) {
        if (wg == null || applier == null || udp == null || derp == null || keys == null || stun == null
                || pathSlots < 1) {
            throw new IllegalArgumentException("disco driver parameters");
        }
        this.wg = wg;
        this.applier = applier;
        this.udp = udp;
        this.derp = derp;
        this.regions = derp.regions();
        this.keys = keys;
        this.stun = stun;
        this.responder = new DiscoResponder(keys);
        System.arraycopy(nodePublic, 0, this.nodePublic, 0, 32);
        int cap = wg.peerCapacity();
        int pool = Math.min(pathSlots, cap);
        paths = new PathSelector[pool];
        slotOfPath = new int[pool];
        pathUsedAt = new long[pool];
        for (int i = 0; i < pool; i++) {
            paths[i] = new PathSelector(random, CANDIDATES);
            slotOfPath[i] = -1;
        }
        pathOfSlot = new int[cap];
        discoSlot = new int[cap];
        wgOfDisco = new int[cap];
        for (int i = 0; i < cap; i++) {
            discoSlot[i] = -1;
            wgOfDisco[i] = -1;
            pathOfSlot[i] = -1;
        }
        peerDisco = new byte[32 * cap];
        lastBytes = new long[cap];
        callMeMaybeWait = new byte[cap];
    }

    public void setEndpointsListener(EndpointsListener l) {
        listener = l;
    }

    /** Our local UDP endpoint (source form), advertised in CallMeMaybe next to the STUN one. */
    public void setLocalEndpoint(byte[] source, int off, int len) {
        System.arraycopy(source, off, localEndpoint, 0, len);
        localEndpointLength = len;
    }

    /**
     * Boot or underlay address change (after the rebind): learn the public endpoint again (the old one is
     * forgotten now), and question every peer's path (probes and a CallMeMaybe go out again).
     */
    public void restart(long nowMs) {
        stun.restart(nowMs);
        for (int i = 0; i < paths.length; i++) {
            paths[i].noteConnectivityChange();
        }
    }

    /** Our public endpoint while fresh (source form), else 0. */
    public int publicEndpoint(long nowMs, byte[] out, int off) {
        return stun.endpoint(nowMs, out, off);
    }

    // ------------------------------------------------------------------ LoopHook

    @HotPath
    public void onIteration(long nowMs) {
        now = nowMs;
        if (applier.framesApplied() != seenFrames) {
            seenFrames = applier.framesApplied();
            syncNetmap();
        }
        pollStun(nowMs);
        if (anyHeld && (!stunPending(nowMs) || stun.failedRounds() != heldAtFailures
                || nowMs - heldSince >= StunClient.GIVE_UP_MS)) {
            releaseCallMeMaybe();
        }
        int cap = pathOfSlot.length;
        for (int s = 0; s < cap; s++) {
            if (discoSlot[s] < 0) {
                continue;
            }
            PathSelector p = selectorOf(s);
            if (wg.peerStatus(s, status)) {
                long b = status.rxBytes + status.txBytes;
                if (b != lastBytes[s]) {
                    lastBytes[s] = b;
                    p = acquire(s, nowMs, true);
                    if (p != null) {
                        p.noteActivity(nowMs);
                    }
                }
            }
            if (p != null) {
                pollSlot = s;
                p.poll(nowMs, this);
                pollSlot = -1;
            }
            applyPath(s, nowMs);
        }
    }

    public long nextDeadline(long nowMs) {
        long d = stun.nextDeadline();
        if (anyHeld && heldSince + StunClient.GIVE_UP_MS < d) {
            d = heldSince + StunClient.GIVE_UP_MS;
        }
        for (int i = 0; i < paths.length; i++) {
            if (slotOfPath[i] >= 0) {
                long t = paths[i].nextDeadline(nowMs);
                if (t < d) {
                    d = t;
                }
            }
        }
        return d;
    }

    // ------------------------------------------------------------------ path choice

    /**
     * Which path WireGuard uses for slot {@code s}: PathSelector.PATH_*; PATH_DERP while the peer holds no
     * selector (the pool is lent to peers with traffic); -1 if the peer has no disco.
     */
    public int pathOf(int s, long nowMs) {
        if (s < 0 || s >= pathOfSlot.length || discoSlot[s] < 0) {
            return -1;
        }
        PathSelector p = selectorOf(s);
        return p == null ? PathSelector.PATH_DERP : p.sendPath(nowMs);
    }

    /**
     * Dual send (loop's {@link SecondaryUdpPath}): while slot {@code s} is PATH_DERP_AND_UDP, its best candidate
     * (the stale direct address) gets every packet DERP gets. 0 otherwise: trusted paths are UDP only (the loop
     * asks only for DERP endpoints), and a peer without a best candidate is DERP only.
     */
    @HotPath
    public int secondaryUdpEndpoint(int s, long nowMs, byte[] out, int off) {
        if (s < 0 || s >= pathOfSlot.length || discoSlot[s] < 0) {
            return 0;
        }
        PathSelector p = selectorOf(s);
        if (p == null || p.sendPath(nowMs) != PathSelector.PATH_DERP_AND_UDP) {
            return 0;
        }
        return p.candidate(p.best(), out, off);
    }

    /** The selector WireGuard slot {@code s} holds, or null (none lent to it: its traffic goes via DERP). */
    public PathSelector selector(int s) {
        return selectorOf(s);
    }

    /** Size of the selector pool (disco_paths, at most the peer capacity). */
    public int pathSlots() {
        return paths.length;
    }

    /** Selector {@code i} of the pool (held by a peer or free). */
    public PathSelector pathSlot(int i) {
        return paths[i];
    }

    /** Times a peer with traffic, a UDP ping or a CallMeMaybe found no selector free (it stayed on DERP). */
    public long pathsRefused() {
        return pathsRefused;
    }

    @HotPath
    private PathSelector selectorOf(int s) {
        int i = pathOfSlot[s];
        return i >= 0 ? paths[i] : null;
    }

    /**
     * The selector of slot {@code s}, lending one if it has none: a free one, else (if {@code evict}) the one
     * whose peer has had no traffic for longest, provided that is at least SESSION_ACTIVE_MS (the selector was
     * idle; its peer goes back to DERP). Marks the peer active now. Null if every selector serves an active peer.
     */
    @HotPath
    private PathSelector acquire(int s, long nowMs, boolean evict) {
        int held = pathOfSlot[s];
        if (held >= 0) {
            pathUsedAt[held] = nowMs;
            return paths[held];
        }
        int pick = -1;
        for (int i = 0; i < paths.length; i++) {
            if (slotOfPath[i] < 0) {
                pick = i;
                break;
            }
            if (evict && nowMs - pathUsedAt[i] >= PathSelector.SESSION_ACTIVE_MS
                    && (pick < 0 || pathUsedAt[i] < pathUsedAt[pick])) {
                pick = i;
            }
        }
        if (pick < 0) {
            if (evict) {
                pathsRefused++;
            }
            return null;
        }
        int old = slotOfPath[pick];
        if (old >= 0) {
            pathOfSlot[old] = -1; // back to DERP at its next applyPath
        }
        slotOfPath[pick] = s;
        pathOfSlot[s] = pick;
        pathUsedAt[pick] = nowMs;
        PathSelector p = paths[pick];
        p.reset();
        PeerTable t = applier.peers();
        for (int i = 0; i < t.capacity(); i++) {
            if (t.inUse(i) && t.wireGuardSlot(i) == s) {
                feedNetmapEndpoints(t, i, p);
                break;
            }
        }
        return p;
    }

    /** Slot {@code s} gives its selector back to the pool. */
    private void release(int s) {
        int i = pathOfSlot[s];
        if (i >= 0) {
            paths[i].reset();
            slotOfPath[i] = -1;
            pathOfSlot[s] = -1;
        }
    }

    @HotPath
    private void applyPath(int s, long nowMs) {
        PathSelector p = selectorOf(s);
        int wantLen;
        if (p != null && p.sendPath(nowMs) == PathSelector.PATH_DIRECT) {
            wantLen = p.candidate(p.best(), want, 0);
        } else if (applier.derpRegionOfSlot(s) != 0 || derp.homeRegion() != 0) {
            if (!wg.peerStatus(s, status)) {
                return;
            }
            wantLen = SourceAddress.derp(want, 0, status.publicKey, 0);
        } else {
            return; // no relay known: leave the netmap's endpoint
        }
        int haveLen = wg.endpoint(s, have, 0);
        boolean same = haveLen == wantLen;
        for (int i = 0; same && i < wantLen; i++) {
            same = have[i] == want[i];
        }
        if (!same && wantLen > 0) {
            wg.setEndpoint(s, want, 0, wantLen);
        }
    }

    /** Netmap applied: disco keys and netmap endpoints per WireGuard slot. */
    private void syncNetmap() {
        PeerTable t = applier.peers();
        int cap = pathOfSlot.length;
        // slots that left the netmap
        for (int s = 0; s < cap; s++) {
            if (discoSlot[s] >= 0 && !wg.isPeer(s)) {
                dropSlot(s);
            }
        }
        for (int i = 0; i < t.capacity(); i++) {
            if (!t.inUse(i)) {
                continue;
            }
            int s = t.wireGuardSlot(i);
            if (s < 0 || s >= cap) {
                continue;
            }
            t.copyDiscoKey(i, key, 0);
            if (isZero(key)) {
                if (discoSlot[s] >= 0) {
                    dropSlot(s);
                }
                continue;
            }
            if (discoSlot[s] < 0 || !sameKey(s, key)) {
                if (discoSlot[s] >= 0) {
                    dropSlot(s);
                }
                int d = keys.add(key, 0);
                if (d < 0 || d >= wgOfDisco.length) {
                    continue;
                }
                discoSlot[s] = d;
                wgOfDisco[d] = s;
                System.arraycopy(key, 0, peerDisco, 32 * s, 32);
                release(s);
                acquire(s, now, false); // a free selector if any; else one is lent when the peer has traffic
                continue; // acquire read its endpoints
            }
            PathSelector p = selectorOf(s);
            if (p != null) {
                feedNetmapEndpoints(t, i, p);
            }
        }
    }

    /** The netmap endpoints of peer-table entry {@code i} become selector {@code p}'s netmap candidates. */
    private void feedNetmapEndpoints(PeerTable t, int i, PathSelector p) {
        int n = t.endpointCount(i);
        p.beginNetmapEndpoints();
        for (int k = 0; k < n; k++) {
            int fam = t.endpointFamily(i, k);
            t.copyEndpoint(i, k, addr, 0);
            if (fam == 4) {
                SourceAddress.ipv4(src, 0, addr, 0, t.endpointPort(i, k));
            } else {
                SourceAddress.ipv6(src, 0, addr, 0, t.endpointPort(i, k));
            }
            p.netmapEndpoint(src, 0, now);
        }
        p.endNetmapEndpoints(now);
    }

    private void dropSlot(int s) {
        int d = discoSlot[s];
        if (d >= 0) {
            keys.remove(d);
            wgOfDisco[d] = -1;
        }
        discoSlot[s] = -1;
        callMeMaybeWait[s] = 0;
        release(s);
    }

    private boolean sameKey(int s, byte[] k) {
        for (int i = 0; i < 32; i++) {
            if (peerDisco[32 * s + i] != k[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isZero(byte[] k) {
        int acc = 0;
        for (int i = 0; i < 32; i++) {
            acc |= k[i];
        }
        return acc == 0;
    }

    // ------------------------------------------------------------------ STUN

    @HotPath
    private void pollStun(long nowMs) {
        int home = derp.homeRegion();
        int i = home == 0 ? -1 : regions.indexOf(home);
        if (i < 0 || !regions.hasStun(i) || !regions.stunIpv4(i, stunAddr, 1)) {
            return;
        }
        int n = stun.poll(nowMs, pkt, 0, pkt.length);
        if (n <= 0) {
            return;
        }
        stunAddr[0] = (byte) WgConstants.SOURCE_KIND_IPV4;
        stunAddr[5] = (byte) (regions.stunPort(i) >>> 8);
        stunAddr[6] = (byte) regions.stunPort(i);
        if (udp.send(pkt, 0, n, stunAddr, 0, 7) >= 0) {
            stunSent++;
        }
    }

    // ------------------------------------------------------------------ inbound

    @HotPath
    public boolean onDatagram(byte[] buf, int off, int len, byte[] from, int fromLen, long nowMs) {
        now = nowMs;
        if (StunWire.looksLikeStun(buf, off, len)) {
            if (stun.receive(buf, off, len, nowMs) == StunReason.OK) {
                if (stun.changed() && listener != null) {
                    listener.publicEndpointChanged(nowMs);
                }
                if (anyHeld) {
                    releaseCallMeMaybe();
                }
            }
            return true;
        }
        if (!DiscoWire.looksLikeDisco(buf, off, len)) {
            return false;
        }
        int n = keys.open(buf, off, len, plain, 0, plain.length);
        if (n < 0) {
            return true;
        }
        int d = keys.openedSlot();
        int s = d >= 0 && d < wgOfDisco.length ? wgOfDisco[d] : -1;
        int type = view.point(plain, 0, n).check();
        if (s < 0) {
            return true;
        }
        if (type == DiscoWire.TYPE_PING) {
            // the sender's source is a path to it: a candidate (how NATs that only let replies through are passed)
            // a peer probing us has a session: lend it a selector if one is free or idle (else answer from DERP's side)
            PathSelector p = acquire(s, nowMs, true);
            if (p != null && p.onPing(from, 0, plain, view.txIdOffset(), nowMs) == DiscoReason.DUPLICATE) {
                return true;
            }
            int m = responder.answerUdp(d, view, from, 0, pkt, 0, pkt.length);
            if (m > 0 && udp.send(pkt, 0, m, from, 0, fromLen) >= 0) {
                pingsAnswered++;
            }
        } else if (type == DiscoWire.TYPE_PONG) {
            PathSelector p = selectorOf(s);
            if (p != null && p.onPong(plain, view.txIdOffset(), nowMs) >= 0) {
                pongs++;
                applyPath(s, nowMs);
            }
        }
        // CallMeMaybe is only valid via DERP (the relay vouches for the sender's node key)
        return true;
    }

    /** A DERP-relayed packet from node key {@code src}: true if it was disco (taken), false for WireGuard. */
    @HotPath
    public boolean onDerpPacket(byte[] srcKey, int keyOff, byte[] buf, int off, int len, int region) {
        if (!DiscoWire.looksLikeDisco(buf, off, len)) {
            return false;
        }
        int n = keys.open(buf, off, len, plain, 0, plain.length);
        if (n < 0) {
            return true;
        }
        int d = keys.openedSlot();
        int s = d >= 0 && d < wgOfDisco.length ? wgOfDisco[d] : -1;
        int type = view.point(plain, 0, n).check();
        if (s < 0) {
            return true;
        }
        if (type == DiscoWire.TYPE_PING) {
            int m = responder.answerDerp(d, view, region, pkt, 0, pkt.length);
            if (m > 0) {
                SourceAddress.derp(src, 0, srcKey, keyOff);
                if (derp.sendRelayed(s, src, 0, pkt, 0, m) >= 0) {
                    pingsAnswered++;
                }
            }
        } else if (type == DiscoWire.TYPE_CALL_ME_MAYBE) {
            addCallMeMaybe(s, now);
        }
        return true;
    }

    /** The peer's endpoints replace those of its previous CallMeMaybe; all candidates are pinged now. */
    @HotPath
    private void addCallMeMaybe(int s, long nowMs) {
        callMeMaybes++;
        PathSelector p = acquire(s, nowMs, true);
        if (p == null) {
            return; // every selector serves an active peer: this one stays on DERP
        }
        p.beginCallMeMaybe();
        int c = view.endpointCount();
        for (int i = 0; i < c; i++) {
            DiscoWire.endpointToSource(plain, view.endpointOffset(i), src, 0);
            p.callMeMaybeEndpoint(src, 0, nowMs);
        }
        // the peer wants to talk: probe now (pings open our NAT toward its endpoints), and keep probing
        p.noteActivity(nowMs);
        pollSlot = s;
        p.endCallMeMaybe(nowMs, this);
        pollSlot = -1;
        applyPath(s, nowMs);
    }

    // ------------------------------------------------------------------ DiscoActions (from PathSelector.poll)

    @HotPath
    public void sendPing(int index, byte[] a, int off, int len, byte[] txId, int txOff) {
        int s = pollSlot;
        if (s < 0) {
            return;
        }
        int n = DiscoWire.writePing(plain, 0, plain.length, txId, txOff, nodePublic, 0, 0);
        n = keys.seal(discoSlot[s], plain, 0, n, pkt, 0, pkt.length);
        if (n > 0) {
            udp.send(pkt, 0, n, a, off, len);
        }
    }

    @HotPath
    public void sendCallMeMaybe() {
        int s = pollSlot;
        if (s < 0) {
            return;
        }
        if (stunPending(now)) {
            callMeMaybeWait[s] |= HELD;
            if (!anyHeld) {
                anyHeld = true;
                heldSince = now;
                heldAtFailures = stun.failedRounds();
            }
            return;
        }
        sendCallMeMaybe(s);
    }

    /**
     * A STUN round is out and we have no fresh public endpoint to advertise yet. A CallMeMaybe waits for its
     * answer; or for it to fail, or 4 s, whichever comes first (then it goes with what we have).
     */
    private boolean stunPending(long nowMs) {
        return stun.roundRunning() && !stun.fresh(nowMs);
    }

    @HotPath
    private void releaseCallMeMaybe() {
        anyHeld = false;
        for (int s = 0; s < callMeMaybeWait.length; s++) {
            if ((callMeMaybeWait[s] & HELD) != 0) {
                callMeMaybeWait[s] &= ~HELD;
                if (discoSlot[s] >= 0) {
                    sendCallMeMaybe(s);
                }
            }
        }
    }

    @HotPath
    private void sendCallMeMaybe(int s) {
        int count = 0;
        int m = stun.endpoint(now, src, 0);
        if (m > 0) {
            DiscoWire.endpointFromSource(src, 0, eps, 0);
            count++;
        }
        if (localEndpointLength > 0 && !(m == localEndpointLength && same(src, localEndpoint, m))) {
            DiscoWire.endpointFromSource(localEndpoint, 0, eps, count * DiscoWire.ENDPOINT);
            count++;
        }
        int n = DiscoWire.writeCallMeMaybe(plain, 0, plain.length, eps, 0, count);
        n = keys.seal(discoSlot[s], plain, 0, n, pkt, 0, pkt.length);
        if (n > 0) {
            if (wg.peerStatus(s, status)) {
                SourceAddress.derp(want, 0, status.publicKey, 0);
                if (derp.sendRelayed(s, want, 0, pkt, 0, n) < 0) {
                    callMeMaybeWait[s] |= AWAITS_RELAY;
                } else {
                    callMeMaybeWait[s] &= ~AWAITS_RELAY;
                }
            }
        }
    }

    /**
     * A DERP connection logged in: CallMeMaybes that found no relay go now. Without this, after our own rebind
     * (DERP re-dialled) the peer would hear of our new endpoints only at the next 5 s probe round and keep
     * trusting our old address until its 6.5 s lapse.
     */
    @HotPath
    public void relayLoggedIn(long nowMs) {
        now = nowMs;
        for (int s = 0; s < callMeMaybeWait.length; s++) {
            if ((callMeMaybeWait[s] & AWAITS_RELAY) != 0) {
                callMeMaybeWait[s] &= ~AWAITS_RELAY;
                if (discoSlot[s] >= 0 && (callMeMaybeWait[s] & HELD) == 0) {
                    sendCallMeMaybe(s);
                }
            }
        }
    }

    private static boolean same(byte[] a, byte[] b, int len) {
        for (int i = 0; i < len; i++) {
            if (a[i] != b[i]) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ counters

    public long pingsAnswered() {
        return pingsAnswered;
    }

    public long pongs() {
        return pongs;
    }

    public long callMeMaybes() {
        return callMeMaybes;
    }

    public long stunRequestsSent() {
        return stunSent;
    }

    public StunClient stun() {
        return stun;
    }
}
