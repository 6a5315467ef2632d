package io.tailnode.ip.tcp;

/**
 * Result codes of the TCP stack: 0 or a count for success, specific negatives otherwise. Two groups share one
 * number space so a single counter array ({@code COUNT + 1} slots, indexed by {@code -reason}) counts every
 * dropped segment: socket-API results (the caller acts on them) and segment drops (counted, never thrown).
 * The wire view {@link io.tailnode.ip.wire.TcpHeader} returns the header codes from here as well.
 */
public final class TcpReason {
    public static final int OK = 0;

    // ---- socket API (non-blocking calls) ----
    /** Nothing to read / no room to write / nothing to accept yet: try again after the next poll. */
    public static final int WOULD_BLOCK = -1;
    /** Unknown, stale (slot reused) or already closed handle / listener id. */
    public static final int BAD_HANDLE = -2;
    /** Socket, listener or reset-queue table is full (capacities from {@link TcpConfig}). */
    public static final int TABLE_FULL = -3;
    /** listen() on a port that already has a listener, or an invalid port. */
    public static final int PORT_IN_USE = -4;
    /** The operation needs a synchronized connection (write during SYN_SENT, or after our FIN). */
    public static final int NOT_CONNECTED = -5;
    /** The peer closed its side and every byte has been read. */
    public static final int END_OF_STREAM = -6;
    /** The peer reset the connection (RST). */
    public static final int CONNECTION_RESET = -7;
    /** Retransmissions exhausted (TcpConfig.maxRetransmissions). */
    public static final int TIMED_OUT = -8;
    /** Active open answered by RST. */
    public static final int REFUSED = -9;
    /** Bad arguments (null buffer, range outside the array, port 0, unknown IP version, no local address). */
    public static final int BAD_ARGUMENT = -10;
    /** The caller's output buffer cannot hold the next packet; nothing was consumed, call again bigger. */
    public static final int BUFFER_TOO_SMALL = -11;

    // ---- segment drops (receive) ----
    /** Shorter than 20 bytes or than its data offset. */
    public static final int TRUNCATED = -12;
    /** Data offset below 5 words. */
    public static final int BAD_DATA_OFFSET = -13;
    /** Malformed option list (length < 2, overrunning the header, MSS/window-scale of wrong length). */
    public static final int BAD_OPTION = -14;
    /** Impossible flag combination (SYN+FIN, SYN+RST) or no flag at all. */
    public static final int BAD_FLAGS = -15;
    /** TCP checksum (with the IPv4/IPv6 pseudo-header) does not verify. */
    public static final int BAD_CHECKSUM = -16;
    /** The IP packet does not parse, is a fragment, carries options/extension headers, or is not TCP. */
    public static final int BAD_IP = -17;
    /** Destination address is not the device's, or source is unusable (port 0, same as ours). */
    public static final int NOT_FOR_US = -18;
    /** No socket and no listener on the port (an RST is answered unless the segment was an RST). */
    public static final int NO_SOCKET = -19;
    /** SYN for a listener whose SYN backlog is full (SYN flood protection: dropped, not answered). */
    public static final int BACKLOG_FULL = -20;
    /** Sequence number outside the receive window (an ACK is answered, RFC 9293 §3.10.7.4). */
    public static final int OUT_OF_WINDOW = -21;
    /** ACK for data we never sent, or an unacceptable ACK in SYN_SENT / SYN_RECEIVED. */
    public static final int BAD_ACK = -22;
    /** Out-of-order segment while every reassembly range is in use. */
    public static final int REASSEMBLY_FULL = -23;
    /** RST whose sequence is not exactly RCV.NXT (RFC 5961 §3.2: challenge ACK or ignored). */
    public static final int RST_NOT_EXACT = -24;
    /** SYN in a synchronized state (RFC 5961 §4: challenge ACK). */
    public static final int SYN_IN_SYNCHRONIZED = -25;
    /** A segment without ACK in a state that requires one. */
    public static final int NO_ACK = -26;
    /** Segment not acceptable in the socket's state (e.g. anything but SYN to a listener, data in SYN_SENT). */
    public static final int UNEXPECTED = -27;
    /** An answer (RST) was owed but the reset queue was full. */
    public static final int RESET_QUEUE_FULL = -28;

    /** Counter arrays have {@code COUNT + 1} slots, indexed by {@code -reason}. */
    public static final int COUNT = 28;

    private TcpReason() {
    }
}
