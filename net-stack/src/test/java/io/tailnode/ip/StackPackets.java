package io.tailnode.ip;

import java.util.Arrays;

/**
 * Hand-built packets for the IpStack / UDP tests, with every checksum computed by the test-side reference
 * ({@link Packets#referenceChecksum}) over an explicitly built pseudo-header: independent of InetChecksum.
 */
final class StackPackets {
    static final byte[] PEER_V4 = {100, 64, 0, 2};
    static final byte[] PEER_V6 = Packets.hex("fd7a115ca1e000000000000000000002");

    private StackPackets() {
    }

    /** IPv4 header (IHL 5) with the given fields; checksum filled by the reference. */
    static byte[] v4(byte[] src, byte[] dst, int protocol, int id, int flagsFrag, int ttl, byte[] payload) {
        int total = 20 + payload.length;
        byte[] p = new byte[total];
        p[0] = 0x45;
        p[2] = (byte) (total >>> 8);
        p[3] = (byte) total;
        p[4] = (byte) (id >>> 8);
        p[5] = (byte) id;
        p[6] = (byte) (flagsFrag >>> 8);
        p[7] = (byte) flagsFrag;
        p[8] = (byte) ttl;
        p[9] = (byte) protocol;
        System.arraycopy(src, 0, p, 12, 4);
        System.arraycopy(dst, 0, p, 16, 4);
        System.arraycopy(payload, 0, p, 20, payload.length);
        int c = Packets.referenceChecksum(p, 0, 20);
        p[10] = (byte) (c >>> 8);
        p[11] = (byte) c;
        return p;
    }

    static byte[] v6(byte[] src, byte[] dst, int nextHeader, int hopLimit, byte[] payload) {
        byte[] p = new byte[40 + payload.length];
        p[0] = 0x60;
        p[4] = (byte) (payload.length >>> 8);
        p[5] = (byte) payload.length;
        p[6] = (byte) nextHeader;
        p[7] = (byte) hopLimit;
        System.arraycopy(src, 0, p, 8, 16);
        System.arraycopy(dst, 0, p, 24, 16);
        System.arraycopy(payload, 0, p, 40, payload.length);
        return p;
    }

    /** Pseudo-header bytes (RFC 768 / RFC 8200 §8.1) laid out literally, for the reference checksum. */
    static byte[] pseudo(byte[] src, byte[] dst, int protocol, int length) {
        if (src.length == 4) {
            byte[] h = new byte[12];
            System.arraycopy(src, 0, h, 0, 4);
            System.arraycopy(dst, 0, h, 4, 4);
            h[9] = (byte) protocol;
            h[10] = (byte) (length >>> 8);
            h[11] = (byte) length;
            return h;
        }
        byte[] h = new byte[40];
        System.arraycopy(src, 0, h, 0, 16);
        System.arraycopy(dst, 0, h, 16, 16);
        h[32] = (byte) (length >>> 24);
        h[33] = (byte) (length >>> 16);
        h[34] = (byte) (length >>> 8);
        h[35] = (byte) length;
        h[39] = (byte) protocol;
        return h;
    }

    /** Reference checksum of {@code pseudo || message} (pseudo-header is always an even length). */
    static int checksum(byte[] pseudo, byte[] message) {
        byte[] all = new byte[pseudo.length + message.length];
        System.arraycopy(pseudo, 0, all, 0, pseudo.length);
        System.arraycopy(message, 0, all, pseudo.length, message.length);
        return Packets.referenceChecksum(all, 0, all.length);
    }

    /** A UDP datagram (header + data) with its checksum (0 computed is sent as 0xFFFF). */
    static byte[] udp(byte[] src, byte[] dst, int srcPort, int dstPort, byte[] data) {
        byte[] u = new byte[8 + data.length];
        u[0] = (byte) (srcPort >>> 8);
        u[1] = (byte) srcPort;
        u[2] = (byte) (dstPort >>> 8);
        u[3] = (byte) dstPort;
        u[4] = (byte) (u.length >>> 8);
        u[5] = (byte) u.length;
        System.arraycopy(data, 0, u, 8, data.length);
        int c = checksum(pseudo(src, dst, 17, u.length), u);
        if (c == 0) {
            c = 0xffff;
        }
        u[6] = (byte) (c >>> 8);
        u[7] = (byte) c;
        return u;
    }

    /** A whole IP+UDP packet, IPv4 (id 0x1234, no flags, TTL 64) or IPv6 (hop limit 64) by address length. */
    static byte[] udpPacket(byte[] src, byte[] dst, int srcPort, int dstPort, byte[] data) {
        byte[] u = udp(src, dst, srcPort, dstPort, data);
        return src.length == 4 ? v4(src, dst, 17, 0x1234, 0, 64, u) : v6(src, dst, 17, 64, u);
    }

    /** Peer to device UDP. */
    static byte[] toDevice(boolean v6, int srcPort, int dstPort, byte[] data) {
        return v6 ? udpPacket(PEER_V6, Packets.DEVICE_V6, srcPort, dstPort, data)
                : udpPacket(PEER_V4, Packets.DEVICE_V4, srcPort, dstPort, data);
    }

    /** An ICMP / ICMPv6 message (type, code, 4 rest bytes, body) with its reference checksum. */
    static byte[] icmp(byte[] src, byte[] dst, int type, int code, int rest, byte[] body) {
        byte[] m = new byte[8 + body.length];
        m[0] = (byte) type;
        m[1] = (byte) code;
        m[4] = (byte) (rest >>> 24);
        m[5] = (byte) (rest >>> 16);
        m[6] = (byte) (rest >>> 8);
        m[7] = (byte) rest;
        System.arraycopy(body, 0, m, 8, body.length);
        int c = src.length == 4 ? Packets.referenceChecksum(m, 0, m.length) : checksum(pseudo(src, dst, 58, m.length), m);
        m[2] = (byte) (c >>> 8);
        m[3] = (byte) c;
        return m;
    }

    /**
     * The ICMP error the device must send about {@code offending} (from the device to the offender's source):
     * IPv4 id {@code id}, DF, TTL 64; IPv6 hop limit 64. Quote cut at 576 / 1280 bytes total.
     */
    static byte[] expectedError(byte[] offending, int type, int code, int rest, int id) {
        boolean v6 = (offending[0] & 0xf0) == 0x60;
        byte[] src = Arrays.copyOfRange(offending, v6 ? 24 : 16, v6 ? 40 : 20);
        byte[] dst = Arrays.copyOfRange(offending, v6 ? 8 : 12, v6 ? 24 : 16);
        int max = v6 ? 1280 - 48 : 576 - 28;
        byte[] quote = Arrays.copyOf(offending, Math.min(offending.length, max));
        byte[] m = icmp(src, dst, type, code, rest, quote);
        return v6 ? v6(src, dst, 58, 64, m) : v4(src, dst, 1, id, 0x4000, 64, m);
    }

    static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }
}
