package io.tailnode.ip;

import io.tailnode.ip.wire.Ipv6Header;

/**
 * A mutable (address, port) pair the caller owns and reuses: the "from" of {@link UdpSocket#recv} and the
 * "to" of {@link UdpSocket#send}, so neither allocates. {@link #version} 4 uses {@code address[0..4)}.
 */
public final class UdpEndpoint {
    public final byte[] address = new byte[Ipv6Header.ADDRESS_LENGTH];
    /** 4 or 6; 0 = unset. */
    public int version;
    public int port;

    /** Sets an IPv4 endpoint from 4 bytes at {@code a[off]}. */
    public UdpEndpoint setV4(byte[] a, int off, int port) {
        System.arraycopy(a, off, address, 0, 4);
        this.version = 4;
        this.port = port;
        return this;
    }

    /** Sets an IPv6 endpoint from 16 bytes at {@code a[off]}. */
    public UdpEndpoint setV6(byte[] a, int off, int port) {
        System.arraycopy(a, off, address, 0, Ipv6Header.ADDRESS_LENGTH);
        this.version = 6;
        this.port = port;
        return this;
    }
}
