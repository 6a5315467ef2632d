package io.tailnode.wg;

import io.tailnode.crypto.Blake2s;
import io.tailnode.crypto.ChaCha20Poly1305;
import io.tailnode.crypto.X25519Engine;
import io.tailnode.crypto.XChaCha20Poly1305;
import io.tailnode.lang.Bytes;
import io.tailnode.lang.HotPath;
import io.tailnode.wg.wire.MessageCookieReply;
import io.tailnode.wg.wire.MessageInitiation;
import io.tailnode.wg.wire.MessageResponse;
import io.tailnode.wg.wire.MessageTransport;

/**
 * The sans-I/O WireGuard device (whitepaper §5-§6, shared wireguard.md §5-§6; shape after boringtun's Tunn):
 * datagrams, inner packets and {@code nowMs} in, one action per call out through a reused {@link WgResult}.
 * Read {@link Handshake}, {@link PeerSessions} and {@link PeerTimers} first; this class only wires them up.
 * <p>
 * <b>Call protocol.</b> {@link #receive} takes a datagram from the network, {@link #send} an inner packet from
 * the tunnel, {@link #poll} runs timers and flushes held packets. Each returns {@link WgResult#DONE},
 * {@link WgResult#WRITE_TO_NETWORK}, {@link WgResult#WRITE_TO_TUNNEL} or {@link WgResult#DROPPED} (reason in
 * {@code r.reason}, a {@link WgDrop} code, also counted). <b>After every receive or send, and whenever
 * {@link #nextDeadline()} is reached, call {@code poll(nowMs, r)} until it returns DONE</b> (a zero-length
 * {@code receive} is the same as {@code poll}, boringtun style). The output buffer is valid until the next call.
 * <p>
 * Buffers: {@code send} encrypts in place and needs {@link WgConstants#TRANSPORT_HEADER_SIZE} bytes of headroom
 * before {@code off} and tail room for padding to 16 (capped at the MTU) plus the 16-byte tag; {@code receive}
 * decrypts in place and returns the inner packet inside the caller's buffer. Handshake messages and keepalives
 * are built in a device-owned control buffer; held packets are sealed in their slot of the held-packet pool.
 * <p>
 * Order on the transport receive path (wireguard.md §5 items 1, 2): index lookup, replay check, tag, counter
 * marked, inner <b>source</b> in the peer's allowed IPs; only then timers, promotion of the next keypair and
 * roaming (endpoint := source). Bad input changes nothing but the drop counters ({@link #stateDigest()}).
 * <p>
 * Time: {@code nowMs} is monotonic and must start above 0 (0 means "unset" in the timers). Nothing is allocated
 * after construction. Not thread-safe; one event loop.
 */
public final class WireGuardDevice {
    private final int mtu;
    private final boolean holding;
    private final IndexTable indices;
    private final KeypairRotation rotation;
    private final PeerSender sender;
    private final CookieChecker checker;
    private final Handshake handshake;
    private final RateLimiter limiter;
    private final AllowedIps allowedIps;
    private final PeerTable table;
    private final Peer[] peers;
    private final MessageInitiation initiationView = new MessageInitiation();
    private final MessageResponse responseView = new MessageResponse();
    private final MessageCookieReply cookieView = new MessageCookieReply();
    private final MessageTransport transportView = new MessageTransport();
    private final byte[] staticPublic = new byte[WgConstants.KEY_SIZE];
    private final DropCounters drops = new DropCounters();
    private final StateDigest digest;
    private int pollCursor;

