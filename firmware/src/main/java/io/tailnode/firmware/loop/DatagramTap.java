package io.tailnode.firmware.loop;

/**
 * Takes the UDP datagrams that share WireGuard's socket but are not WireGuard (issue #7): STUN responses and disco
 * messages, recognised by their magic before the WireGuard core sees them. Loop thread only; must not allocate.
 */
public interface DatagramTap {
    /**
     * @param src the sender in source form ({@code src[0..srcLen)})
     * @return true if the datagram was taken (not WireGuard), false to hand it to the WireGuard core
     */
    boolean onDatagram(byte[] buf, int off, int len, byte[] src, int srcLen, long nowMs);
}
