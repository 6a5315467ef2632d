package io.tailnode.firmware.hal;

/**
 * One outgoing TCP connection, non-blocking (lwIP/NET socket on the board, a java.nio channel in the simulator),
 * as the control client needs it: plain TCP to the control server's host:port (the control channel is secured by
 * Noise inside it, tailscale-protocol.md §2.2; a TLS HAL is a separate concern). Every call returns at once.
 * <p>
 * Lifecycle: {@link #connect} (IDLE or CLOSED → CONNECTING) → {@link #state} becomes CONNECTED or FAILED →
 * {@link #read}/{@link #write} → {@link #close} (→ CLOSED; also the way out of FAILED). A new {@link #connect}
 * after close reuses the object. No allocation per call on the board. Not thread-safe: the event loop owns it.
 */
public interface StreamTransport {
    int STATE_IDLE = 0;
    int STATE_CONNECTING = 1;
    int STATE_CONNECTED = 2;
    /** Connect refused or timed out, or the connection broke: close it. */
    int STATE_FAILED = 3;
    int STATE_CLOSED = 4;

    /**
     * Starts connecting to {@code host} (ASCII name or address literal) port {@code port}. Name resolution may be
     * done here (the board's resolver is asynchronous: then the state stays CONNECTING meanwhile).
     *
     * @return {@link HalStatus#OK} (see {@link #state}), {@link HalStatus#ERR_ADDRESS} (name does not resolve,
     *         bad port) or {@link HalStatus#ERR_IO}
     */
    int connect(byte[] host, int hostOff, int hostLen, int port);

    /** One of the STATE_ constants; finishes a pending connect when it can. */
    int state();

    /**
     * Copies up to {@code len} received bytes into {@code buf[off..)}.
     *
     * @return the count (> 0), {@link HalStatus#ERR_WOULD_BLOCK} (nothing now), {@link HalStatus#ERR_CLOSED}
     *         (the server closed: end of stream) or {@link HalStatus#ERR_IO}
     */
    int read(byte[] buf, int off, int len);

    /**
     * Queues up to {@code len} bytes for sending.
     *
     * @return the count taken (possibly fewer than {@code len}), {@link HalStatus#ERR_WOULD_BLOCK} (no room now),
     *         {@link HalStatus#ERR_CLOSED} or {@link HalStatus#ERR_IO}
     */
    int write(byte[] buf, int off, int len);

    /** Closes the connection (idempotent); state CLOSED. */
    void close();
}