    /**
     * @param staticPrivate our static private key at {@code off} (copied)
     * @param clock         TAI64N for initiations; never backwards, also across reboots
     */
    public WireGuardDevice(byte[] staticPrivate, int off, WgDeviceConfig config, X25519Engine x25519,
            WgRandom random, Jitter jitter, Tai64nSource clock) {
        config.validate();
        this.mtu = config.mtu;
        this.holding = config.heldPacketsPerPeer > 0;
        x25519.publicKey(staticPublic, 0, staticPrivate, off);
        // One BLAKE2s and one XChaCha20-Poly1305 for all cookie, rate-limit and digest work: each use keys the
        // engine and completes within one call.
        Blake2s sharedBlake = new Blake2s();
        XChaCha20Poly1305 sharedAead = new XChaCha20Poly1305();
        // One transport engine for every session of every peer, keyed per message (Session class doc).
        ChaCha20Poly1305 transportAead = new ChaCha20Poly1305();
        table = new PeerTable(config.maxPeers, Math.max(1, config.heldPacketsPerPeer), config.heldPacketsShared,
                config.mtu, sharedBlake, sharedAead, transportAead, config.replayWindow, jitter);
        peers = table.peers;
        // Per peer: one handshake index plus current, previous and next keypairs.
        indices = new IndexTable(4 * config.maxPeers, random);
        rotation = new KeypairRotation(indices);
        checker = new CookieChecker(staticPublic, 0, random, config.underLoadThresholdPerSecond, sharedBlake,
                sharedAead);
        handshake = new Handshake(staticPrivate, off, x25519, random, indices, table, checker);
        sender = new PeerSender(handshake, clock, rotation, drops, mtu);
        limiter = new RateLimiter(config.rateLimiterEntries, random, sharedBlake);
        allowedIps = new AllowedIps(config.maxAllowedIps);
        digest = new StateDigest(random, sharedBlake);
    }

    // ------------------------------------------------------------------ configuration

    /**
     * Replaces our static private key (a Tailscale node-key rotation) without a restart: every peer's sessions,
     * held packets and handshake in flight are dropped (they belong to the old identity), its static-static DH is
     * recomputed, its timers restart (the next packet to it starts a handshake under the new key); mac1 checks and
     * cookie replies follow the new public key. Peers, allowed IPs and endpoints stay. Allocates nothing.
     *
     * @return the number of peers kept, or {@link WgReason#ZERO_DH} if a peer's DH became zero (that peer is
     *         removed; cannot happen for clamped keys and peers accepted by {@link #addPeer})
     */
    public int setStaticPrivateKey(byte[] staticPrivate, int off) {
        handshake.setStaticKey(staticPrivate, off);
        handshake.staticPublic(staticPublic, 0);
        checker.setStaticPublic(staticPublic, 0);
        int kept = 0;
        int result = 0;
        for (int slot = 0; slot < peers.length; slot++) {
            Peer p = peers[slot];
            if (!p.inUse) {
                continue;
            }
            sender.wipeKeys(p);
            p.timers.reset();
            p.lastHandshakeMs = 0;
            if (handshake.rekeyPeer(p.handshake) != WgReason.OK) {
                removePeer(slot);
                result = WgReason.ZERO_DH;
                continue;
            }
            kept++;
        }
        return result != 0 ? result : kept;
    }

    /** Copies our static public key to {@code out[off..off+32)}. */
    public void staticPublic(byte[] out, int off) {
        System.arraycopy(staticPublic, 0, out, off, WgConstants.KEY_SIZE);
    }

    /**
     * Adds a peer. {@code psk == null} means no preshared key (all zero).
     *
     * @param persistentKeepaliveSeconds 0 disables, else 1..65535
     * @return the peer slot (>= 0), {@link WgReason#TABLE_FULL}, {@link WgReason#ZERO_DH} (low-order key) or
     *         {@link WgReason#WRONG_STATE} (a peer with this key exists)
     */
    public int addPeer(byte[] publicKey, int off, byte[] psk, int pskOff, int persistentKeepaliveSeconds) {
        if (persistentKeepaliveSeconds < 0 || persistentKeepaliveSeconds > 65535) {
            throw new IllegalArgumentException("persistent keepalive");
        }
        if (table.peerSlotForStaticKey(publicKey, off) >= 0) {
            return WgReason.WRONG_STATE;
        }
        int slot = table.freeSlot();
        if (slot < 0) {
            return WgReason.TABLE_FULL;
        }
        Peer p = peers[slot];
        int r = handshake.configurePeer(p.handshake, slot, publicKey, off, psk, pskOff);
        if (r != WgReason.OK) {
            return r;
        }
        p.resetSlot();
        System.arraycopy(publicKey, off, p.publicKey, 0, WgConstants.KEY_SIZE);
        p.cookies.init(publicKey, off);
        p.timers.setPersistentKeepaliveSeconds(persistentKeepaliveSeconds);
        p.inUse = true;
        return slot;
    }

    /** Removes the peer in {@code slot}: its keys are wiped, its indices and allowed IPs released. */
    public boolean removePeer(int slot) {
        Peer p = table.get(slot);
        if (p == null) {
            return false;
        }
        sender.wipeKeys(p);
        handshake.removePeer(p.handshake);
        p.cookies.forget();
        allowedIps.removePeer(slot);
        p.resetSlot();
        return true;
    }

