package io.tailnode.ip;

import io.tailnode.ip.wire.Ipv4Header;
import io.tailnode.lang.Bytes;
import io.tailnode.lang.HotPath;

/**
 * Writes the fixed IP headers of packets the device originates (UDP datagrams, ICMP errors); addresses are
 * the caller's to fill. IPv4 (RFC 791): IHL 5, no options, DF set (we never fragment, RFC 6864 §4 lets an
 * atomic datagram's Identification be anything), checksum left to {@link Ipv4Header#fillChecksum()} once the
 * addresses are in. IPv6 (RFC 8200 §3): traffic class and flow label 0.
 */
final class IpEmit {
    private IpEmit() {
    }

    /** Writes an IPv4 header of {@code total} bytes at {@code out[p]} and leaves {@code view} wrapped on it. */
    @HotPath
    static void v4Header(Ipv4Header view, byte[] out, int p, int total, int id, int protocol, int ttl) {
        out[p] = 0x45;
        out[p + 1] = 0;
        Bytes.putShortBE(out, p + 2, total);
        Bytes.putShortBE(out, p + 4, id);
        Bytes.putShortBE(out, p + 6, Ipv4Header.FLAG_DF);
        out[p + 8] = (byte) ttl;
        out[p + 9] = (byte) protocol;
        Bytes.putShortBE(out, p + 10, 0);
        view.wrap(out, p, total);
    }

    /** Writes an IPv6 fixed header with {@code payloadLength} and {@code nextHeader} at {@code out[p]}. */
    @HotPath
    static void v6Header(byte[] out, int p, int payloadLength, int nextHeader, int hopLimit) {
        Bytes.putIntBE(out, p, 0x60000000);
        Bytes.putShortBE(out, p + 4, payloadLength);
        out[p + 6] = (byte) nextHeader;
        out[p + 7] = (byte) hopLimit;
    }
}
