package io.tailnode.wg;

import io.tailnode.crypto.Blake2s;
import io.tailnode.crypto.ChaCha20Poly1305;
import io.tailnode.crypto.XChaCha20Poly1305;
import io.tailnode.lang.Bytes;
import io.tailnode.lang.HotPath;

/**
 * Everything {@link WireGuardDevice} keeps per peer slot, allocated once at device construction and reused when
 * the slot is given to another peer: handshake state, cookie generator, the three keypairs, timers, endpoint,
 * traffic counters and a fixed ring of packets held while no session exists.
 * <p>
 * Held packets: {@code heldSlots} slots of {@code 16 + mtu + 16} bytes (headroom for the transport header, tail
 * room for padding and tag), so a held packet is encrypted in place in its slot when the session arrives. When
 * the ring is full the <b>oldest</b> held packet is dropped (wireguard-go's staged queue does the same: the
 * newest data is the most useful after a handshake). Never printed: holds keys.
 */
final class Peer {
    final PeerHandshake handshake = new PeerHandshake();
    final CookieGenerator cookies;
    final PeerSessions sessions;
    final PeerTimers timers;
    final byte[] publicKey = new byte[WgConstants.KEY_SIZE];
    final byte[] endpoint = new byte[WgConstants.SOURCE_MAX_SIZE];
    final byte[] held;
    final int[] heldLength;
    final int heldSlotSize;
    final int slot;
    int endpointLength;
    int heldHead;
    int heldCount;
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

    Peer(int slot, int heldSlots, int mtu, Blake2s blake, XChaCha20Poly1305 aead, ChaCha20Poly1305 transportAead,
            int replayWindow, Jitter jitter) {
        this.slot = slot;
        this.sessions = new PeerSessions(transportAead, replayWindow);
        this.cookies = new CookieGenerator(blake, aead);
        this.timers = new PeerTimers(sessions, jitter);
        this.heldSlotSize = WgConstants.TRANSPORT_HEADER_SIZE + mtu + WgConstants.TAG_SIZE;
        this.held = new byte[heldSlots * heldSlotSize];
        this.heldLength = new int[heldSlots];
    }

    /**
     * Copies the inner packet into the ring (at offset 16 of its slot).
     *
     * @return true if an older packet was dropped to make room
     */
    @HotPath
    boolean hold(byte[] buf, int off, int len) {
        int cap = heldLength.length;
        boolean dropped = false;
        if (heldCount == cap) {
            dropOldestHeld();
            dropped = true;
        }
        int i = (heldHead + heldCount) % cap;
        System.arraycopy(buf, off, held, i * heldSlotSize + WgConstants.TRANSPORT_HEADER_SIZE, len);
        heldLength[i] = len;
        heldCount++;
        return dropped;
    }

    /** Offset of the oldest held packet's plaintext in {@link #held}. */
    @HotPath
    int oldestHeldOffset() {
        return heldHead * heldSlotSize + WgConstants.TRANSPORT_HEADER_SIZE;
    }

    @HotPath
    int oldestHeldLength() {
        return heldLength[heldHead];
    }

    /** Removes the oldest held packet; its bytes stay until overwritten (the caller may still be sending them). */
    @HotPath
    void dropOldestHeld() {
        heldLength[heldHead] = 0;
        heldHead = (heldHead + 1) % heldLength.length;
        heldCount--;
    }

    /** Drops every held packet and zeroes the ring; returns how many were dropped. */
    int clearHeld() {
        int n = heldCount;
        Bytes.wipe(held, 0, held.length);
        for (int i = 0; i < heldLength.length; i++) {
            heldLength[i] = 0;
        }
        heldHead = 0;
        heldCount = 0;
        return n;
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

    /** Back to an unused slot: counters, endpoint, held packets, key copy (secrets are wiped by the device). */
    void resetSlot() {
        Bytes.wipe(publicKey, 0, publicKey.length);
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
