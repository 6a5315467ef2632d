package io.tailnode.ip.tcp;

/**
 * Capacities and tunables of the TCP stack, read once at construction (every array is sized from here).
 * Public mutable fields on purpose: a plain value filled by the firmware's configuration, then handed in.
 * Defaults suit a device on a 1280-byte tailnet MTU; tests shorten the timers.
 */
public final class TcpConfig {
    /** Connection slots (embryonic SYN_RECEIVED, established, closing and TIME_WAIT all use one). */
    public int maxSockets = 8;
    /** Listening ports. */
    public int maxListeners = 4;
    /**
     * Per listener: connections not yet accepted (SYN_RECEIVED plus established-but-unaccepted). A full
     * backlog drops further SYNs silently (counted as BACKLOG_FULL), so a SYN flood costs this many slots.
     */
    public int synBacklog = 2;
    /** Send ring per socket, bytes (&lt;= 65535: no window scaling). Needs 8 MSS for 8 segments in flight. */
    public int sendBufferSize = 16384;
    /** Receive ring per socket, bytes (&lt;= 65535): the largest window we advertise. */
    public int receiveBufferSize = 16384;
    /** Out-of-order ranges kept per socket (smoltcp's assembler holds 4); 0 drops out-of-order data. */
    public int reassemblyRanges = 4;
    /** IP MTU of the tunnel: MSS = mtu - 40 (IPv4) or mtu - 60 (IPv6). */
    public int mtu = 1280;
    /** RFC 6298 §2.4 says 1 s; RFC 6298 allows less, Linux uses 200 ms. */
    public int minRtoMs = 200;
    public int maxRtoMs = TcpConstants.MAX_RTO_MS;
    /** Retransmissions of one segment before the connection is dropped with TIMED_OUT. */
    public int maxRetransmissions = 8;
    /** SYN-ACK retransmissions before an embryonic connection is forgotten (frees the backlog slot). */
    public int synAckRetries = 3;
    /**
     * TIME_WAIT length. RFC 9293 asks for 2 MSL (4 min); a device with 8 slots cannot hold a slot that long,
     * so it is short (default 2 s, enough to answer a retransmitted FIN on a tailnet RTT). Duplicates of an
     * old connection are further guarded by RFC 6528 sequence numbers.
     */
    public int timeWaitMs = 2000;
    /** FIN_WAIT_2 after the application closed (Linux tcp_fin_timeout): stops a silent peer holding a slot. */
    public int finWait2TimeoutMs = 30000;
    /** Pending RSTs (answers to closed ports, aborts) awaiting poll(); overflow counted as RESET_QUEUE_FULL. */
    public int resetQueue = 4;

    /** Throws IllegalArgumentException on an unusable configuration (construction time only). */
    void validate() {
        if (maxSockets < 1 || maxSockets > 4096 || maxListeners < 1 || synBacklog < 1 || resetQueue < 1) {
            throw new IllegalArgumentException("tcp table sizes");
        }
        if (sendBufferSize < 1 || sendBufferSize > TcpConstants.MAX_WINDOW || receiveBufferSize < 1
                || receiveBufferSize > TcpConstants.MAX_WINDOW || reassemblyRanges < 0) {
            throw new IllegalArgumentException("tcp buffer sizes");
        }
        if (mtu < 576 || mtu > 65535 || minRtoMs < 1 || maxRtoMs < minRtoMs || maxRetransmissions < 1
                || synAckRetries < 0 || timeWaitMs < 0 || finWait2TimeoutMs < 0) {
            throw new IllegalArgumentException("tcp timers or mtu");
        }
    }
}
