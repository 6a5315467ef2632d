package io.tailnode.ip;

import io.tailnode.ip.wire.Ipv6Header;
import io.tailnode.lang.Bytes;
import io.tailnode.lang.HotPath;

/**
 * The device's own tunnel addresses (one IPv4, one IPv6, either optional), shared by {@link IpStack} and
 * {@link UdpLayer}: "is this packet for us" and "what is our source address". Set from the netmap / config,
 * read per packet. Not thread-safe.
 */
public final class TunnelAddresses {
    private final byte[] v6 = new byte[Ipv6Header.ADDRESS_LENGTH];
    private final byte[] v4Bytes = new byte[4];
    private int v4;
    private boolean hasV4;
    private boolean hasV6;

    public void setV4(byte[] a, int off) {
        System.arraycopy(a, off, v4Bytes, 0, 4);
        v4 = Bytes.getIntBE(a, off);
        hasV4 = true;
    }

    public void setV6(byte[] a, int off) {
        System.arraycopy(a, off, v6, 0, Ipv6Header.ADDRESS_LENGTH);
        hasV6 = true;
    }

    public void clear() {
        hasV4 = false;
        hasV6 = false;
    }

    public boolean hasV4() {
        return hasV4;
    }

    public boolean hasV6() {
        return hasV6;
    }

    /** True if {@code a} (u32) is our IPv4 address. */
    @HotPath
    public boolean isV4(int a) {
        return hasV4 && a == v4;
    }

    /** True if the 16 bytes at {@code b[off]} are our IPv6 address. */
    @HotPath
    public boolean isV6(byte[] b, int off) {
        if (!hasV6) {
            return false;
        }
        for (int i = 0; i < Ipv6Header.ADDRESS_LENGTH; i++) {
            if (b[off + i] != v6[i]) {
                return false;
            }
        }
        return true;
    }

    /** Copies our IPv4 address (4 bytes) to {@code dst[off]}. */
    @HotPath
    public void copyV4(byte[] dst, int off) {
        System.arraycopy(v4Bytes, 0, dst, off, 4);
    }

    /** Copies our IPv6 address (16 bytes) to {@code dst[off]}. */
    @HotPath
    public void copyV6(byte[] dst, int off) {
        System.arraycopy(v6, 0, dst, off, Ipv6Header.ADDRESS_LENGTH);
    }
}
