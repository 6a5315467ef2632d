package io.tailnode.control.h2;

import static io.tailnode.control.h2.TestBytes.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Every connection error: negative reason, error state, GOAWAY with the RFC 9113 code, no event delivered. */
class H2ClientErrorTest {
    final TestH2Server server = new TestH2Server();
    final RecordingListener events = new RecordingListener();
    H2Client client;

    /** Client with stream 1 open (response headers received) and stream 3 open, server settings exchanged. */
    void open() {
        client = new H2Client(new H2Config(), events);
        events.client = client;
        server.settings();
        feed(server.takeOutput());
        byte[] p = TestBytes.ascii("/");
        client.beginRequest().indexed(HpackStaticTable.METHOD_GET).literal(HpackStaticTable.PATH_ROOT, p, 0, 1);
        assertEquals(1, client.openStream(true));
        client.beginRequest().indexed(HpackStaticTable.METHOD_GET);
        assertEquals(3, client.openStream(true));
        server.headers(1, hex("88"), false);
        feed(server.takeOutput());
        drainToServer();
        events.events.clear();
    }

    int feed(byte[] b) {
        return client.receive(b, 0, b.length);
    }

    void drainToServer() {
        byte[] buf = new byte[70000];
        int n = client.poll(buf, 0, buf.length);
        server.receive(buf, 0, n);
    }

    /** Sends the server's queued frames, expects {@code reason} and a final GOAWAY with {@code code}. */
    void expectError(int reason, int code) {
        int before = events.events.size();
        assertEquals(reason, feed(server.takeOutput()));
        assertEquals(H2Client.STATE_ERROR, client.state());
        assertEquals(reason, client.lastError());
        assertTrue(H2Reason.isConnectionError(reason));
        assertEquals(before, events.events.size(), "no event from a rejected frame");
        drainToServer();
        List<TestH2Server.Frame> g = server.framesOfType(H2Constants.TYPE_GOAWAY);
        assertEquals(1, g.size());
        assertEquals(code, TestH2Server.getInt(g.get(0).payload(), 4));
        assertEquals(0, TestH2Server.getInt(g.get(0).payload(), 0));
        assertEquals(reason, client.receive(new byte[9], 0, 9), "input refused after the error");
        assertEquals(reason, client.openStream(true));
    }

    @Test
    void firstFrameMustBeSettings() {
        client = new H2Client(new H2Config(), events);
        server.ping(1);
        expectError(H2Reason.FIRST_FRAME_NOT_SETTINGS, H2Constants.ERR_PROTOCOL);
    }

    @Test
    void frameTooLargeIsRejectedFromTheHeaderAlone() {
        open();
        byte[] h = new byte[9];
        FrameHeader.write(h, 0, 16385, H2Constants.TYPE_DATA, 0, 1);
        server.out.write(h, 0, 9);
        expectError(H2Reason.FRAME_TOO_LARGE, H2Constants.ERR_FRAME_SIZE);
    }

    @Test
    void badFixedLength() {
        open();
        server.frame(H2Constants.TYPE_PING, 0, 0, new byte[7]);
        expectError(H2Reason.BAD_FRAME_LENGTH, H2Constants.ERR_FRAME_SIZE);
    }

    @Test
    void dataOnIdleStream() {
        open();
        server.frame(H2Constants.TYPE_DATA, 0, 5, new byte[3]);
        expectError(H2Reason.UNKNOWN_STREAM, H2Constants.ERR_PROTOCOL);
    }

    @Test
    void dataOnStreamZeroOrEvenStream() {
        open();
        server.frame(H2Constants.TYPE_DATA, 0, 2, new byte[3]);
        expectError(H2Reason.UNKNOWN_STREAM, H2Constants.ERR_PROTOCOL);
    }

    @Test
    void dataBeyondStreamWindow() {
        open();
        server.frame(H2Constants.TYPE_DATA, 0, 1, new byte[16384]);
        server.frame(H2Constants.TYPE_DATA, 0, 1, new byte[1]);
        expectError(H2Reason.FLOW_CONTROL, H2Constants.ERR_FLOW_CONTROL);
    }

    @Test
    void dataForReleasedStreamIsIgnored() {
        open();
        server.frame(H2Constants.TYPE_DATA, 1, 1, new byte[1]);
        feed(server.takeOutput());
        events.events.clear();
        // Stream 1 is half-closed (remote); the client side also ended, so it was released once drained:
        // the second DATA is for a closed stream and ignored. Stream 3 with END_STREAM twice is the error.
        server.headers(3, hex("88"), true);
        feed(server.takeOutput());
        assertEquals(List.of("headers 3 200 end"), events.events);
        server.frame(H2Constants.TYPE_DATA, 0, 1, new byte[1]);
        assertEquals(9 + 1, feed(server.takeOutput()));
    }

    @Test
    void dataAfterEndStreamOnBufferedStream() {
        open();
        events.drain = false;
        server.frame(H2Constants.TYPE_DATA, 1, 1, new byte[5]); // buffered, unread: stream stays
        feed(server.takeOutput());
        events.events.clear();
        server.frame(H2Constants.TYPE_DATA, 0, 1, new byte[1]);
        expectError(H2Reason.STREAM_CLOSED, H2Constants.ERR_STREAM_CLOSED);
    }

    @Test
    void pushPromiseRefused() {
        open();
        server.frame(H2Constants.TYPE_PUSH_PROMISE, 4, 1, hex("00000002 88"));
        expectError(H2Reason.PUSH_NOT_ENABLED, H2Constants.ERR_PROTOCOL);
    }

    @Test
    void serverInitiatedHeadersRefused() {
        open();
        server.headers(2, hex("88"), true);
        expectError(H2Reason.PUSH_NOT_ENABLED, H2Constants.ERR_PROTOCOL);
    }

