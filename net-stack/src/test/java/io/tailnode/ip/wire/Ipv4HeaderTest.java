package io.tailnode.ip.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.ip.IpReason;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Ipv4HeaderTest {
    private static final String REQUEST = "4500005419344000400158f26440000264400001"
            + "08005da63282000183b1086b00000000fd8c0b0000000000"
            + "5461696c6e6f64655461696c6e6f64655461696c6e6f64655461696c6e6f64655461696c6e6f6465";
    private final Ipv4Header h = new Ipv4Header();

    private static byte[] req() {
        return HexFormat.of().parseHex(REQUEST);
    }

    @Test
    void decodesACapturedPing() {
        byte[] p = req();
        assertEquals(IpReason.OK, h.wrap(p, 0, p.length).check());
        assertEquals(4, h.version());
        assertEquals(20, h.headerLength());
        assertEquals(84, h.totalLength());
        assertEquals(0x1934, h.identification());
        assertTrue(h.dontFragment());
        assertFalse(h.isFragment());
        assertEquals(64, h.ttl());
        assertEquals(1, h.protocol());
        assertEquals(0x58f2, h.headerChecksum());
        assertEquals(0x64400002, h.source());
        assertEquals(0x64400001, h.destination());
        assertEquals(20, h.payloadOffset());
        assertEquals(64, h.payloadLength());
    }

    @Test
    void encodesBackToTheSameBytes() {
        byte[] p = req();
        h.wrap(p, 0, p.length);
        h.setTtl(64);
        h.setSource(0x64400002);
        h.setDestination(0x64400001);
        h.setTotalLength(84);
        h.fillChecksum();
        assertEquals(REQUEST, HexFormat.of().formatHex(p));
    }

    @Test
    void rejectionsWithExactReasons() {
        byte[] p = req();
        assertEquals(IpReason.TRUNCATED, h.wrap(p, 0, 19).check());
        assertEquals(IpReason.TRUNCATED, h.wrap(p, 0, 83).check());
        assertEquals(IpReason.TRUNCATED, h.wrap(p, 70, 20).check());
        assertEquals(IpReason.TRUNCATED, h.wrap(null, 0, 20).check());
        p[0] = 0x65;
        assertEquals(IpReason.BAD_VERSION, h.wrap(p, 0, 84).check());
        p[0] = 0x44;
        assertEquals(IpReason.BAD_HEADER_LENGTH, h.wrap(p, 0, 84).check());
        p[0] = 0x4f;
        assertEquals(IpReason.TRUNCATED, h.wrap(p, 0, 40).check());
        p = req();
        p[3] = 10;
        assertEquals(IpReason.BAD_TOTAL_LENGTH, h.wrap(p, 0, 84).check());
        p = req();
        p[8] = 63;
        assertEquals(IpReason.BAD_HEADER_CHECKSUM, h.wrap(p, 0, 84).check());
        assertEquals(IpReason.OK, h.wrap(p, 0, 84).checkLengths());
    }

    @Test
    void fragmentFlags() {
        byte[] p = req();
        p[6] = 0x20;
        assertTrue(h.wrap(p, 0, 84).isFragment());
        p[6] = 0;
        p[7] = 1;
        assertTrue(h.isFragment());
        assertEquals(1, h.fragmentOffset());
    }
}
