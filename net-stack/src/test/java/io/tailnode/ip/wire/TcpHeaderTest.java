package io.tailnode.ip.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.ip.tcp.TcpReason;
import org.junit.jupiter.api.Test;

/** TcpHeader: known bytes (checksums computed independently with Python's struct), round trip, rejections. */
class TcpHeaderTest {
    /** IPv4 SYN 10.0.0.2:49152 -> 10.0.0.1:80, seq 0x01020304, window 65535, MSS 1240. */
    static final String V4_SYN = "4500002c00004000400626ca0a0000020a000001"
            + "c000005001020304000000006002ffffc0a90000020404d8";
    /** IPv6 PSH|ACK "hello", seq 0x11223344, ack 0x55667788, window 1000. */
    static final String V6_DATA = "6000000000190640fd7a0000000000000000000000000002fd7a0000000000000000000000000001"
            + "c00000501122334455667788501803e89b6f000068656c6c6f";

    static byte[] hex(String s) {
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }

    private final TcpHeader h = new TcpHeader();

    @Test
    void decodesIpv4SynWithMss() {
        byte[] p = hex(V4_SYN);
        assertEquals(0, h.wrap(p, 20, p.length - 20).check());
        assertEquals(49152, h.sourcePort());
        assertEquals(80, h.destinationPort());
        assertEquals(0x01020304, h.sequence());
        assertEquals(0, h.acknowledgment());
        assertEquals(24, h.headerLength());
        assertEquals(TcpHeader.SYN, h.flags());
        assertEquals(65535, h.window());
        assertEquals(0xc0a9, h.checksum());
        assertEquals(1240, h.mssOption());
        assertEquals(-1, h.windowScaleOption());
        assertEquals(0, h.payloadLength());
        assertEquals(1, h.sequenceLength());
        assertTrue(h.checksumOk(p, 12, 16, 4));
    }

    @Test
    void decodesIpv6DataWithPseudoHeader() {
        byte[] p = hex(V6_DATA);
        assertEquals(0, h.wrap(p, 40, p.length - 40).check());
        assertEquals(0x11223344, h.sequence());
        assertEquals(0x55667788, h.acknowledgment());
        assertEquals(TcpHeader.PSH | TcpHeader.ACK, h.flags());
        assertEquals(1000, h.window());
        assertEquals(5, h.payloadLength());
        assertEquals(60, h.payloadOffset());
        assertEquals(5, h.sequenceLength());
        assertTrue(h.checksumOk(p, 8, 24, 16));
        p[p.length - 1] ^= 1;
        assertFalse(h.checksumOk(p, 8, 24, 16));
    }

    @Test
    void encodesTheSameBytes() {
        byte[] ref = hex(V4_SYN);
        byte[] p = new byte[ref.length];
        System.arraycopy(ref, 0, p, 0, 20);
        h.wrap(p, 20, 24);
        h.setSourcePort(49152);
        h.setDestinationPort(80);
        h.setSequence(0x01020304);
        h.setAcknowledgment(0);
        h.setHeaderLength(24);
        h.setFlags(TcpHeader.SYN);
        h.setWindow(65535);
        h.setUrgentPointer(0);
        TcpHeader.writeMssOption(p, 40, 1240);
        h.fillChecksum(p, 12, 16, 4);
        assertArrayEquals(ref, p);

        byte[] ref6 = hex(V6_DATA);
        byte[] q = ref6.clone();
        q[56] = 0;
        q[57] = 0;
        h.wrap(q, 40, q.length - 40).fillChecksum(q, 8, 24, 16);
        assertArrayEquals(ref6, q);
    }

    @Test
    void roundTripsEveryField() {
        byte[] p = new byte[40 + 20 + 3];
        p[0] = 0x45;
        h.wrap(p, 20, 23);
        h.setSourcePort(65535);
        h.setDestinationPort(1);
        h.setSequence(0xfffffffe);
        h.setAcknowledgment(0x80000000);
        h.setHeaderLength(20);
        h.setFlags(TcpHeader.FIN | TcpHeader.ACK);
        h.setWindow(12345);
        h.fillChecksum(p, 12, 16, 4);
        TcpHeader r = new TcpHeader().wrap(p, 20, 23);
        assertEquals(0, r.check());
        assertEquals(65535, r.sourcePort());
        assertEquals(1, r.destinationPort());
        assertEquals(0xfffffffe, r.sequence());
        assertEquals(0x80000000, r.acknowledgment());
        assertEquals(TcpHeader.FIN | TcpHeader.ACK, r.flags());
        assertEquals(12345, r.window());
        assertEquals(3, r.payloadLength());
        assertEquals(4, r.sequenceLength());
        assertTrue(r.checksumOk(p, 12, 16, 4));
    }

    @Test
    void skipsUnknownOptionsAndReadsWindowScale() {
        byte[] p = hex(V4_SYN);
        byte[] q = new byte[p.length + 12];
        System.arraycopy(p, 0, q, 0, p.length);
        // data offset 9 words: MSS, NOP, WS=16 (clamped to 14), SACK-permitted, timestamps cut short by END.
        q[32] = (byte) 0x90;
        byte[] opts = {2, 4, 4, (byte) 0xd8, 1, 3, 3, 16, 4, 2, 0, 0, 0, 0, 0, 0};
        System.arraycopy(opts, 0, q, 40, opts.length);
        assertEquals(0, h.wrap(q, 20, 36).check());
        assertEquals(1240, h.mssOption());
        assertEquals(14, h.windowScaleOption());
    }

    @Test
    void rejectsWithExactReasons() {
        byte[] p = hex(V4_SYN);
        assertEquals(TcpReason.TRUNCATED, h.wrap(p, 20, 19).check());
        assertEquals(TcpReason.TRUNCATED, h.wrap(p, 20, 200).check());
        assertEquals(TcpReason.TRUNCATED, h.wrap(null, 0, 20).check());
        byte[] q = p.clone();
        q[32] = 0x40;
        assertEquals(TcpReason.BAD_DATA_OFFSET, h.wrap(q, 20, 24).check());
        q = p.clone();
        q[32] = (byte) 0x70;
        assertEquals(TcpReason.TRUNCATED, h.wrap(q, 20, 24).check());
        q = p.clone();
        q[33] = TcpHeader.SYN | TcpHeader.FIN;
        assertEquals(TcpReason.BAD_FLAGS, h.wrap(q, 20, 24).check());
        q[33] = TcpHeader.SYN | TcpHeader.RST;
        assertEquals(TcpReason.BAD_FLAGS, h.wrap(q, 20, 24).check());
        q[33] = TcpHeader.PSH;
        assertEquals(TcpReason.BAD_FLAGS, h.wrap(q, 20, 24).check());
        q = p.clone();
        q[41] = 5;
        assertEquals(TcpReason.BAD_OPTION, h.wrap(q, 20, 24).check());
        q[41] = 1;
        assertEquals(TcpReason.BAD_OPTION, h.wrap(q, 20, 24).check());
        q = p.clone();
        q[40] = 3;
        q[41] = 4;
        assertEquals(TcpReason.BAD_OPTION, h.wrap(q, 20, 24).check());
        q = p.clone();
        q[40] = 1;
        q[41] = 1;
        q[42] = 1;
        q[43] = 8;
        assertEquals(TcpReason.BAD_OPTION, h.wrap(q, 20, 24).check());
    }
}
