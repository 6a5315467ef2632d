package io.tailnode.wg;

import io.tailnode.crypto.Blake2s;
import io.tailnode.crypto.ChaCha20Poly1305;
import io.tailnode.crypto.XChaCha20Poly1305;
import io.tailnode.lang.HotPath;
import io.tailnode.wg.wire.MessageCookieReply;

/**
 * The device's fixed peer slots, and the {@link PeerDirectory} the handshake uses to find a peer by its static
 * key (a linear scan: tens of peers on a device; the key is public and only authenticated initiators reach it).
 * Not thread-safe; one event loop.
 */
final class PeerTable implements PeerDirectory {
    final Peer[] peers;

    final HeldPackets held;

    /**
     * @param heldPerPeer packets one peer may hold (at least 1)
     * @param heldShared  pool slots for all peers together; 0 = {@code capacity x heldPerPeer} (no sharing)
     */
    PeerTable(int capacity, int heldPerPeer, int heldShared, int mtu, Blake2s blake, XChaCha20Poly1305 aead,
            ChaCha20Poly1305 transportAead, int replayWindow, Jitter jitter) {
        peers = new Peer[capacity];
        MessageCookieReply cookieReply = new MessageCookieReply();
        byte[] cookieScratch = new byte[WgConstants.COOKIE_SIZE];
        held = new HeldPackets(heldShared > 0 ? heldShared : capacity * heldPerPeer, heldPerPeer, capacity, mtu);
        for (int i = 0; i < capacity; i++) {
            peers[i] = new Peer(i, held, blake, aead, cookieReply, cookieScratch, transportAead, replayWindow, jitter);
        }
    }

    /** The in-use peer in {@code slot}, or null (also for slots out of range). */
    @HotPath
    Peer get(int slot) {
        if (slot < 0 || slot >= peers.length) {
            return null;
        }
        Peer p = peers[slot];
        return p.inUse ? p : null;
    }

    /** A free slot, or -1. */
    int freeSlot() {
        for (int i = 0; i < peers.length; i++) {
            if (!peers[i].inUse) {
                return i;
            }
        }
        return -1;
    }

    @Override
    @HotPath
    public int peerSlotForStaticKey(byte[] key, int off) {
        for (int s = 0; s < peers.length; s++) {
            Peer p = peers[s];
            if (!p.inUse) {
                continue;
            }
            int diff = 0;
            for (int i = 0; i < WgConstants.KEY_SIZE; i++) {
                diff |= p.publicKey[i] ^ key[off + i];
            }
            if (diff == 0) {
                return s;
            }
        }
        return -1;
    }

    @Override
    @HotPath
    public PeerHandshake handshakeForSlot(int slot) {
        Peer p = get(slot);
        return p == null ? null : p.handshake;
    }
}
