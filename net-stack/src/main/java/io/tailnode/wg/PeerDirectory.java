package io.tailnode.wg;

/**
 * How the handshake finds peers; supplied by the device, which owns the peer table. Implementations must not
 * allocate (called on the handshake path) and must compare keys without branching on their bytes beyond what
 * a table lookup needs (the static key is public, but only authenticated initiators reach this call).
 */
public interface PeerDirectory {
    /** The slot of the peer whose static public key is {@code key[off..off+32)}, or -1 if unknown. */
    int peerSlotForStaticKey(byte[] key, int off);

    /** The handshake state of the peer in {@code slot} (a slot this directory or the index table returned). */
    PeerHandshake handshakeForSlot(int slot);
}
