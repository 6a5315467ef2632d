package io.tailnode.wg;

import io.tailnode.crypto.Blake2s;
import io.tailnode.crypto.ChaCha20Poly1305;
import io.tailnode.crypto.XChaCha20Poly1305;
import io.tailnode.lang.Bytes;
import io.tailnode.lang.HotPath;
import io.tailnode.wg.wire.MessageCookieReply;

/**
 * Everything {@link WireGuardDevice} keeps per peer slot, allocated once at device construction and reused when
 * the slot is given to another peer: handshake state, cookie generator, the three keypairs, timers, endpoint,
 * traffic counters, and its view of the device's pool of packets held while no session exists
 * ({@link HeldPackets}: per-peer cap, drop-oldest as wireguard-go's staged queue, fair when the pool is full).
 * Never printed: holds keys.
 */
final class Peer {
    final PeerHandshake handshake = new PeerHandshake();
    final CookieGenerator cookies;
    final PeerSessions sessions;
    final PeerTimers timers;
    /**
     * The peer's static public key: the handshake's copy of it ({@link PeerHandshake#remoteStatic}), not a second
     * array. Both are written when the peer is added and wiped only when the slot is given up.
     */
    final byte[] publicKey;
    final byte[] endpoint = new byte[WgConstants.SOURCE_MAX_SIZE];
    private final HeldPackets held;
    final int slot;
    int endpointLength;
    /** Timer actions returned by PeerTimers.poll and not yet carried out (one datagram per device call). */
    int pendingActions;
    boolean inUse;
    /** A handshake just completed: held packets may now be sent (nextDeadline says "now"). */
    boolean flushWanted;
    long rxBytes;
    long txBytes;
    long rxPackets;
    long txPackets;
    /** Monotonic time of the last completed handshake (keys derived), 0 = never. */
    long lastHandshakeMs;

    /** The engines, {@code held}, {@code cookieReply} and {@code cookieScratch} are the device's, shared. */
    Peer(int slot, HeldPackets held, Blake2s blake, XChaCha20Poly1305 aead, MessageCookieReply cookieReply,
            byte[] cookieScratch, ChaCha20Poly1305 transportAead, int replayWindow, Jitter jitter) {
        this.slot = slot;
        this.held = held;
        this.publicKey = handshake.remoteStatic;
        this.sessions = new PeerSessions(transportAead, replayWindow);
        this.cookies = new CookieGenerator(blake, aead, cookieReply, cookieScratch);
        this.timers = new PeerTimers(sessions, jitter);
    }

    /** Packets this peer holds. */
    @HotPath
    int heldCount() {
        return held.count(slot);
    }

    /**
     * Copies the inner packet into the pool (at offset 16 of a slot).
     *
     * @return true if an older packet (this peer's, or another's when the pool is full) was dropped for room
     */
    @HotPath
    boolean hold(byte[] buf, int off, int len) {
        return held.hold(slot, buf, off, len);
    }

    /** The buffer held packets live in (offsets from {@link #oldestHeldOffset}). */
    @HotPath
    byte[] heldBuffer() {
        return held.data;
    }

    /** Offset of the oldest held packet's plaintext in {@link #heldBuffer}. */
    @HotPath
    int oldestHeldOffset() {
        return held.oldestOffset(slot);
    }

    @HotPath
    int oldestHeldLength() {
        return held.oldestLength(slot);
    }

    /** Removes the oldest held packet; its bytes stay until overwritten (the caller may still be sending them). */
    @HotPath
    void dropOldestHeld() {
        held.dropOldest(slot);
    }

    /** Drops every held packet and zeroes their slots; returns how many were dropped. */
    int clearHeld() {
        return held.clear(slot);
    }

    @HotPath
    void setEndpoint(byte[] src, int off, int len) {
        System.arraycopy(src, off, endpoint, 0, len);
        if (len < endpoint.length) {
            Bytes.wipe(endpoint, len, endpoint.length - len);
        }
        endpointLength = len;
    }

    /** Whether {@code src[off..off+len)} equals the current endpoint. */
    @HotPath
    boolean endpointEquals(byte[] src, int off, int len) {
        if (len != endpointLength) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (endpoint[i] != src[off + i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Back to an unused slot: counters, endpoint, held packets (the public key and secrets are the handshake
     * state's, wiped by the device through {@link Handshake#removePeer}).
     */
    void resetSlot() {
        Bytes.wipe(endpoint, 0, endpoint.length);
        endpointLength = 0;
        clearHeld();
        pendingActions = 0;
        flushWanted = false;
        rxBytes = 0;
        txBytes = 0;
        rxPackets = 0;
        txPackets = 0;
        lastHandshakeMs = 0;
        timers.reset();
        timers.setPersistentKeepaliveSeconds(0);
        inUse = false;
    }
}
