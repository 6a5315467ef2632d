package io.tailnode.wg;

import io.tailnode.lang.Bytes;
import io.tailnode.lang.HotPath;

/**
 * The device's packets held while their peer has no session (wireguard-go's staged queue: queued until the
 * handshake completes, then sent oldest first), in one pool shared by every peer slot instead of a ring per
 * peer: a device with 16 peers rarely has more than a few waiting for a handshake at once.
 * <p>
 * {@code slots} slots of {@code 16 + mtu + 16} bytes (headroom for the transport header, tail room for padding
 * and tag), so a held packet is sealed in place in its slot when the session arrives. Each peer holds at most
 * {@code perPeerCap}; at its cap a peer drops its own oldest packet. When the pool is full the oldest packet of
 * the peer holding the most is dropped (ties: the oldest packet), so one busy peer cannot starve the others:
 * with k peers waiting, each keeps at least {@code slots / k}. Order within a peer is by a hold sequence number.
 * Never printed: holds tunnel plaintext. Not thread-safe; one event loop.
 */
final class HeldPackets {
    private static final int FREE = -1;

    final byte[] data;
    final int slotSize;
    private final int perPeerCap;
    /** Per pool slot: owning peer slot (FREE if none), inner packet length, hold sequence number. */
    private final int[] owner;
    private final int[] length;
    private final int[] sequence;
    /** Per peer slot: packets held. */
    private final int[] counts;
    private int nextSequence;

    HeldPackets(int slots, int perPeerCap, int peerSlots, int mtu) {
        this.slotSize = WgConstants.TRANSPORT_HEADER_SIZE + mtu + WgConstants.TAG_SIZE;
        this.perPeerCap = perPeerCap;
        this.data = new byte[slots * slotSize];
        this.owner = new int[slots];
        this.length = new int[slots];
        this.sequence = new int[slots];
        this.counts = new int[peerSlots];
        for (int i = 0; i < slots; i++) {
            owner[i] = FREE;
        }
    }

    /** Pool slots (all peers together). */
    int capacity() {
        return owner.length;
    }

    /** Packets {@code peer} holds. */
    @HotPath
    int count(int peer) {
        return counts[peer];
    }

    /**
     * Copies the inner packet {@code buf[off..off+len)} into a slot for {@code peer} (at offset 16 of the
     * slot), dropping one packet first if {@code peer} is at its cap or the pool is full (class doc).
     *
     * @return true if a packet (this peer's or another's) was dropped to make room
     */
    @HotPath
    boolean hold(int peer, byte[] buf, int off, int len) {
        boolean dropped = false;
        int victim = -1;
        if (counts[peer] >= perPeerCap) {
            victim = oldestOf(peer);
        } else {
            int free = freeSlot();
            if (free < 0) {
                victim = fairVictim();
            }
        }
        if (victim >= 0) {
            release(victim);
            dropped = true;
        }
        int s = freeSlot();
        int base = s * slotSize + WgConstants.TRANSPORT_HEADER_SIZE;
        System.arraycopy(buf, off, data, base, len);
        // A dropped packet's bytes may remain beyond the new one: wipe that tail (another peer's plaintext).
        Bytes.wipe(data, base + len, slotSize - WgConstants.TRANSPORT_HEADER_SIZE - len);
        owner[s] = peer;
        length[s] = len;
        sequence[s] = nextSequence++;
        counts[peer]++;
        return dropped;
    }

    /** Offset in {@link #data} of {@code peer}'s oldest held packet's plaintext; -1 if it holds none. */
    @HotPath
    int oldestOffset(int peer) {
        int s = oldestOf(peer);
        return s < 0 ? -1 : s * slotSize + WgConstants.TRANSPORT_HEADER_SIZE;
    }

    /** Length of {@code peer}'s oldest held packet; 0 if it holds none. */
    @HotPath
    int oldestLength(int peer) {
        int s = oldestOf(peer);
        return s < 0 ? 0 : length[s];
    }

    /** Frees {@code peer}'s oldest slot; its bytes stay until overwritten (the caller may still be sending them). */
    @HotPath
    void dropOldest(int peer) {
        int s = oldestOf(peer);
        if (s >= 0) {
            release(s);
        }
    }

    /** Drops every packet {@code peer} holds and zeroes their slots; returns how many were dropped. */
    int clear(int peer) {
        int n = 0;
        for (int s = 0; s < owner.length; s++) {
            if (owner[s] == peer) {
                release(s);
                Bytes.wipe(data, s * slotSize, slotSize);
                n++;
            }
        }
        return n;
    }

    @HotPath
    private void release(int s) {
        counts[owner[s]]--;
        owner[s] = FREE;
        length[s] = 0;
    }

    @HotPath
    private int freeSlot() {
        for (int s = 0; s < owner.length; s++) {
            if (owner[s] == FREE) {
                return s;
            }
        }
        return -1;
    }

    /** {@code peer}'s slot with the lowest sequence number (sequence numbers compared modulo 2^32), or -1. */
    @HotPath
    private int oldestOf(int peer) {
        int best = -1;
        for (int s = 0; s < owner.length; s++) {
            if (owner[s] == peer && (best < 0 || sequence[s] - sequence[best] < 0)) {
                best = s;
            }
        }
        return best;
    }

    /** The full pool's slot to drop: the oldest packet of the peer holding the most (ties: the oldest packet). */
    @HotPath
    private int fairVictim() {
        int best = -1;
        for (int s = 0; s < owner.length; s++) {
            if (owner[s] == FREE) {
                continue;
            }
            if (best < 0) {
                best = s;
                continue;
            }
            int c = counts[owner[s]];
            int cb = counts[owner[best]];
            if (c > cb || (c == cb && sequence[s] - sequence[best] < 0)) {
                best = s;
            }
        }
        return best;
    }
}
