package io.tailnode.control.h2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The board-sized client ({@link H2Config#forWindow} with 4 KiB windows, no frame-sized buffer): frames up to
 * the protocol's 16,384 bytes of every kind still arrive, split anywhere, and a body larger than the window
 * flows through WINDOW_UPDATEs.
 */
class H2SmallConfigTest {
    final H2ClientTest h = new H2ClientTest();

    H2Client connect() {
        return h.connect(H2Config.forWindow(4096));
    }

    /** Feeds the server's queued bytes one at a time (every split point). */
    void feedByteByByte() {
        byte[] s = h.server.takeOutput();
        for (int i = 0; i < s.length; i++) {
            assertEquals(1, h.client.receive(s, i, 1), "byte " + i + " refused: " + h.client.lastError());
        }
    }

    @Test
    void advertisesTheSmallWindowAndAnEmptyTableButFullFrames() {
        H2Config c = H2Config.forWindow(4096);
        assertEquals(4096, c.streamWindow);
        assertEquals(16384, c.maxFrameSize, "RFC 9113 §6.5.2: 16,384 is the smallest allowed");
        assertEquals(0, c.headerTableSize);
        assertEquals(1024, c.maxHeaderBlock, "response header blocks of a control server are small");
        assertEquals(1024, c.headerListBytes);
        assertEquals(512, c.requestBlockBytes);
        assertTrue(c.memoryBytes() < 14 * 1024, "board client buffers: " + c.memoryBytes());
        assertEquals(16384, H2Config.forWindow(16384).streamWindow);
        assertEquals(new H2Config().txBytes, H2Config.forWindow(16384).txBytes);
    }

    @Test
    void aResponseLargerThanTheWindowFlowsThroughWindowUpdates() {
        connect();
        int sid = h.request("/machine/map", true);
        h.pump();
        h.server.headers(sid, TestH2Server.responseBlock(200, true, true, "content-type", "application/json"), false);
        byte[] body = H2ClientTest.body(50000, 3);
        h.server.body(sid, body, 4096, true);
        for (int i = 0; i < 200 && !h.events.ended.containsKey(sid); i++) {
            h.pump();
            h.server.flushBodies();
        }
        assertArrayEquals(body, h.events.bodies.get(sid).toByteArray());
        assertEquals(H2Client.STATE_OPEN, h.client.state());
    }

    @Test
    void frameLargerThanTheWindowIsAFlowControlError() {
        connect();
        int sid = h.request("/machine/map", true);
        h.pump();
        h.server.frame(H2Constants.TYPE_DATA, 0, sid, new byte[4097]);
        byte[] s = h.server.takeOutput();
        assertEquals(H2Reason.FLOW_CONTROL, h.client.receive(s, 0, s.length));
        assertEquals(0, h.client.available(sid));
    }

    @Test
    void everyLargeNonDataFrameIsAcceptedWithoutAFrameBuffer() {
        connect();
        int sid = h.request("/machine/map", true);
        h.pump();
        // Unknown type and PRIORITY: skipped; a 16,384-byte unknown frame needs no buffer.
        h.server.frame(0x42, 0, 0, H2ClientTest.body(16384, 1));
        h.server.frame(H2Constants.TYPE_PRIORITY, 0, sid, new byte[] {0, 0, 0, 0, 16});
        // SETTINGS with 2,000 entries (12,000 bytes): the last value of each setting wins.
        int[] idValue = new int[4000];
        for (int i = 0; i < idValue.length; i += 2) {
            idValue[i] = i % 4 == 0 ? 0x7777 : H2Constants.SETTINGS_MAX_FRAME_SIZE;
            idValue[i + 1] = 16384 + i;
        }
        h.server.settings(idValue);
        // HEADERS padded with 255 bytes and with priority, then a CONTINUATION.
        byte[] block = TestH2Server.responseBlock(200, true, false, "x-a", "1", "x-b", "2");
        ByteArrayOutputStream hp = new ByteArrayOutputStream();
        hp.write(255);
        hp.write(new byte[5], 0, 5);
        hp.write(block, 0, 3);
        hp.write(new byte[255], 0, 255);
        h.server.frame(H2Constants.TYPE_HEADERS, H2Constants.FLAG_PADDED | H2Constants.FLAG_PRIORITY, sid, hp.toByteArray());
        h.server.frame(H2Constants.TYPE_CONTINUATION, H2Constants.FLAG_END_HEADERS, sid,
                java.util.Arrays.copyOfRange(block, 3, block.length));
        // Padded DATA: 3,000 bytes of data and 200 of padding within the 4 KiB window.
        byte[] data = H2ClientTest.body(3000, 2);
        ByteArrayOutputStream dp = new ByteArrayOutputStream();
        dp.write(200);
        dp.write(data, 0, data.length);
        dp.write(new byte[200], 0, 200);
        h.server.frame(H2Constants.TYPE_DATA, H2Constants.FLAG_PADDED | H2Constants.FLAG_END_STREAM, sid, dp.toByteArray());
        // GOAWAY with 16,000 bytes of debug data: the first 8 bytes count, the rest is skipped.
        byte[] goAway = new byte[8 + 16000];
        TestH2Server.putInt(goAway, 0, sid);
        h.server.frame(H2Constants.TYPE_GOAWAY, 0, 0, goAway);
        feedByteByByte();

        assertEquals(H2Client.STATE_GOING_AWAY, h.client.state());
        assertEquals(16384 + 3998, h.client.peerMaxFrameSize());
        assertEquals(200, h.events.status.get(sid));
        assertTrue(h.events.headers.get(sid).contains("x-b: 2"), h.events.headers.get(sid).toString());
        assertArrayEquals(data, h.events.bodies.get(sid).toByteArray());
        assertTrue(h.events.ended.containsKey(sid));
        assertEquals(sid, h.client.goAwayLastStreamId());
    }

    @Test
    void aHeaderBlockBeyondItsBufferIsRefusedAtTheFrameHeader() {
        connect();
        int sid = h.request("/machine/map", true);
        h.pump();
        h.server.frame(H2Constants.TYPE_HEADERS, H2Constants.FLAG_END_HEADERS, sid, new byte[1025]); // one byte beyond the board's 1 KiB
        byte[] s = h.server.takeOutput();
        // Only the 9 header bytes are needed to refuse it.
        assertEquals(H2Reason.HEADER_BLOCK_TOO_LARGE, h.client.receive(s, 0, 9));
    }
}
