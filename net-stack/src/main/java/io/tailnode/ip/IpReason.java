package io.tailnode.ip;

/**
 * Why the IP layer dropped a packet: negative codes, specific enough to count and to test. {@link #COUNT}
 * sizes a counter array indexed by {@code -reason}.
 */
public final class IpReason {
    public static final int OK = 0;
    /** Shorter than its headers say (or than the smallest header). */
    public static final int TRUNCATED = -1;
    /** IP version nibble not 4 (IPv4 view) / 6 (IPv6 view) / either (classification). */
    public static final int BAD_VERSION = -2;
    /** IPv4 IHL below 5. */
    public static final int BAD_HEADER_LENGTH = -3;
    /** IPv4 total length smaller than its header. */
    public static final int BAD_TOTAL_LENGTH = -4;
    /** IPv4 header checksum does not verify. */
    public static final int BAD_HEADER_CHECKSUM = -5;
    /** A fragment (IPv4 MF or offset, IPv6 Fragment header): the device does not reassemble. */
    public static final int FRAGMENT = -6;
    /** IPv4 options or IPv6 extension headers: not supported by this minimal layer. */
    public static final int UNSUPPORTED_HEADER = -7;
    /** Destination is not one of the device's tunnel addresses. */
    public static final int NOT_FOR_US = -8;
    /** Not ICMP / ICMPv6 (EchoResponder alone; IpStack dispatches other protocols). */
    public static final int NOT_ICMP = -9;
    /** ICMP, but not an echo request (type 8 / 128, code 0). */
    public static final int NOT_ECHO_REQUEST = -10;
    /** ICMP / ICMPv6 checksum does not verify. */
    public static final int BAD_ICMP_CHECKSUM = -11;
    /** Source address unusable for a reply (unspecified, multicast, broadcast, loopback). */
    public static final int BAD_SOURCE = -12;
    /** Packet longer than the configured maximum (the tunnel MTU). */
    public static final int OVERSIZED = -13;
    /** The caller's output buffer cannot hold the reply. */
    public static final int BUFFER_TOO_SMALL = -14;
    /** UDP length field below 8 or beyond the IP payload (RFC 768). */
    public static final int BAD_UDP_LENGTH = -15;
    /** UDP checksum does not verify, or is zero over IPv6 (RFC 8200 §8.1: mandatory there). */
    public static final int BAD_UDP_CHECKSUM = -16;
    /** UDP datagram to a port no socket is bound to (answered with ICMP port unreachable, rate-limited). */
    public static final int PORT_UNREACHABLE = -17;
    /** Transport protocol with no handler (answered with ICMP protocol unreachable / parameter problem). */
    public static final int PROTOCOL_UNREACHABLE = -18;
    /** The destination socket's receive ring is full (count or bytes). */
    public static final int RECEIVE_RING_FULL = -19;
    /** The stack's fixed output queue is full: a reply or error could not be queued. */
    public static final int OUTPUT_QUEUE_FULL = -20;
    /** The registered transport handler (TCP) refused the segment; it counts its own reasons. */
    public static final int TRANSPORT_DROPPED = -21;
    /** Number of reasons: counter arrays have {@code COUNT + 1} slots, indexed by {@code -reason}. */
    public static final int COUNT = 21;

    private IpReason() {
    }
}
