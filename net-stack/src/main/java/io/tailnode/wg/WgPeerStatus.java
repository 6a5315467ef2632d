package io.tailnode.wg;

/**
 * A caller-owned, reusable snapshot of one peer for status displays ({@code wg show}-like): no secrets. Filled
 * by {@link WireGuardDevice#peerStatus}. Not thread-safe.
 */
public final class WgPeerStatus {
    public final byte[] publicKey = new byte[WgConstants.KEY_SIZE];
    /** SourceAddress encoding; {@link #endpointLength} 0 = none yet. */
    public final byte[] endpoint = new byte[WgConstants.SOURCE_MAX_SIZE];
    public int endpointLength;
    /** Datagram bytes and packets received from / sent to the peer (handshake, keepalive and data). */
    public long rxBytes;
    public long txBytes;
    public long rxPackets;
    public long txPackets;
    /** Monotonic time of the last completed handshake, 0 = never. */
    public long lastHandshakeMs;
    /** Packets held while waiting for a session. */
    public int heldPackets;
    /** A current keypair exists (it may have expired). */
    public boolean hasSession;
    /** Initiations are being (re)sent and no response has completed the handshake yet. */
    public boolean handshakeInProgress;

    public WgPeerStatus() {
    }
}
