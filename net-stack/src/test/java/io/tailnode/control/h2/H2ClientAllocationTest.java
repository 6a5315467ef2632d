package io.tailnode.control.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.testing.AllocationMeter;
import org.junit.jupiter.api.Test;

/**
 * Runs in the allocation JVM (escape analysis off): 0 bytes per received DATA frame (split across two receive
 * calls, read out, WINDOW_UPDATEs polled), per decoded HEADERS block (Huffman, all literal forms, dynamic table
 * inserts and evictions), per PING answered and per request opened and reset.
 */
class H2ClientAllocationTest {
    /** Counts events without allocating. */
    static final class CountingListener implements H2Listener {
        int headers;
        int data;
        int status;
        int resets;
        int pings;

        @Override
        public void onHeaders(int streamId, HeaderList h, boolean endStream) {
            headers++;
            status = h.status();
        }

        @Override
        public void onData(int streamId, int buffered, boolean endStream) {
            data++;
        }

        @Override
        public void onStreamReset(int streamId, int errorCode, boolean byPeer) {
            resets++;
        }

        @Override
        public void onGoAway(int lastStreamId, int errorCode) {
        }

        @Override
        public void onPingAck(long opaque) {
            pings++;
        }
    }

    private final CountingListener listener = new CountingListener();
    private final H2Client client = new H2Client(new H2Config(), listener);
    private final byte[] out = new byte[65536];
    private final byte[] readBuf = new byte[4096];
    private final byte[] dataFrame;
    private final byte[] headersFrame;
    private final byte[] pingFrame;
    private final byte[] path = TestBytes.ascii("/machine/map");

    H2ClientAllocationTest() {
        TestH2Server s = new TestH2Server();
        s.settings(H2Constants.SETTINGS_INITIAL_WINDOW_SIZE, 1 << 30);
        s.windowUpdate(0, 0x7fffffff - 65535);
        byte[] init = s.takeOutput();
        assertEquals(init.length, client.receive(init, 0, init.length));
        client.beginRequest().indexed(HpackStaticTable.METHOD_POST).literal(HpackStaticTable.PATH_ROOT, path, 0, path.length);
        assertEquals(1, client.openStream(false));
        client.beginRequest().indexed(HpackStaticTable.METHOD_GET);
        assertEquals(3, client.openStream(false));
        client.poll(out, 0, out.length);
        s.frame(H2Constants.TYPE_DATA, 0, 1, new byte[3000]);
        dataFrame = s.takeOutput();
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        b.write(0x88);
        b.write(0x40); // incremental indexing: one insert per block, evictions once the 4 KiB table is full
        TestH2Server.str(b, "x-request-id", true);
        TestH2Server.str(b, "0123456789abcdef", true);
        b.write(0xbe);
        b.write(0x5f); // content-type, incremental indexing, name index 31
        TestH2Server.str(b, "application/json", false);
        b.write(0x10); // never indexed, new name
        TestH2Server.str(b, "set-cookie", false);
        TestH2Server.str(b, "a=b", true);
        s.headers(3, b.toByteArray(), false);
        headersFrame = s.takeOutput();
        s.ping(99);
        pingFrame = s.takeOutput();
    }

    @Test
    void receivedDataFrameAllocatesNothing() {
        int half = dataFrame.length / 2;
        assertEquals(0, AllocationMeter.bytesPerCall(() -> {
            client.receive(dataFrame, 0, half);
            client.receive(dataFrame, half, dataFrame.length - half);
            while (client.read(1, readBuf, 0, readBuf.length) > 0) {
                // drain
            }
            client.poll(out, 0, out.length);
        }, 20_000, 50_000));
        assertEquals(H2Client.STATE_OPEN, client.state());
        assertTrue(listener.data >= 70_000);
    }

    @Test
    void decodedHeadersBlockAllocatesNothing() {
        assertEquals(0, AllocationMeter.bytesPerCall(() -> client.receive(headersFrame, 0, headersFrame.length),
                20_000, 50_000));
        assertEquals(H2Client.STATE_OPEN, client.state());
        assertEquals(200, listener.status);
        assertTrue(listener.headers >= 70_000);
        assertTrue(client.decoder().tableEntries() > 0);
    }

    @Test
    void pingAnsweredAllocatesNothing() {
        assertEquals(0, AllocationMeter.bytesPerCall(() -> {
            client.receive(pingFrame, 0, pingFrame.length);
            client.poll(out, 0, out.length);
        }, 20_000, 50_000));
        assertEquals(H2Client.STATE_OPEN, client.state());
    }

    @Test
    void openSendAndResetAllocatesNothing() {
        byte[] body = new byte[500];
        assertEquals(0, AllocationMeter.bytesPerCall(() -> {
            client.reset(3, H2Constants.ERR_CANCEL);
            client.beginRequest().indexed(HpackStaticTable.METHOD_POST).indexed(HpackStaticTable.SCHEME_HTTPS)
                    .literal(HpackStaticTable.PATH_ROOT, path, 0, path.length);
            int sid = client.openStream(false);
            client.send(sid, body, 0, body.length, false);
            client.reset(sid, H2Constants.ERR_CANCEL);
            client.poll(out, 0, out.length);
        }, 20_000, 50_000));
        assertEquals(H2Client.STATE_OPEN, client.state());
    }

    @Test
    void rejectedInputAllocatesNothing() {
        byte[] bad = TestBytes.hex("000001 00 00 00000009 00"); // DATA on an idle stream
        H2Client fresh = new H2Client(new H2Config(), listener);
        byte[] settings = TestBytes.hex("000000 04 00 00000000");
        fresh.receive(settings, 0, settings.length);
        assertEquals(H2Reason.UNKNOWN_STREAM, fresh.receive(bad, 0, bad.length));
        assertEquals(0, AllocationMeter.bytesPerCall(() -> {
            fresh.receive(bad, 0, bad.length);
            fresh.poll(out, 0, out.length);
        }, 20_000, 50_000));
        byte[] badHpack = TestBytes.hex("000001 01 04 00000001 80"); // HEADERS with HPACK index 0
        assertEquals(0, AllocationMeter.bytesPerCall(() -> {
            H2Client c = client; // same client each time: only the first call reaches the decoder
            c.receive(badHpack, 0, badHpack.length);
        }, 20_000, 50_000));
        assertEquals(H2Reason.HPACK_BAD_INDEX, client.lastError());
    }
}
