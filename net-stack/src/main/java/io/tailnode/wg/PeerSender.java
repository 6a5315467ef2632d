package io.tailnode.wg;

import io.tailnode.lang.Bytes;
import io.tailnode.lang.HotPath;
import io.tailnode.wg.wire.MessageInitiation;

/**
 * Everything the device sends on its own initiative for one peer: held packets once a session exists, and the
 * timer actions (initiation, keepalive, key wipe, dropping held data) that {@link PeerTimers#poll} asks for.
 * Also owns the control buffer in which handshake messages, cookie replies and keepalives are built. Part of
 * {@link WireGuardDevice}; same thread, nothing allocated per call.
 */
final class PeerSender {
    /** Initiation, response, cookie reply or keepalive being sent (148 bytes fits all). */
    final byte[] control = new byte[MessageInitiation.SIZE];
    private final byte[] tai = new byte[WgConstants.TAI64N_SIZE];
    private final Handshake handshake;
    private final Tai64nSource clock;
    private final KeypairRotation rotation;
    private final DropCounters drops;
    private final int mtu;

    PeerSender(Handshake handshake, Tai64nSource clock, KeypairRotation rotation, DropCounters drops, int mtu) {
        this.handshake = handshake;
        this.clock = clock;
        this.rotation = rotation;
        this.drops = drops;
        this.mtu = mtu;
    }

    /** One datagram of work for {@code p}: a held packet, else the next timer action; DONE if none. */
    @HotPath
    int drain(Peer p, long nowMs, WgResult r) {
        for (int round = 0; round < 8; round++) {
            if (p.heldCount() > 0) {
                Session cur = p.sessions.current();
                int off = p.oldestHeldOffset();
                int len = p.oldestHeldLength();
                int n = cur == null ? -1 : cur.encrypt(p.heldBuffer(), off, len, mtu, nowMs);
                if (n > 0) {
                    p.dropOldestHeld();
                    dataSent(p, len, n, nowMs);
                    return toPeer(r, p.heldBuffer(), off - WgConstants.TRANSPORT_HEADER_SIZE, n, p);
                }
            }
            p.flushWanted = false;
            p.pendingActions |= p.timers.poll(nowMs);
            int a = p.pendingActions;
            if (a == 0) {
                return WgResult.DONE;
            }
            if ((a & PeerTimers.WIPE_KEYS) != 0) {
                p.pendingActions &= ~PeerTimers.WIPE_KEYS;
                wipeKeys(p);
            } else if ((a & PeerTimers.DROP_QUEUED) != 0) {
                p.pendingActions &= ~PeerTimers.DROP_QUEUED;
                drops.add(WgDrop.HELD_DISCARDED, p.clearHeld());
            } else if ((a & PeerTimers.SEND_INITIATION) != 0) {
                p.pendingActions &= ~PeerTimers.SEND_INITIATION;
                if (initiation(p, nowMs, r) != WgResult.DONE) {
                    return WgResult.WRITE_TO_NETWORK;
                }
            } else {
                p.pendingActions &= ~PeerTimers.SEND_KEEPALIVE;
                if (keepalive(p, nowMs, r) != WgResult.DONE) {
                    return WgResult.WRITE_TO_NETWORK;
                }
            }
        }
        return WgResult.DONE;
    }

    /** Builds an initiation into the control buffer; DONE (counted, reason in r) if it cannot be sent. */
    @HotPath
    int initiation(Peer p, long nowMs, WgResult r) {
        if (p.endpointLength == 0) {
            drops.count(WgDrop.NO_ENDPOINT);
            r.reason = WgDrop.NO_ENDPOINT;
            return WgResult.DONE;
        }
        if (clock.now(tai, 0, nowMs) < 0) {
            drops.count(WgDrop.NO_WALL_CLOCK);
            r.reason = WgDrop.NO_WALL_CLOCK;
            return WgResult.DONE;
        }
        int n = handshake.createInitiation(p.handshake, tai, 0, control, 0);
        Bytes.wipe(tai, 0, WgConstants.TAI64N_SIZE);
        if (n < 0) {
            drops.count(n);
            r.reason = n;
            return WgResult.DONE;
        }
        p.cookies.addMacs(control, 0, n, nowMs);
        return control(p, n, nowMs, r);
    }

    /** Keepalive on the current keypair; with none, the data-waiting rule asks for a handshake instead. */
    @HotPath
    private int keepalive(Peer p, long nowMs, WgResult r) {
        Session cur = p.sessions.current();
        if (p.endpointLength == 0) {
            return WgResult.DONE;
        }
        int n = cur == null ? -1 : cur.encrypt(control, WgConstants.TRANSPORT_HEADER_SIZE, 0, mtu, nowMs);
        if (n < 0) {
            p.timers.onDataWaitingForSession(nowMs);
            return WgResult.DONE;
        }
        return control(p, n, nowMs, r);
    }

    /** The control buffer's first {@code n} bytes go to the peer's endpoint (an authenticated packet). */
    @HotPath
    int control(Peer p, int n, long nowMs, WgResult r) {
        p.timers.onAuthenticatedPacketSent(nowMs);
        p.timers.onAnyAuthenticatedPacketTraversal(nowMs);
        p.txBytes += n;
        p.txPackets++;
        return toPeer(r, control, 0, n, p);
    }

    @HotPath
    void dataSent(Peer p, int plainLen, int n, long nowMs) {
        p.txBytes += n;
        p.txPackets++;
        if (plainLen > 0) {
            p.timers.onDataSent(nowMs);
        }
        p.timers.onAuthenticatedPacketSent(nowMs);
        p.timers.onAnyAuthenticatedPacketTraversal(nowMs);
    }

    @HotPath
    static int toPeer(WgResult r, byte[] buf, int off, int len, Peer p) {
        r.action = WgResult.WRITE_TO_NETWORK;
        r.buffer = buf;
        r.offset = off;
        r.length = len;
        r.peer = p.slot;
        r.reason = 0;
        System.arraycopy(p.endpoint, 0, r.endpoint, 0, p.endpointLength);
        r.endpointLength = p.endpointLength;
        return WgResult.WRITE_TO_NETWORK;
    }

    /** Whitepaper §6.3: zero every key of the peer (and drop what was held for it). */
    @HotPath
    void wipeKeys(Peer p) {
        rotation.wipeSessions(p);
        handshake.clear(p.handshake);
        drops.add(WgDrop.HELD_DISCARDED, p.clearHeld());
    }
}
