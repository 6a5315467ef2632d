package io.tailnode.ip;

import static io.tailnode.ip.Packets.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.ip.wire.InetChecksum;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EchoResponderTest {
    private final EchoResponder responder = new EchoResponder(1420);

    EchoResponderTest() {
        responder.setAddressV4(Packets.DEVICE_V4, 0);
        responder.setAddressV6(Packets.DEVICE_V6, 0);
    }

    private static byte[] icmpPart(byte[] p, int ipHeader) {
        return Arrays.copyOfRange(p, ipHeader, p.length);
    }

    @Test
    void v4ReplyInPlaceMatchesTheLinuxKernelsReply() {
        byte[] p = hex(Packets.V4_REQUEST);
        byte[] kernel = hex(Packets.V4_KERNEL_REPLY);
        assertEquals(84, responder.respond(p, 0, p.length));
        assertArrayEquals(icmpPart(kernel, 20), icmpPart(p, 20));
        assertArrayEquals(Arrays.copyOfRange(kernel, 12, 20), Arrays.copyOfRange(p, 12, 20), "addresses swapped");
        assertEquals(64, p[8]);
        assertEquals(0x40, p[6], "DF kept");
        assertEquals(0, InetChecksum.of(p, 0, 20));
        assertEquals(1, responder.replyCount());
    }

    @Test
    void v6ReplyIntoCallerBufferMatchesTheLinuxKernelsReply() {
        byte[] in = hex(Packets.V6_REQUEST);
        byte[] inCopy = in.clone();
        byte[] kernel = hex(Packets.V6_KERNEL_REPLY);
        byte[] out = new byte[200];
        assertEquals(104, responder.respond(in, 0, in.length, out, 50, 150));
        assertArrayEquals(inCopy, in, "input untouched");
        byte[] reply = Arrays.copyOfRange(out, 50, 154);
        assertArrayEquals(icmpPart(kernel, 40), icmpPart(reply, 40));
        assertArrayEquals(Arrays.copyOfRange(kernel, 4, 40), Arrays.copyOfRange(reply, 4, 40));
        assertEquals(0, out[49]);
        assertEquals(0, out[154]);
    }

    @Test
    void wireGuardPaddingAfterThePacketIsIgnored() {
        byte[] p = Arrays.copyOf(hex(Packets.V4_REQUEST), 96); // 84 padded to a multiple of 16
        assertEquals(84, responder.respond(p, 0, 96));
        byte[] v6 = Arrays.copyOf(hex(Packets.V6_REQUEST), 112);
        assertEquals(104, responder.respond(v6, 0, 112));
    }

    @Test
    void fullSizeEchoWithDfSet() {
        byte[] p = Packets.v4Echo(1420, true);
        byte[] payload = Arrays.copyOfRange(p, 28, 1420);
        assertEquals(1420, responder.respond(p, 0, p.length));
        assertEquals(0x40, p[6] & 0xff);
        assertEquals(0, p[20], "echo reply");
        assertEquals(0, InetChecksum.of(p, 20, 1400));
        assertEquals(0, Packets.referenceChecksum(p, 0, 20));
        assertArrayEquals(payload, Arrays.copyOfRange(p, 28, 1420));
    }

    @Test
    void oversizedIsRejected() {
        byte[] p = Packets.v4Echo(1421, true);
        assertRejected(p, p.length, IpReason.OVERSIZED);
    }

    private void assertRejected(byte[] p, int len, int reason) {
        byte[] before = p.clone();
        int count = responder.dropCount(reason);
        assertEquals(reason, responder.respond(p, 0, len));
        assertArrayEquals(before, p, "nothing changed");
        assertEquals(count + 1, responder.dropCount(reason), "counted");
        byte[] out = new byte[2000];
        assertEquals(reason, responder.respond(p, 0, len, out, 0, out.length));
        assertArrayEquals(new byte[2000], out);
    }

    @Test
    void fragmentsAreDroppedAndCounted() {
        byte[] mf = hex(Packets.V4_REQUEST);
        mf[6] |= 0x20;
        Packets.fixV4(mf);
        assertRejected(mf, mf.length, IpReason.FRAGMENT);
        byte[] later = hex(Packets.V4_REQUEST);
        later[7] = 0x10;
        Packets.fixV4(later);
        assertRejected(later, later.length, IpReason.FRAGMENT);
        byte[] v6 = hex(Packets.V6_REQUEST);
        v6[6] = 44;
        assertRejected(v6, v6.length, IpReason.FRAGMENT);
    }

    @Test
    void eachWayOfBeingWrongHasItsReason() {
        byte[] p = hex(Packets.V4_REQUEST);
        p[10] ^= 1;
        assertRejected(p, 84, IpReason.BAD_HEADER_CHECKSUM);
        p = hex(Packets.V4_REQUEST);
        p[40] ^= 1;
        assertRejected(p, 84, IpReason.BAD_ICMP_CHECKSUM);
        p = hex(Packets.V4_REQUEST);
        p[19] = 9;
        Packets.fixV4(p);
        assertRejected(p, 84, IpReason.NOT_FOR_US);
        p = hex(Packets.V4_REQUEST);
        p[9] = 17;
        Packets.fixV4(p);
        assertRejected(p, 84, IpReason.NOT_ICMP);
        p = hex(Packets.V4_REQUEST);
        p[20] = 0;
        Packets.fixV4(p);
        assertRejected(p, 84, IpReason.NOT_ECHO_REQUEST);
        p = hex(Packets.V4_REQUEST);
        p[21] = 1;
        Packets.fixV4(p);
        assertRejected(p, 84, IpReason.NOT_ECHO_REQUEST);
        p = hex(Packets.V4_REQUEST);
        p[12] = (byte) 224;
        Packets.fixV4(p);
        assertRejected(p, 84, IpReason.BAD_SOURCE);
        p = hex(Packets.V4_REQUEST);
        p[0] = 0x46; // options: 24-byte header
        Packets.fixV4(p);
        assertRejected(p, 84, IpReason.UNSUPPORTED_HEADER);
        p = hex(Packets.V4_REQUEST);
        p[0] = 0x44;
        assertRejected(p, 84, IpReason.BAD_HEADER_LENGTH);
        p = hex(Packets.V4_REQUEST);
        p[3] = 19;
        Packets.fixV4(p);
        assertRejected(p, 84, IpReason.BAD_TOTAL_LENGTH);
        p = hex(Packets.V4_REQUEST);
        p[0] = 0x55;
        assertRejected(p, 84, IpReason.BAD_VERSION);
        p = hex(Packets.V4_REQUEST);
        p[3] = 24; // total length 24: ICMP part of 4 bytes
        Packets.fixV4(p);
        assertRejected(p, 84, IpReason.TRUNCATED);
        byte[] v6 = hex(Packets.V6_REQUEST);
        v6[55] ^= 1;
        assertRejected(v6, 104, IpReason.BAD_ICMP_CHECKSUM);
        v6 = hex(Packets.V6_REQUEST);
        v6[6] = 0;
        assertRejected(v6, 104, IpReason.UNSUPPORTED_HEADER);
        v6 = hex(Packets.V6_REQUEST);
        v6[6] = 17;
        assertRejected(v6, 104, IpReason.NOT_ICMP);
        v6 = hex(Packets.V6_REQUEST);
        v6[8] = (byte) 0xff;
        assertRejected(v6, 104, IpReason.BAD_SOURCE);
        v6 = hex(Packets.V6_REQUEST);
        v6[39] = 2;
        assertRejected(v6, 104, IpReason.NOT_FOR_US);
    }

    @Test
    void everyTruncationIsRejectedAndChangesNothing() {
        byte[] v4 = hex(Packets.V4_REQUEST);
        for (int len = 0; len < v4.length; len++) {
            assertRejected(v4.clone(), len, IpReason.TRUNCATED);
        }
        byte[] v6 = hex(Packets.V6_REQUEST);
        for (int len = 0; len < v6.length; len++) {
            assertRejected(v6.clone(), len, IpReason.TRUNCATED);
        }
    }

    @Test
    void outputTooSmallAndNoAddressConfigured() {
        byte[] p = hex(Packets.V4_REQUEST);
        byte[] out = new byte[83];
        assertEquals(IpReason.BUFFER_TOO_SMALL, responder.respond(p, 0, 84, out, 0, 83));
        assertArrayEquals(new byte[83], out);
        assertEquals(IpReason.BUFFER_TOO_SMALL, responder.respond(p, 0, 84, new byte[100], 20, 84));
        EchoResponder bare = new EchoResponder(1420);
        assertEquals(IpReason.NOT_FOR_US, bare.respond(p, 0, 84));
        assertEquals(IpReason.TRUNCATED, bare.respond(null, 0, 84));
        assertEquals(IpReason.TRUNCATED, bare.respond(p, 10, 84));
        assertEquals(IpReason.TRUNCATED, bare.respond(p, -1, 4));
    }

    /**
     * Fuzz-style property: random mutations of valid requests (bit flips, byte sets, length changes, random
     * offsets inside a larger buffer) never throw, never write outside [off, off+len), change nothing when
     * rejected, and a reply is never longer than the input.
     */
    @Test
    void randomMutationsNeverThrowNorWriteOutOfBounds() {
        Random rnd = new Random(0x7a11);
        byte[][] seeds = {hex(Packets.V4_REQUEST), hex(Packets.V6_REQUEST), Packets.v4Echo(1420, true),
                Packets.v4Echo(28, false)};
        InnerPacket inner = new InnerPacket();
        int replies = 0;
        for (int iter = 0; iter < 200_000; iter++) {
            byte[] seed = seeds[rnd.nextInt(seeds.length)];
            int off = rnd.nextInt(32);
            int len = Math.max(0, seed.length + (rnd.nextInt(4) == 0 ? rnd.nextInt(41) - 20 : 0));
            byte[] buf = new byte[off + len + 32];
            Arrays.fill(buf, (byte) 0xA5);
            System.arraycopy(seed, 0, buf, off, Math.min(len, seed.length));
            int flips = rnd.nextInt(4);
            for (int f = 0; f < flips && len > 0; f++) {
                int at = off + (rnd.nextInt(3) == 0 ? rnd.nextInt(Math.min(len, 48)) : rnd.nextInt(len));
                if (rnd.nextBoolean()) {
                    buf[at] ^= (byte) (1 << rnd.nextInt(8));
                } else {
                    buf[at] = (byte) rnd.nextInt(256);
                }
            }
            if (rnd.nextInt(3) == 0 && len >= 28 && (buf[off] & 0xf0) == 0x40) {
                byte[] tmp = Arrays.copyOfRange(buf, off, off + len);
                int total = ((tmp[2] & 0xff) << 8) | (tmp[3] & 0xff);
                if (total >= 20 && total <= len && (tmp[0] & 0x0f) >= 5 && (tmp[0] & 0x0f) * 4 <= total) {
                    Packets.fixV4(tmp); // valid checksums so the mutation reaches deeper checks
                    System.arraycopy(tmp, 0, buf, off, len);
                }
            }
            byte[] before = buf.clone();
            inner.parse(buf, off, len);
            assertArrayEquals(before, buf, "parse writes nothing");
            int r = responder.respond(buf, off, len);
            if (r < 0) {
                assertArrayEquals(before, buf, "rejected (" + r + ") but changed");
            } else {
                replies++;
                assertTrue(r <= len);
                assertArrayEquals(Arrays.copyOfRange(before, 0, off), Arrays.copyOfRange(buf, 0, off));
                assertArrayEquals(Arrays.copyOfRange(before, off + r, buf.length),
                        Arrays.copyOfRange(buf, off + r, buf.length));
                assertEquals(r, inner.parse(buf, off, r) > 0 ? inner.packetLength() : -1, "reply parses");
            }
        }
        assertTrue(replies > 1000, "mutations also produce valid requests: " + replies);
    }
}
