package io.tailnode.ip;

/**
 * Sizes and limits of an {@link IpStack}, all fixed at construction (smoltcp's one list of table sizes).
 * Defaults fit a tailnet device; set fields before passing it in.
 */
public final class IpStackConfig {
    /** Tunnel MTU: longest packet accepted or sent. 1280 (IPv6 minimum, RFC 8200 §5) is Tailscale's default. */
    public int mtu = 1280;
    /** UDP socket table size. */
    public int udpSockets = 8;
    /** Per UDP socket: datagrams its receive ring holds. */
    public int udpRxPackets = 8;
    /** Per UDP socket: data bytes its receive ring holds. */
    public int udpRxBytes = 4096;
    /** Outgoing packets the stack queues for {@link IpStack#poll} (echo replies, ICMP errors, UDP). */
    public int outputQueuePackets = 16;
    /** ICMP error token bucket (RFC 4443 §2.4(f)): burst size. */
    public int icmpErrorBurst = 10;
    /** ICMP error token bucket: one token per this many ms after the burst (10/s by default). */
    public int icmpErrorIntervalMs = 100;
}
