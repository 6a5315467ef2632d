package io.tailnode.ip;

import static io.tailnode.ip.Packets.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class InnerPacketTest {
    private final InnerPacket inner = new InnerPacket();

    @Test
    void classifiesV4WithPadding() {
        byte[] buf = new byte[200];
        byte[] p = hex(Packets.V4_REQUEST);
        System.arraycopy(p, 0, buf, 16, p.length);
        assertEquals(4, inner.parse(buf, 16, 96));
        assertEquals(84, inner.packetLength());
        assertEquals(4, inner.addressLength());
        assertEquals(1, inner.protocol());
        assertEquals(0x64400002, inner.sourceV4());
        assertEquals(0x64400001, inner.destinationV4());
        assertEquals(16 + 12, inner.sourceOffset());
        byte[] dst = new byte[4];
        inner.copyDestination(dst, 0);
        assertArrayEquals(Packets.DEVICE_V4, dst);
    }

    @Test
    void classifiesV6() {
        byte[] p = hex(Packets.V6_REQUEST);
        assertEquals(6, inner.parse(p, 0, p.length));
        assertEquals(104, inner.packetLength());
        assertEquals(16, inner.addressLength());
        assertEquals(58, inner.protocol());
        byte[] src = new byte[16];
        inner.copySource(src, 0);
        assertArrayEquals(hex("fd7a115ca1e000000000000000000002"), src);
        assertEquals(24, inner.destinationOffset());
    }

    @Test
    void ignoresTheIpv4ChecksumButRejectsBadLengths() {
        byte[] p = hex(Packets.V4_REQUEST);
        p[10] ^= 0x55;
        assertEquals(4, inner.parse(p, 0, p.length));
        assertEquals(IpReason.TRUNCATED, inner.parse(p, 0, 83));
        assertEquals(IpReason.TRUNCATED, inner.parse(p, 0, 0));
        assertEquals(IpReason.TRUNCATED, inner.parse(p, 80, 10));
        assertEquals(0, inner.version());
        byte[] v6 = hex(Packets.V6_REQUEST);
        assertEquals(IpReason.TRUNCATED, inner.parse(v6, 0, 103));
        assertEquals(IpReason.TRUNCATED, inner.parse(v6, 0, 39));
        byte[] bad = Arrays.copyOf(p, p.length);
        bad[0] = 0x25;
        assertEquals(IpReason.BAD_VERSION, inner.parse(bad, 0, bad.length));
        bad[0] = 0x43;
        assertEquals(IpReason.BAD_HEADER_LENGTH, inner.parse(bad, 0, bad.length));
    }
}
