package io.tailnode.ip;

/**
 * The seam through which a transport that keeps its own state (TCP, {@code io.tailnode.ip.tcp}) plugs into
 * {@link IpStack} without the stack knowing its classes. Sans-I/O like the stack: time is passed in.
 * Implementations must not allocate per call and must not keep {@code pkt} after returning.
 */
public interface TransportHandler {
    /**
     * One IP packet for this transport, already validated by the stack (IP header checksum, lengths,
     * addressed to the device, not a fragment): {@code pkt[off, off+len)} is the whole IP packet (len is its
     * IP length, padding excluded), {@code ipVersion} 4 or 6. Returns >= 0 if accepted, negative if dropped
     * (the handler counts its own reasons; the stack counts TRANSPORT_DROPPED). Answering a segment for no
     * socket (RST) is the handler's job, through {@link #poll}.
     */
    int receive(byte[] pkt, int off, int len, int ipVersion, long nowMs);

    /** Writes at most one outgoing IP packet into {@code out[off, off+cap)}; returns its length, or 0 if none. */
    int poll(long nowMs, byte[] out, int off, int cap);

    /** When {@link #poll} next has something to do (timers), in the caller's ms; Long.MAX_VALUE for never. */
    long nextDeadline();
}
