package io.tailnode.wg.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tailnode.testing.Vectors;
import io.tailnode.wg.WgReason;
import org.junit.jupiter.api.Test;

/** Decode known bytes, encode the same bytes, round trip, and one rejection per way of being wrong. */
class WireMessagesTest {
    /** Builds a message: header word, then the given hex fields, then the bytes i & 0xFF for the rest. */
    private static byte[] known(String hexPrefix, int size) {
        byte[] p = Vectors.hex(hexPrefix);
        byte[] b = new byte[size];
        System.arraycopy(p, 0, b, 0, p.length);
        for (int i = p.length; i < size; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    @Test
    void initiationDecodesKnownBytes() {
        byte[] b = known("01000000" + "78563412", 148);
        MessageInitiation m = new MessageInitiation().wrap(b, 0, 148);
        assertEquals(0, m.check());
        assertEquals(1, m.type());
        assertEquals(0x12345678, m.senderIndex());
        assertEquals(8, m.ephemeralOffset());
        assertEquals(40, m.encryptedStaticOffset());
        assertEquals(88, m.encryptedTimestampOffset());
        assertEquals(116, m.mac1Offset());
        assertEquals(132, m.mac2Offset());
        assertEquals(148, MessageInitiation.SIZE);
        assertEquals(116, b[m.mac1Offset()] & 0xFF);
    }

    @Test
    void initiationEncodesSameBytesAndRoundTripsAtAnOffset() {
        byte[] expected = known("01000000" + "efbeadde", 148);
        byte[] out = new byte[160];
        System.arraycopy(expected, 8, out, 10 + 8, 140);
        out[11] = 7;
        MessageInitiation m = new MessageInitiation().wrap(out, 10, 148);
        m.writeHeader();
        m.setSenderIndex(0xdeadbeef);
        byte[] got = java.util.Arrays.copyOfRange(out, 10, 158);
        assertArrayEquals(expected, got);
        assertEquals(0, m.check());
        assertEquals(0xdeadbeef, m.senderIndex());
    }

    @Test
    void initiationRejectsEachWayOfBeingWrong() {
        byte[] b = known("01000000" + "01000000", 149);
        MessageInitiation m = new MessageInitiation();
        assertEquals(WgReason.TRUNCATED, m.wrap(b, 0, 147).check());
        assertEquals(WgReason.WRONG_SIZE, m.wrap(b, 0, 149).check());
        assertEquals(WgReason.OK, m.wrap(b, 0, 148).check());
        for (int t : new int[] {0, 2, 3, 4, 255}) {
            b[0] = (byte) t;
            assertEquals(WgReason.BAD_TYPE, m.check(), "type " + t);
        }
        b[0] = 1;
        for (int i = 1; i < 4; i++) {
            b[i] = 1;
            assertEquals(WgReason.BAD_RESERVED, m.check(), "reserved byte " + i);
            b[i] = 0;
        }
    }

    @Test
    void responseDecodesEncodesAndRejects() {
        byte[] b = known("02000000" + "04030201" + "08070605", 92);
        MessageResponse m = new MessageResponse().wrap(b, 0, 92);
        assertEquals(0, m.check());
        assertEquals(2, m.type());
        assertEquals(0x01020304, m.senderIndex());
        assertEquals(0x05060708, m.receiverIndex());
        assertEquals(12, m.ephemeralOffset());
        assertEquals(44, m.encryptedEmptyOffset());
        assertEquals(60, m.mac1Offset());
        assertEquals(76, m.mac2Offset());
        byte[] out = b.clone();
        java.util.Arrays.fill(out, 0, 12, (byte) 0x55);
        MessageResponse w = new MessageResponse().wrap(out, 0, 92);
        w.writeHeader();
        w.setSenderIndex(0x01020304);
        w.setReceiverIndex(0x05060708);
        assertArrayEquals(b, out);
        assertEquals(WgReason.TRUNCATED, m.wrap(b, 0, 91).check());
        assertEquals(WgReason.WRONG_SIZE, m.wrap(new byte[93], 0, 93).check());
        b[0] = 1;
        assertEquals(WgReason.BAD_TYPE, m.wrap(b, 0, 92).check());
        b[0] = 2;
        b[3] = (byte) 0x80;
        assertEquals(WgReason.BAD_RESERVED, m.check());
    }

    @Test
    void cookieReplyDecodesEncodesAndRejects() {
        byte[] b = known("03000000" + "ffffffff", 64);
        MessageCookieReply m = new MessageCookieReply().wrap(b, 0, 64);
        assertEquals(0, m.check());
        assertEquals(3, m.type());
        assertEquals(-1, m.receiverIndex());
        assertEquals(8, m.nonceOffset());
        assertEquals(32, m.encryptedCookieOffset());
        assertEquals(64, MessageCookieReply.SIZE);
        byte[] out = b.clone();
        java.util.Arrays.fill(out, 0, 8, (byte) 9);
        MessageCookieReply w = new MessageCookieReply().wrap(out, 0, 64);
        w.writeHeader();
        w.setReceiverIndex(-1);
        assertArrayEquals(b, out);
        assertEquals(WgReason.TRUNCATED, m.wrap(b, 0, 63).check());
        assertEquals(WgReason.WRONG_SIZE, m.wrap(new byte[65], 0, 65).check());
        b[0] = 4;
        assertEquals(WgReason.BAD_TYPE, m.wrap(b, 0, 64).check());
        b[0] = 3;
        b[2] = 1;
        assertEquals(WgReason.BAD_RESERVED, m.check());
    }

    @Test
    void transportHeaderDecodesEncodesAndRejects() {
        byte[] b = known("04000000" + "0a000000" + "0807060504030201", 48);
        MessageTransport m = new MessageTransport().wrap(b, 0, 48);
        assertEquals(0, m.check());
        assertEquals(4, m.type());
        assertEquals(10, m.receiverIndex());
        assertEquals(0x0102030405060708L, m.counter());
        assertEquals(16, m.payloadOffset());
        assertEquals(32, m.payloadLength());
        byte[] out = b.clone();
        java.util.Arrays.fill(out, 0, 16, (byte) 0xAA);
        MessageTransport w = new MessageTransport().wrap(out, 0, 48);
        w.writeHeader();
        w.setReceiverIndex(10);
        w.setCounter(0x0102030405060708L);
        assertArrayEquals(b, out);
        w.setCounter(-1L);
        assertEquals(-1L, w.counter(), "counter is the full unsigned 64 bits");
        assertEquals(0, m.wrap(b, 0, 32).check(), "keepalive is the minimum");
        assertEquals(WgReason.TRUNCATED, m.wrap(b, 0, 31).check());
        b[0] = 1;
        assertEquals(WgReason.BAD_TYPE, m.wrap(b, 0, 48).check());
        b[0] = 4;
        b[1] = 1;
        assertEquals(WgReason.BAD_RESERVED, m.check());
    }
}