    /**
     * Routes {@code addr[off..]/prefixLen} ({@code version} 4 or 6) to the peer: outbound destination and
     * allowed inbound source (whitepaper §2).
     *
     * @return 0, {@link SessionReason#TABLE_FULL} or {@link WgReason#UNKNOWN_PEER}
     * @throws IllegalArgumentException on a bad version or prefix length
     */
    public int addAllowedIp(int slot, byte[] addr, int off, int version, int prefixLen) {
        if (table.get(slot) == null) {
            return WgReason.UNKNOWN_PEER;
        }
        return allowedIps.insert(addr, off, prefixLen, version, slot);
    }

    /**
     * Removes every allowed-IP prefix routed to the peer in {@code slot}, keeping the peer and its sessions (a
     * netmap update replaces a peer's prefixes without tearing down its tunnel).
     *
     * @return the number of prefixes removed, or {@link WgReason#UNKNOWN_PEER}
     */
    public int removeAllowedIps(int slot) {
        if (table.get(slot) == null) {
            return WgReason.UNKNOWN_PEER;
        }
        return allowedIps.removePeer(slot);
    }

    /**
     * Sets the configured endpoint ({@link SourceAddress} encoding). Roaming replaces it later when an
     * authenticated packet arrives from elsewhere.
     *
     * @return 0, {@link WgReason#UNKNOWN_PEER} or {@link WgDrop#BAD_SOURCE}
     */
    public int setEndpoint(int slot, byte[] source, int off, int len) {
        Peer p = table.get(slot);
        if (p == null) {
            return WgReason.UNKNOWN_PEER;
        }
        if (len < 1 || len > WgConstants.SOURCE_MAX_SIZE) {
            return WgDrop.BAD_SOURCE;
        }
        p.setEndpoint(source, off, len);
        return 0;
    }

    /** Forces under-load mode (mac2 demanded, cookie replies sent) on, or back to the automatic policy. */
    public void setUnderLoad(boolean forced) {
        checker.setUnderLoad(forced);
    }

    // ------------------------------------------------------------------ data path

    /**
     * Processes one datagram {@code buf[off..off+len)} received from {@code src[srcOff..srcOff+srcLen)}
     * ({@link SourceAddress} encoding). May overwrite {@code buf} (in-place decryption). Then call
     * {@link #poll} until DONE.
     */
    @HotPath
    public int receive(byte[] buf, int off, int len, byte[] src, int srcOff, int srcLen, long nowMs, WgResult r) {
        r.clear();
        if (len == 0) {
            return poll(nowMs, r);
        }
        if (srcLen < 1 || srcLen > WgConstants.SOURCE_MAX_SIZE) {
            return drops.drop(r, WgDrop.BAD_SOURCE);
        }
        if (len < 4) {
            return drops.drop(r, WgReason.TRUNCATED);
        }
        switch (buf[off] & 0xFF) {
            case WgConstants.TYPE_INITIATION:
                return receiveInitiation(buf, off, len, src, srcOff, srcLen, nowMs, r);
            case WgConstants.TYPE_RESPONSE:
                return receiveResponse(buf, off, len, src, srcOff, srcLen, nowMs, r);
            case WgConstants.TYPE_COOKIE_REPLY:
                return receiveCookieReply(buf, off, len, nowMs, r);
            case WgConstants.TYPE_TRANSPORT:
                return receiveTransport(buf, off, len, src, srcOff, srcLen, nowMs, r);
            default:
                return drops.drop(r, WgReason.BAD_TYPE);
        }
    }

