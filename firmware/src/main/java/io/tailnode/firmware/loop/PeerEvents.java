package io.tailnode.firmware.loop;

/**
 * Optional observer of {@link TunnelLoop}: called on the loop's thread, once per change, after the change is
 * logged. The simulator prints human lines from it; firmware may leave it null. Must not block or keep the
 * endpoint array (it is the loop's scratch buffer).
 */
public interface PeerEvents {
    /** A handshake with the peer in {@code slot} completed (new keys on either side's initiative). */
    void handshakeCompleted(int slot, long nowMs);

    /** The peer's endpoint is now {@code endpoint[off..off+len)} (SourceAddress form; len 0: none). */
    void endpointChanged(int slot, byte[] endpoint, int off, int len, long nowMs);
}
