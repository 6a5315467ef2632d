package io.tailnode.wg;

import io.tailnode.lang.Bytes;

/**
 * The transport keys one completed handshake derives (whitepaper §5.4.5): the sending and receiving keys, the
 * two 32-bit indices that name the session on the wire, who initiated, and when. The handshake fills one of
 * these (allocated once per peer slot); the session code owns counters and the replay window around it.
 * Never printed: holds keys.
 */
public final class Keypair {
    public final byte[] sendKey = new byte[WgConstants.KEY_SIZE];
    public final byte[] receiveKey = new byte[WgConstants.KEY_SIZE];
    /** Our index: the receiver index peers put in messages to us. */
    public int localIndex;
    /** The peer's index: the receiver index we put in messages to it. */
    public int remoteIndex;
    public boolean isInitiator;
    /** Monotonic time at which the handshake that produced these keys completed. */
    public long createdMs;

    /** Zeroes the keys (whitepaper §6: keys die with their session). */
    public void wipe() {
        Bytes.wipe(sendKey, 0, sendKey.length);
        Bytes.wipe(receiveKey, 0, receiveKey.length);
        localIndex = 0;
        remoteIndex = 0;
        isInitiator = false;
        createdMs = 0;
    }
}