    /**
     * Sends the inner IPv4/IPv6 packet {@code buf[off..off+len)} to the peer whose allowed IPs hold its
     * destination: sealed in place (WRITE_TO_NETWORK, from {@code off - 16}) if a current session exists,
     * else held ({@code HeldPackets}: per-peer cap, pool shared by all peers) and a handshake started
     * (WRITE_TO_NETWORK with the initiation, or DONE if one is already under way). Then call {@link #poll} until DONE.
     */
    @HotPath
    public int send(byte[] buf, int off, int len, long nowMs, WgResult r) {
        r.clear();
        if (len > mtu) {
            return drops.drop(r, WgDrop.TOO_BIG);
        }
        int slot = allowedIps.routeDestination(buf, off, len);
        if (slot < 0) {
            return drops.drop(r, WgDrop.session(slot));
        }
        Peer p = table.get(slot);
        if (p == null) {
            return drops.drop(r, WgDrop.session(SessionReason.NO_ROUTE));
        }
        if (off < WgConstants.TRANSPORT_HEADER_SIZE
                || off + Session.paddedLength(len, mtu) + WgConstants.TAG_SIZE > buf.length) {
            return drops.drop(r, WgDrop.session(SessionReason.BAD_LENGTH));
        }
        if (p.endpointLength == 0) {
            return drops.drop(r, WgDrop.NO_ENDPOINT);
        }
        Session cur = p.sessions.current();
        if (p.heldCount() == 0 && cur != null) {
            int n = cur.encrypt(buf, off, len, mtu, nowMs);
            if (n > 0) {
                sender.dataSent(p, len, n, nowMs);
                return PeerSender.toPeer(r, buf, off - WgConstants.TRANSPORT_HEADER_SIZE, n, p);
            }
        }
        if (!holding) {
            drops.count(WgDrop.HELD_DISCARDED);
        } else if (p.hold(buf, off, len)) {
            drops.count(WgDrop.HELD_DISCARDED);
        }
        p.timers.onDataWaitingForSession(nowMs);
        return sender.drain(p, nowMs, r);
    }

    /**
     * Runs every peer's timers and flushes held packets, round-robin from where the last call stopped; emits at
     * most one datagram per call (work bounded by the peer count). Call until DONE.
     */
    @HotPath
    public int poll(long nowMs, WgResult r) {
        r.clear();
        int n = peers.length;
        for (int i = 0; i < n; i++) {
            int s = (pollCursor + i) % n;
            Peer p = peers[s];
            if (!p.inUse) {
                continue;
            }
            int a = sender.drain(p, nowMs, r);
            if (a != WgResult.DONE) {
                pollCursor = (s + 1) % n;
                return a;
            }
        }
        return WgResult.DONE;
    }

    /**
     * "Connect now": sends an initiation to the peer at once (WRITE_TO_NETWORK), outside the timers' schedule.
     *
     * @return WRITE_TO_NETWORK, or DROPPED ({@link WgReason#UNKNOWN_PEER}, {@link WgDrop#NO_ENDPOINT}, ...)
     */
    @HotPath
    public int initiateHandshake(int slot, long nowMs, WgResult r) {
        r.clear();
        Peer p = table.get(slot);
        if (p == null) {
            return drops.drop(r, WgReason.UNKNOWN_PEER);
        }
        p.timers.onHandshakeInitiated(nowMs);
        int a = sender.initiation(p, nowMs, r);
        if (a == WgResult.DONE) {
            // Already counted by sendInitiation.
            r.action = WgResult.DROPPED;
            return WgResult.DROPPED;
        }
        return a;
    }

    /**
     * The earliest absolute time at which {@link #poll} has work, {@code Long.MAX_VALUE} if none; 0 means now.
     */
    @HotPath
    public long nextDeadline() {
        long d = Long.MAX_VALUE;
        for (int i = 0; i < peers.length; i++) {
            Peer p = peers[i];
            if (!p.inUse) {
                continue;
            }
            if (p.pendingActions != 0 || (p.flushWanted && p.heldCount() > 0)) {
                return 0;
            }
            long t = p.timers.nextDeadline();
            if (t < d) {
                d = t;
            }
        }
        return d;
    }

    // ------------------------------------------------------------------ receive paths

    @HotPath
    private int receiveInitiation(byte[] buf, int off, int len, byte[] src, int srcOff, int srcLen, long nowMs,
            WgResult r) {
        int c = initiationView.wrap(buf, off, len).check();
        if (c == WgReason.OK) {
            c = gate(buf, off, len, src, srcOff, srcLen, nowMs, r);
        }
        if (c != WgReason.OK) {
            return c == WgReason.NEED_COOKIE ? r.action : drops.drop(r, c);
        }
        int slot = handshake.consumeInitiation(buf, off, len, nowMs);
        if (slot < 0) {
            return drops.drop(r, slot);
        }
        Peer p = peers[slot];
        int n = handshake.createResponse(p.handshake, sender.control, 0);
        if (n < 0) {
            return drops.drop(r, n);
        }
        p.cookies.addMacs(sender.control, 0, n, nowMs);
        handshake.deriveKeypair(p.handshake, rotation.derived, nowMs);
        rotation.install(p, nowMs);
        authenticatedReceive(p, len, src, srcOff, srcLen, nowMs);
        return sender.control(p, n, nowMs, r);
    }

