package io.tailnode.ip.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.ip.IpReason;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** UdpHeader (RFC 768) from literal bytes: fields, length checks, checksum fill/verify incl. the 0xFFFF rule. */
class UdpHeaderTest {
    // 100.64.0.2:40000 -> 100.64.0.1:7, "tailnode", checksum field zeroed; the expected checksum comes from
    // the independent reference below (pseudo-header laid out as bytes, int sum folded at the end).
    private static final byte[] IP = HexFormat.of().parseHex("6440000264400001");
    private static final byte[] UDP = HexFormat.of().parseHex("9c40000700100000" + "7461696c6e6f6465");

    private static int reference(byte[] udp) {
        byte[] all = new byte[12 + udp.length];
        System.arraycopy(IP, 0, all, 0, 8);
        all[9] = 17;
        all[11] = (byte) udp.length;
        System.arraycopy(udp, 0, all, 12, udp.length);
        int sum = 0;
        for (int i = 0; i < all.length; i += 2) {
            sum += ((all[i] & 0xff) << 8) | (i + 1 < all.length ? all[i + 1] & 0xff : 0);
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return ~sum & 0xffff;
    }

    private static long pseudo(byte[] ip, int len) {
        return InetChecksum.ipv4PseudoHeader(ip, 0, 4, len, 17);
    }

    @Test
    void fieldsAndChecksumOfAKnownDatagram() {
        byte[] u = UDP.clone();
        UdpHeader h = new UdpHeader().wrap(u, 0, u.length);
        assertEquals(IpReason.OK, h.check());
        assertEquals(40000, h.sourcePort());
        assertEquals(7, h.destinationPort());
        assertEquals(16, h.length());
        assertEquals(8, h.payloadOffset());
        assertEquals(8, h.payloadLength());
        h.fillChecksum(pseudo(IP, 16));
        assertEquals(reference(UDP), h.checksum());
        assertTrue(h.verify(pseudo(IP, 16)));
        u[9] ^= 1;
        assertFalse(h.verify(pseudo(IP, 16)));
    }

    @Test
    void computedZeroIsSentAsAllOnes() {
        byte[] u = UDP.clone();
        UdpHeader h = new UdpHeader().wrap(u, 0, u.length);
        for (int v = 0; v < 0x10000; v++) {
            u[14] = (byte) (v >>> 8);
            u[15] = (byte) v;
            u[6] = 0;
            u[7] = 0;
            if (reference(u) == 0) {
                h.fillChecksum(pseudo(IP, 16));
                assertEquals(0xffff, h.checksum());
                assertTrue(h.verify(pseudo(IP, 16)), "0xFFFF verifies as well (one's complement -0)");
                return;
            }
        }
        throw new AssertionError("no datagram with a zero checksum found");
    }

    @Test
    void lengthChecks() {
        byte[] u = UDP.clone();
        UdpHeader h = new UdpHeader();
        assertEquals(IpReason.TRUNCATED, h.wrap(u, 0, 7).check());
        assertEquals(IpReason.TRUNCATED, h.wrap(u, 10, 8).check());
        assertEquals(IpReason.BAD_UDP_LENGTH, h.wrap(u, 0, 15).check(), "Length 16 beyond a 15-byte payload");
        u[5] = 7;
        assertEquals(IpReason.BAD_UDP_LENGTH, h.wrap(u, 0, 16).check(), "Length below the header");
        u[5] = 8;
        assertEquals(IpReason.OK, h.wrap(u, 0, 16).check(), "shorter than the payload is allowed");
        assertEquals(0, h.payloadLength());
    }
}
