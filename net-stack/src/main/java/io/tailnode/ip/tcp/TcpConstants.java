package io.tailnode.ip.tcp;

/** Protocol constants, grouped by origin. Capacities and tunables are not here: see {@link TcpConfig}. */
public final class TcpConstants {
    // ---- from the specifications ----
    /** RFC 9293 §3.1: the IP protocol number of TCP. */
    public static final int PROTOCOL_TCP = 6;
    /** RFC 6298 §2.1: initial RTO before any RTT sample. */
    public static final int INITIAL_RTO_MS = 1000;
    /** RFC 6298 §2.5: an upper bound of at least 60 s may be placed on the RTO. */
    public static final int MAX_RTO_MS = 60000;
    /** RFC 6298 §2.3: alpha = 1/8, beta = 1/4, K = 4 (used as shifts). */
    public static final int RTT_ALPHA_SHIFT = 3;
    public static final int RTT_BETA_SHIFT = 2;
    public static final int RTT_K = 4;
    /** RFC 5681 §3.2: the third duplicate ACK triggers fast retransmit. */
    public static final int DUP_ACK_THRESHOLD = 3;
    /** RFC 6528 §3: M is a timer that increments every 4 microseconds, i.e. 250 per millisecond. */
    public static final int ISN_TICKS_PER_MS = 250;
    /** RFC 9293 §3.7.1: MSS assumed when the peer sends no MSS option (IPv4 576 - 40); 1220 for IPv6. */
    public static final int DEFAULT_MSS_V4 = 536;
    public static final int DEFAULT_MSS_V6 = 1220;
    /** Largest window without RFC 7323 scaling (which we do not negotiate). */
    public static final int MAX_WINDOW = 65535;

    // ---- implementation ----
    public static final int IPV4_HEADER = 20;
    public static final int IPV6_HEADER = 40;
    public static final int TCP_HEADER = 20;
    /** TTL / hop limit of our segments (Linux's default). */
    public static final int TTL = 64;
    /** First port of the ephemeral range (RFC 6335 §6). */
    public static final int EPHEMERAL_FIRST = 49152;

    private TcpConstants() {
    }
}
