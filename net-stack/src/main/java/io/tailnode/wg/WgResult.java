package io.tailnode.wg;

/**
 * The reused output holder of {@link WireGuardDevice}: one per event loop, allocated once and filled by every
 * {@code receive}/{@code send}/{@code poll} call, which also returns the {@link #action}.
 * <ul>
 * <li>{@link #WRITE_TO_NETWORK}: send {@code buffer[offset..offset+length)} as one UDP datagram (or DERP packet)
 * to the destination in {@code endpoint[0..endpointLength)} ({@link SourceAddress} encoding).</li>
 * <li>{@link #WRITE_TO_TUNNEL}: {@code buffer[offset..offset+length)} is a decrypted inner IPv4/IPv6 packet
 * (exact length from its header) from peer {@link #peer}; it lies inside the caller's datagram buffer.</li>
 * <li>{@link #DONE}: nothing (more) to do.</li>
 * <li>{@link #DROPPED}: the input was dropped and counted; {@link #reason} says why ({@link WgDrop} code).</li>
 * </ul>
 * {@code buffer} may be the caller's buffer, a device-owned control buffer or a held-packet slot: it is valid
 * only until the next call into the device. Not thread-safe.
 */
public final class WgResult {
    public static final int DROPPED = -1;
    public static final int DONE = 0;
    public static final int WRITE_TO_NETWORK = 1;
    public static final int WRITE_TO_TUNNEL = 2;

    public int action;
    public byte[] buffer;
    public int offset;
    public int length;
    /** Peer slot the output belongs to, or -1. */
    public int peer;
    /** A {@link WgDrop} code when {@link #action} is {@link #DROPPED}, else 0. */
    public int reason;
    /** Destination of WRITE_TO_NETWORK (SourceAddress encoding); copied, the device may change its own later. */
    public final byte[] endpoint = new byte[WgConstants.SOURCE_MAX_SIZE];
    public int endpointLength;

    public WgResult() {
    }

    void clear() {
        action = DONE;
        buffer = null;
        offset = 0;
        length = 0;
        peer = -1;
        reason = 0;
        endpointLength = 0;
    }
}