    @HotPath
    private int receiveResponse(byte[] buf, int off, int len, byte[] src, int srcOff, int srcLen, long nowMs,
            WgResult r) {
        int c = responseView.wrap(buf, off, len).check();
        if (c == WgReason.OK) {
            c = gate(buf, off, len, src, srcOff, srcLen, nowMs, r);
        }
        if (c != WgReason.OK) {
            return c == WgReason.NEED_COOKIE ? r.action : drops.drop(r, c);
        }
        int slot = handshake.consumeResponse(buf, off, len, nowMs);
        if (slot < 0) {
            return drops.drop(r, slot);
        }
        Peer p = peers[slot];
        handshake.deriveKeypair(p.handshake, rotation.derived, nowMs);
        rotation.install(p, nowMs);
        p.timers.onHandshakeComplete(nowMs);
        p.flushWanted = true;
        authenticatedReceive(p, len, src, srcOff, srcLen, nowMs);
        // Held packets go first; with none, the timers ask for the confirming keepalive (whitepaper §6.1).
        return sender.drain(p, nowMs, r);
    }

    /**
     * mac1, load (mac2 or a cookie reply to the source), then the per-source token bucket. On NEED_COOKIE the
     * reply is already in {@code r} (WRITE_TO_NETWORK to the source) and the reason counted.
     */
    @HotPath
    private int gate(byte[] buf, int off, int len, byte[] src, int srcOff, int srcLen, long nowMs, WgResult r) {
        int c = checker.check(buf, off, len, src, srcOff, srcLen, nowMs);
        if (c == WgReason.NEED_COOKIE) {
            drops.count(c);
            int n = checker.createReply(buf, off, len, src, srcOff, srcLen, nowMs, sender.control, 0);
            r.action = WgResult.WRITE_TO_NETWORK;
            r.buffer = sender.control;
            r.offset = 0;
            r.length = n;
            r.peer = -1;
            System.arraycopy(src, srcOff, r.endpoint, 0, srcLen);
            r.endpointLength = srcLen;
            return c;
        }
        if (c != WgReason.OK) {
            return c;
        }
        return limiter.allow(src, srcOff, srcLen, nowMs);
    }

    @HotPath
    private int receiveCookieReply(byte[] buf, int off, int len, long nowMs, WgResult r) {
        int c = cookieView.wrap(buf, off, len).check();
        if (c != WgReason.OK) {
            return drops.drop(r, c);
        }
        int slot = indices.lookup(cookieView.receiverIndex());
        Peer p = table.get(slot);
        if (p == null) {
            return drops.drop(r, WgReason.UNKNOWN_INDEX);
        }
        c = p.cookies.consumeReply(buf, off, len, nowMs);
        if (c != WgReason.OK) {
            return drops.drop(r, c);
        }
        // The cookie is used on the next initiation the timers send (REKEY_TIMEOUT later), as wireguard-go does.
        return WgResult.DONE;
    }

    @HotPath
    private int receiveTransport(byte[] buf, int off, int len, byte[] src, int srcOff, int srcLen, long nowMs,
            WgResult r) {
        int c = transportView.wrap(buf, off, len).check();
        if (c != WgReason.OK) {
            return drops.drop(r, c);
        }
        int index = transportView.receiverIndex();
        Peer p = table.get(indices.lookup(index));
        if (p == null) {
            return drops.drop(r, WgReason.UNKNOWN_INDEX);
        }
        Session s = p.sessions.forLocalIndex(index);
        if (s == null) {
            // Our index of a handshake in flight, not of a keypair.
            return drops.drop(r, WgDrop.session(SessionReason.UNKNOWN_INDEX));
        }
        int n = s.decrypt(buf, off, len, nowMs);
        if (n < 0) {
            return drops.drop(r, WgDrop.session(n));
        }
        int inner = off + WgConstants.TRANSPORT_HEADER_SIZE;
        int innerLen = 0;
        if (n > 0) {
            innerLen = innerLength(buf, inner, n);
            if (innerLen < 0) {
                return drops.drop(r, WgDrop.session(SessionReason.BAD_INNER_PACKET));
            }
            c = allowedIps.checkSource(buf, inner, innerLen, p.slot);
            if (c != 0) {
                return drops.drop(r, WgDrop.session(c));
            }
        }
        // Authenticated, not replayed, allowed: only now may timers, keypair rotation and the endpoint change.
        if (rotation.receivedWith(p, s)) {
            p.timers.onHandshakeComplete(nowMs);
            p.flushWanted = true;
        }
        authenticatedReceive(p, len, src, srcOff, srcLen, nowMs);
        if (n == 0) {
            return sender.drain(p, nowMs, r);
        }
        p.timers.onDataReceived(nowMs);
        r.action = WgResult.WRITE_TO_TUNNEL;
        r.buffer = buf;
        r.offset = inner;
        r.length = innerLen;
        r.peer = p.slot;
        return WgResult.WRITE_TO_TUNNEL;
    }

