package io.tailnode.control.h2;

import static io.tailnode.control.h2.TestBytes.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FrameHeaderTest {
    private final FrameHeader view = new FrameHeader();

    private int check(int length, int type, int flags, int stream) {
        byte[] b = new byte[9];
        FrameHeader.write(b, 0, length, type, flags, stream);
        return view.wrap(b, 0, 9).check(16384);
    }

    @Test
    void decodesKnownBytes() {
        // SETTINGS ACK; HEADERS length 0x000d END_HEADERS|END_STREAM on stream 1 with the reserved bit set.
        byte[] b = hex("000000 04 01 00000000");
        assertEquals(0, view.wrap(b, 0, 9).check(16384));
        assertEquals(0, view.length());
        assertEquals(H2Constants.TYPE_SETTINGS, view.type());
        assertEquals(H2Constants.FLAG_ACK, view.flags());
        b = hex("00000d 01 05 80000001");
        assertEquals(0, view.wrap(b, 0, 9).check(16384));
        assertEquals(13, view.length());
        assertEquals(1, view.streamId()); // reserved bit ignored (RFC 9113 §4.1)
        assertEquals(5, view.flags());
    }

    @Test
    void roundTrips() {
        byte[] b = new byte[9];
        FrameHeader.write(b, 0, 0xabcdef, 0x42, 0x99, 0x7fffffff);
        view.wrap(b, 0, 9);
        assertEquals(0xabcdef, view.length());
        assertEquals(0x42, view.type());
        assertEquals(0x99, view.flags());
        assertEquals(0x7fffffff, view.streamId());
        assertArrayEquals(hex("abcdef 42 99 7fffffff"), b);
    }

    @Test
    void rejectsEachWayOfBeingWrong() {
        assertEquals(H2Reason.TRUNCATED, view.wrap(new byte[9], 0, 8).check(16384));
        assertEquals(H2Reason.FRAME_TOO_LARGE, check(16385, H2Constants.TYPE_DATA, 0, 1));
        assertEquals(0, check(16384, H2Constants.TYPE_DATA, 0, 1));
        assertEquals(H2Reason.STREAM_ID_REQUIRED, check(0, H2Constants.TYPE_DATA, 0, 0));
        assertEquals(H2Reason.STREAM_ID_REQUIRED, check(1, H2Constants.TYPE_HEADERS, 0, 0));
        assertEquals(H2Reason.STREAM_ID_REQUIRED, check(1, H2Constants.TYPE_CONTINUATION, 0, 0));
        assertEquals(H2Reason.STREAM_ID_REQUIRED, check(5, H2Constants.TYPE_PRIORITY, 0, 0));
        assertEquals(H2Reason.BAD_FRAME_LENGTH, check(4, H2Constants.TYPE_PRIORITY, 0, 1));
        assertEquals(H2Reason.STREAM_ID_REQUIRED, check(4, H2Constants.TYPE_RST_STREAM, 0, 0));
        assertEquals(H2Reason.BAD_FRAME_LENGTH, check(5, H2Constants.TYPE_RST_STREAM, 0, 1));
        assertEquals(H2Reason.STREAM_ID_NOT_ZERO, check(0, H2Constants.TYPE_SETTINGS, 0, 1));
        assertEquals(H2Reason.BAD_FRAME_LENGTH, check(7, H2Constants.TYPE_SETTINGS, 0, 0));
        assertEquals(H2Reason.BAD_FRAME_LENGTH, check(6, H2Constants.TYPE_SETTINGS, H2Constants.FLAG_ACK, 0));
        assertEquals(0, check(12, H2Constants.TYPE_SETTINGS, 0, 0));
        assertEquals(H2Reason.STREAM_ID_NOT_ZERO, check(8, H2Constants.TYPE_PING, 0, 3));
        assertEquals(H2Reason.BAD_FRAME_LENGTH, check(7, H2Constants.TYPE_PING, 0, 0));
        assertEquals(H2Reason.STREAM_ID_NOT_ZERO, check(8, H2Constants.TYPE_GOAWAY, 0, 1));
        assertEquals(H2Reason.BAD_FRAME_LENGTH, check(7, H2Constants.TYPE_GOAWAY, 0, 0));
        assertEquals(H2Reason.BAD_FRAME_LENGTH, check(3, H2Constants.TYPE_WINDOW_UPDATE, 0, 0));
        assertEquals(0, check(4, H2Constants.TYPE_WINDOW_UPDATE, 0, 7));
        assertEquals(0, check(100, 0xfa, 0xff, 0)); // unknown types pass: they are ignored
    }
}