    @Test
    void continuationExpected() {
        open();
        server.frame(H2Constants.TYPE_HEADERS, 0, 3, hex("88"));
        server.ping(1);
        expectError(H2Reason.CONTINUATION_EXPECTED, H2Constants.ERR_PROTOCOL);
    }

    @Test
    void unexpectedContinuation() {
        open();
        server.frame(H2Constants.TYPE_CONTINUATION, H2Constants.FLAG_END_HEADERS, 3, hex("88"));
        expectError(H2Reason.UNEXPECTED_CONTINUATION, H2Constants.ERR_PROTOCOL);
    }

    @Test
    void continuationForAnotherStream() {
        open();
        server.frame(H2Constants.TYPE_HEADERS, 0, 3, hex("88"));
        server.frame(H2Constants.TYPE_CONTINUATION, H2Constants.FLAG_END_HEADERS, 1, hex("88"));
        expectError(H2Reason.UNEXPECTED_CONTINUATION, H2Constants.ERR_PROTOCOL);
    }

    @Test
    void oversizedHeaderBlock() {
        open();
        server.frame(H2Constants.TYPE_HEADERS, 0, 3, new byte[8000]);
        server.frame(H2Constants.TYPE_CONTINUATION, 0, 3, new byte[8000]);
        expectError(H2Reason.HEADER_BLOCK_TOO_LARGE, H2Constants.ERR_PROTOCOL);
    }

    @Test
    void hpackErrorIsCompressionError() {
        open();
        server.headers(3, hex("80"), true);
        expectError(H2Reason.HPACK_BAD_INDEX, H2Constants.ERR_COMPRESSION);
    }

    @Test
    void badPadding() {
        open();
        server.frame(H2Constants.TYPE_DATA, H2Constants.FLAG_PADDED, 1, hex("05 00 00"));
        expectError(H2Reason.BAD_PADDING, H2Constants.ERR_PROTOCOL);
    }

    @Test
    void paddedDataAndHeadersAreAccepted() {
        open();
        server.frame(H2Constants.TYPE_DATA, H2Constants.FLAG_PADDED, 1, hex("02 41 42 00 00"));
        server.frame(H2Constants.TYPE_HEADERS, H2Constants.FLAG_PADDED | H2Constants.FLAG_PRIORITY
                | H2Constants.FLAG_END_HEADERS, 3, hex("01 00000001 10 88 00"));
        feed(server.takeOutput());
        assertEquals("AB", events.bodies.get(1).toString());
        assertEquals(List.of("headers 3 200"), events.events);
    }

    @Test
    void zeroConnectionWindowIncrement() {
        open();
        server.windowUpdate(0, 0);
        expectError(H2Reason.ZERO_WINDOW_INCREMENT, H2Constants.ERR_PROTOCOL);
    }

    @Test
    void connectionWindowOverflow() {
        open();
        server.windowUpdate(0, 0x7fffffff);
        expectError(H2Reason.WINDOW_OVERFLOW, H2Constants.ERR_FLOW_CONTROL);
    }

    @Test
    void streamWindowErrorsResetOnlyTheStream() {
        open();
        server.windowUpdate(3, 0);
        server.windowUpdate(1, 0x7fffffff);
        feed(server.takeOutput());
        assertEquals(H2Client.STATE_OPEN, client.state());
        assertEquals(List.of("reset 3 1 local", "reset 1 3 local"), events.events);
        drainToServer();
        assertEquals(2, server.framesOfType(H2Constants.TYPE_RST_STREAM).size());
    }

    @Test
    void badSettingsChangeNothing() {
        open();
        int window = client.sendWindow(1);
        server.settings(H2Constants.SETTINGS_INITIAL_WINDOW_SIZE, 5, H2Constants.SETTINGS_MAX_FRAME_SIZE, 100);
        expectError(H2Reason.BAD_SETTING_VALUE, H2Constants.ERR_PROTOCOL);
        assertEquals(window, client.sendWindow(1));
    }

    @Test
    void enablePushAboveOne() {
        open();
        server.settings(H2Constants.SETTINGS_ENABLE_PUSH, 2);
        expectError(H2Reason.BAD_SETTING_VALUE, H2Constants.ERR_PROTOCOL);
    }

    @Test
    void initialWindowAboveMaximum() {
        open();
        server.settings(H2Constants.SETTINGS_INITIAL_WINDOW_SIZE, 0x80000000);
        expectError(H2Reason.WINDOW_OVERFLOW, H2Constants.ERR_FLOW_CONTROL);
    }

    @Test
    void settingsOnStreamIsRejected() {
        open();
        server.frame(H2Constants.TYPE_SETTINGS, 0, 1, new byte[0]);
        expectError(H2Reason.STREAM_ID_NOT_ZERO, H2Constants.ERR_PROTOCOL);
    }

    @Test
    void rstOnIdleStream() {
        open();
        server.rst(9, 0);
        expectError(H2Reason.UNKNOWN_STREAM, H2Constants.ERR_PROTOCOL);
    }

    @Test
    void pingFloodWithoutPollingOverflowsTx() {
        open();
        for (int i = 0; i < 2000; i++) {
            server.ping(i);
        }
        expectError(H2Reason.TX_OVERFLOW, H2Constants.ERR_ENHANCE_YOUR_CALM);
    }

    @Test
    void unknownFramesAndPriorityAreIgnored() {
        open();
        server.frame(0xfa, 0xff, 0, new byte[10]);
        server.frame(H2Constants.TYPE_PRIORITY, 0, 7, new byte[5]);
        byte[] b = server.takeOutput();
        assertEquals(b.length, feed(b));
        assertEquals(H2Client.STATE_OPEN, client.state());
    }
}