    /** Exact length of the inner IPv4/IPv6 packet from its header, or -1 if it does not fit in {@code n}. */
    @HotPath
    private static int innerLength(byte[] buf, int off, int n) {
        int version = (buf[off] >> 4) & 0xF;
        if (version == 4 && n >= 20) {
            int total = Bytes.getShortBE(buf, off + 2);
            return total >= 20 && total <= n ? total : -1;
        }
        if (version == 6 && n >= 40) {
            int total = 40 + Bytes.getShortBE(buf, off + 4);
            return total <= n ? total : -1;
        }
        return -1;
    }

    /** Timers, counters and roaming for a packet that authenticated (handshake or transport). */
    @HotPath
    private void authenticatedReceive(Peer p, int len, byte[] src, int srcOff, int srcLen, long nowMs) {
        p.timers.onAuthenticatedPacketReceived(nowMs);
        p.timers.onAnyAuthenticatedPacketTraversal(nowMs);
        p.rxBytes += len;
        p.rxPackets++;
        if (!p.endpointEquals(src, srcOff, srcLen)) {
            p.setEndpoint(src, srcOff, srcLen);
        }
    }

    // ------------------------------------------------------------------ per-peer output

    // ------------------------------------------------------------------ counters and status

    /** How often input was dropped (or, for NEED_COOKIE, answered with a cookie) for {@code code} (WgDrop). */
    public long drops(int code) {
        return drops.get(code);
    }

    /** Sum of all drop counters. */
    public long totalDrops() {
        return drops.total();
    }

    public int peerCapacity() {
        return peers.length;
    }

    public boolean isPeer(int slot) {
        return table.get(slot) != null;
    }

    /** Slot of the peer with this public key, or -1. */
    public int peerSlot(byte[] publicKey, int off) {
        return table.peerSlotForStaticKey(publicKey, off);
    }

    /** Copies the peer's endpoint (SourceAddress encoding); returns its length, 0 if none, -1 if no peer. */
    public int endpoint(int slot, byte[] out, int off) {
        Peer p = table.get(slot);
        if (p == null) {
            return -1;
        }
        System.arraycopy(p.endpoint, 0, out, off, p.endpointLength);
        return p.endpointLength;
    }

    /**
     * Fills {@code out} with the peer's public key, endpoint, traffic counters, last handshake time, held
     * packets, whether it has a session and whether a handshake is under way; false (and {@code out} untouched) if there is no such peer.
     */
    public boolean peerStatus(int slot, WgPeerStatus out) {
        Peer p = table.get(slot);
        if (p == null) {
            return false;
        }
        System.arraycopy(p.publicKey, 0, out.publicKey, 0, WgConstants.KEY_SIZE);
        System.arraycopy(p.endpoint, 0, out.endpoint, 0, p.endpoint.length);
        out.endpointLength = p.endpointLength;
        out.rxBytes = p.rxBytes;
        out.txBytes = p.txBytes;
        out.rxPackets = p.rxPackets;
        out.txPackets = p.txPackets;
        out.lastHandshakeMs = p.lastHandshakeMs;
        out.heldPackets = p.heldCount();
        out.hasSession = p.sessions.current() != null;
        out.handshakeInProgress = p.timers.isHandshakeInProgress();
        return true;
    }

    /** See {@link StateDigest}: equal before and after bad input, or the input changed something. */
    public long stateDigest() {
        return digest.digest(peers, indices, allowedIps);
    }
}
