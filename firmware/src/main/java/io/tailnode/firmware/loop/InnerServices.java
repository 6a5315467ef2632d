package io.tailnode.firmware.loop;

/**
 * What {@link TunnelLoop} hands decrypted inner packets to, and takes outgoing inner packets from: the device's
 * IP stack with its services ({@code io.tailnode.firmware.services.DeviceServices}). Sans-I/O, one event loop,
 * no allocation per call; time is the loop's monotonic ms.
 */
public interface InnerServices {
    /** One inner IP packet from the tunnel; {@code pkt} is not kept. Returns >= 0 if used, negative if dropped. */
    int receive(byte[] pkt, int off, int len, long nowMs);

    /** Service work (sockets, connections), bounded per call. */
    void service(long nowMs);

    /** At most one outgoing inner IP packet into {@code out[off, off+cap)}: its length, 0 if none, < 0 if none fits. */
    int poll(long nowMs, byte[] out, int off, int cap);

    /** When {@link #service} / {@link #poll} next have work (absolute ms; <= now: at once; Long.MAX_VALUE: never). */
    long nextDeadline(long nowMs);
}
