package io.tailnode.firmware.hal;

/**
 * The board's UDP socket (lwIP/NET on the board, {@code java.net.DatagramSocket} in the simulator), as the
 * WireGuard event loop needs it: one datagram per call, addresses in the WireGuard core's
 * {@code io.tailnode.wg.SourceAddress} form so the loop passes them to the core without conversion:
 * <ul>
 * <li>IPv4: {@code 0x04 || 4-byte address || 2-byte big-endian port} (7 bytes);</li>
 * <li>IPv6: {@code 0x06 || 16-byte address || 2-byte big-endian port} (19 bytes).</li>
 * </ul>
 * The length of a written source follows from its kind byte (7 for 0x04, 19 for 0x06). Implementations do not
 * allocate per call on the board and never block longer than the timeout given. Not thread-safe except
 * {@link #close}, which may be called from another thread to end a blocked {@link #receive}.
 */
public interface DatagramTransport {
    /**
     * Sends {@code buf[off..off+len)} as one datagram to {@code dest[destOff..destOff+destLen)}.
     *
     * @return {@code len}; {@link HalStatus#ERR_WOULD_BLOCK} if the stack has no buffer now (the datagram is
     *         dropped, as UDP may), {@link HalStatus#ERR_ADDRESS} for an address of another kind,
     *         {@link HalStatus#ERR_IO} or {@link HalStatus#ERR_CLOSED}
     */
    int send(byte[] buf, int off, int len, byte[] dest, int destOff, int destLen);

    /**
     * Waits up to {@code timeoutMs} (0: only what is already queued) for one datagram, copies it to
     * {@code buf[off..)} and its source to {@code source[sourceOff..)} (room for 19 bytes). A datagram longer
     * than {@code capacity} cannot be a WireGuard message the device accepts: it is discarded (and counted by the
     * implementation), and the call goes on waiting within the same timeout.
     *
     * @return the datagram length (>= 0); {@link HalStatus#ERR_WOULD_BLOCK} when nothing arrived in time,
     *         {@link HalStatus#ERR_CLOSED} after {@link #close}, {@link HalStatus#ERR_IO}
     */
    int receive(byte[] buf, int off, int capacity, byte[] source, int sourceOff, int timeoutMs);

    /** The local port the transport is bound to (useful when 0 = any was asked for), or a negative status. */
    int localPort();

    /** Releases the socket; a blocked {@link #receive} returns {@link HalStatus#ERR_CLOSED}. Idempotent. */
    void close();
}
