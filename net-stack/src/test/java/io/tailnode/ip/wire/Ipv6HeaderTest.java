package io.tailnode.ip.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tailnode.ip.IpReason;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Ipv6HeaderTest {
    private static final String REQUEST = "600058a000403a40fd7a115ca1e000000000000000000002fd7a115ca1e000000000000000000001"
            + "8000e58f3286000183b1086b000000009bb20b0000000000"
            + "5461696c6e6f64655461696c6e6f64655461696c6e6f64655461696c6e6f64655461696c6e6f6465";
    private final Ipv6Header h = new Ipv6Header();

    @Test
    void decodesACapturedPingAndSwapsAddresses() {
        byte[] p = HexFormat.of().parseHex(REQUEST);
        assertEquals(IpReason.OK, h.wrap(p, 0, p.length).check());
        assertEquals(6, h.version());
        assertEquals(64, h.payloadLength());
        assertEquals(104, h.packetLength());
        assertEquals(58, h.nextHeader());
        assertEquals(64, h.hopLimit());
        assertEquals(8, h.sourceOffset());
        assertEquals(40, h.payloadOffset());
        h.swapAddresses();
        assertEquals(1, p[23]);
        assertEquals(2, p[39]);
        h.swapAddresses();
        assertEquals(REQUEST, HexFormat.of().formatHex(p));
    }

    @Test
    void rejectionsWithExactReasons() {
        byte[] p = HexFormat.of().parseHex(REQUEST);
        assertEquals(IpReason.TRUNCATED, h.wrap(p, 0, 39).check());
        assertEquals(IpReason.TRUNCATED, h.wrap(p, 0, 103).check());
        assertEquals(IpReason.TRUNCATED, h.wrap(p, 90, 40).check());
        p[0] = 0x40;
        assertEquals(IpReason.BAD_VERSION, h.wrap(p, 0, 104).check());
    }
}
