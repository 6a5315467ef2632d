package io.tailnode.control.h2;

import static io.tailnode.control.h2.TestBytes.ascii;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The client against {@link TestH2Server}, bytes split at random boundaries in both directions. */
class H2ClientTest {
    final Random rnd = new Random(9113);
    final TestH2Server server = new TestH2Server();
    final RecordingListener events = new RecordingListener();
    H2Client client;

    H2Client connect(H2Config cfg) {
        client = new H2Client(cfg, events);
        events.client = client;
        pump();
        server.settings(H2Constants.SETTINGS_MAX_CONCURRENT_STREAMS, 100, H2Constants.SETTINGS_INITIAL_WINDOW_SIZE, 65535);
        server.settingsAck();
        pump();
        assertTrue(client.settingsReceived());
        assertTrue(client.settingsAcked());
        return client;
    }

    /** Moves bytes both ways until quiet, in random chunk sizes (1..2000 bytes). */
    void pump() {
        byte[] buf = new byte[4096];
        for (int round = 0; round < 10000; round++) {
            boolean moved = false;
            int n;
            while ((n = client.poll(buf, 0, 1 + rnd.nextInt(buf.length))) > 0) {
                server.receive(buf, 0, n);
                moved = true;
            }
            byte[] s = server.takeOutput();
            for (int p = 0; p < s.length;) {
                int c = Math.min(s.length - p, 1 + rnd.nextInt(2000));
                int r = client.receive(s, p, c);
                assertEquals(c, r, "client rejected server bytes: " + r);
                p += c;
                moved = true;
            }
            if (!moved) {
                return;
            }
        }
    }

    int request(String path, boolean endStream) {
        byte[] p = ascii(path);
        byte[] host = ascii("controlplane.tailscale.com");
        client.beginRequest().indexed(HpackStaticTable.METHOD_POST).indexed(HpackStaticTable.SCHEME_HTTPS)
                .literal(HpackStaticTable.PATH_ROOT, p, 0, p.length).literal(HpackStaticTable.AUTHORITY, host, 0, host.length);
        return client.openStream(endStream);
    }

    static byte[] body(int n, int seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void prefaceAndSettingsAreWrittenFirst() {
        client = new H2Client(new H2Config(), events);
        byte[] out = new byte[200];
        int n = client.poll(out, 0, out.length);
        assertEquals(24 + 9 + 30, n); // 2 x 16 KiB of stream buffers < 65,535: no connection WINDOW_UPDATE
        assertArrayEquals(ascii("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"), java.util.Arrays.copyOf(out, 24));
        assertArrayEquals(TestBytes.hex("00001e 04 00 00000000 0001 00001000 0002 00000000 0004 00004000"
                + "0005 00004000 0006 00001000"), java.util.Arrays.copyOfRange(out, 24, n));
    }

    @Test
    void requestWith64KiBResponseSplitAtRandomBoundaries() {
        connect(new H2Config());
        int sid = request("/machine/map", false);
        assertEquals(1, sid);
        byte[] req = ascii("{\"Stream\":true}");
        assertEquals(req.length, client.send(sid, req, 0, req.length, true));
        pump();
        assertEquals(List.of(":method: POST", ":scheme: https", ":path: /machine/map",
                ":authority: controlplane.tailscale.com"), server.requests.get(1));
        assertArrayEquals(req, server.requestBodies.get(1).toByteArray());
        server.headers(1, TestH2Server.responseBlock(200, true, true, "content-type", "application/json"), false);
        byte[] resp = body(65536, 1);
        server.body(1, resp, 16384, true);
        pump();
        assertTrue(server.bodiesDone(), "client replenished its windows");
        assertEquals(200, events.status.get(1));
        assertEquals(List.of(":status: 200", "content-type: application/json"), events.headers.get(1));
        assertArrayEquals(resp, events.bodies.get(1).toByteArray());
        assertTrue(server.windowUpdatesReceived >= 4, "proactive WINDOW_UPDATEs: " + server.windowUpdatesReceived);
        assertEquals(-1, client.streamFlags(1), "finished stream released");
        assertEquals(0, client.openStreams());
    }

    @Test
    void twoConcurrentStreamsInterleave() {
        connect(new H2Config());
        int a = request("/machine/map", true);
        int b = request("/machine/register", true);
        assertEquals(3, b);
        assertEquals(H2Reason.NO_STREAM_SLOT, request("/third", true));
        pump();
        assertEquals(2, server.requests.size());
        server.headers(b, TestH2Server.responseBlock(200, false, false), false);
        server.headers(a, TestH2Server.responseBlock(200, false, true, "x-a", "1"), false);
        byte[] ba = body(40000, 2);
        byte[] bb = body(30000, 3);
        server.body(a, ba, 1000, true);
        server.body(b, bb, 777, true);
        pump();
        assertArrayEquals(ba, events.bodies.get(a).toByteArray());
        assertArrayEquals(bb, events.bodies.get(b).toByteArray());
        assertEquals(5, request("/again", true), "slots reused after both finished");
    }

    @Test
    void sendRespectsFlowControlAndResumesOnWindowUpdate() {
        connect(new H2Config());
        server.settings(H2Constants.SETTINGS_INITIAL_WINDOW_SIZE, 100);
        pump();
        int sid = request("/machine/map", false);
        byte[] data = body(70000, 4);
        assertEquals(100, client.send(sid, data, 0, data.length, true));
        assertEquals(0, client.send(sid, data, 100, data.length - 100, true), "stream window exhausted");
        pump();
        server.windowUpdate(sid, 200000);
        pump();
        int sent = 100;
        for (int i = 0; i < 100 && sent < data.length; i++) {
            int n = client.send(sid, data, sent, data.length - sent, true);
            assertTrue(n >= 0);
            sent += n;
            pump();
            if (n == 0) {
                break;
            }
        }
        assertEquals(65535, sent, "connection window (65,535, not raised by SETTINGS) is the limit");
        server.windowUpdate(0, 10000);
        pump();
        int n = client.send(sid, data, sent, data.length - sent, true);
        assertEquals(data.length - sent, n);
        pump();
        assertArrayEquals(data, server.requestBodies.get(sid).toByteArray());
        TestH2Server.Frame last = server.framesOfType(H2Constants.TYPE_DATA).get(server.framesOfType(H2Constants.TYPE_DATA).size() - 1);
        assertEquals(1, last.flags() & 1, "END_STREAM on the last DATA frame");
        assertEquals(H2Reason.NOT_OPEN, client.send(sid, data, 0, 1, false));
    }

    @Test
    void initialWindowChangeAdjustsOpenStreams() {
        connect(new H2Config());
        int sid = request("/x", false);
        assertEquals(65535, client.sendWindow(sid));
        server.settings(H2Constants.SETTINGS_INITIAL_WINDOW_SIZE, 1000);
        pump();
        assertEquals(1000, client.sendWindow(sid));
    }

    @Test
    void pingBothWays() {
        connect(new H2Config());
        server.ping(0x0102030405060708L);
        pump();
        List<TestH2Server.Frame> pings = server.framesOfType(H2Constants.TYPE_PING);
        assertEquals(1, pings.size());
        assertEquals(1, pings.get(0).flags());
        assertArrayEquals(TestBytes.hex("0102030405060708"), pings.get(0).payload());
        assertEquals(0, client.ping(42));
        pump();
        assertTrue(events.events.contains("pingack 42"));
    }

    @Test
    void goAwayRefusesHigherStreamsAndNewOnes() {
        connect(new H2Config());
        int a = request("/machine/map", true);
        int b = request("/machine/register", true);
        pump();
        server.goAway(a, 0);
        pump();
        assertEquals(List.of("reset " + b + " 7 peer", "goaway 1 0"), events.events);
        assertEquals(H2Client.STATE_GOING_AWAY, client.state());
        assertEquals(1, client.goAwayLastStreamId());
        assertEquals(H2Reason.GOING_AWAY, request("/x", true));
        server.headers(a, TestH2Server.responseBlock(200, false, false), false);
        server.body(a, body(5000, 5), 1000, true);
        pump();
        assertEquals(5000, events.bodies.get(a).size(), "stream below last-stream-id completes");
        assertEquals(0, client.goAway(0));
    }

    @Test
    void rstStreamBothDirections() {
        connect(new H2Config());
        int a = request("/a", true);
        int b = request("/b", true);
        pump();
        server.rst(a, H2Constants.ERR_CANCEL);
        pump();
        assertEquals(List.of("reset 1 8 peer"), events.events);
        assertEquals(H2Reason.NOT_OPEN, client.read(a, new byte[1], 0, 1));
        assertEquals(0, client.reset(b, H2Constants.ERR_CANCEL));
        pump();
        List<TestH2Server.Frame> rst = server.framesOfType(H2Constants.TYPE_RST_STREAM);
        assertEquals(1, rst.size());
        assertEquals(b, rst.get(0).stream());
        // Frames already in flight for the reset stream are ignored, their bytes still credited.
        server.headers(b, TestH2Server.responseBlock(200, false, false), false);
        server.frame(H2Constants.TYPE_DATA, 0, b, new byte[16000]);
        server.frame(H2Constants.TYPE_DATA, 0, b, new byte[16000]);
        server.frame(H2Constants.TYPE_DATA, 1, b, new byte[16000]);
        pump();
        assertEquals(H2Client.STATE_OPEN, client.state());
        assertTrue(server.framesOfType(H2Constants.TYPE_WINDOW_UPDATE).stream().anyMatch(f -> f.stream() == 0));
        assertEquals(1, events.events.size());
    }

    @Test
    void rstNoErrorAfterCompleteResponseKeepsTheResponse() {
        connect(new H2Config());
        events.drain = false;
        int a = request("/machine/register", false); // request body not sent yet
        pump();
        byte[] resp = body(3000, 9);
        server.headers(a, TestH2Server.responseBlock(400, false, false), false);
        server.body(a, resp, 1000, true);
        server.rst(a, H2Constants.ERR_NO_ERROR);
        pump();
        assertFalse(events.events.stream().anyMatch(e -> e.startsWith("reset")), events.events.toString());
        assertEquals(resp.length, client.available(a), "the complete response survives RST_STREAM(NO_ERROR)");
        events.drain(a);
        assertArrayEquals(resp, events.bodies.get(a).toByteArray());
        assertEquals(-1, client.streamFlags(a), "freed once drained");
        // RST_STREAM(NO_ERROR) before the response ended is still a reset.
        int b = request("/machine/map", false);
        pump();
        server.headers(b, TestH2Server.responseBlock(200, false, false), false);
        server.rst(b, H2Constants.ERR_NO_ERROR);
        pump();
        assertTrue(events.events.contains("reset " + b + " 0 peer"), events.events.toString());
    }

    @Test
    void continuationInBothDirections() {
        H2Config cfg = new H2Config();
        cfg.requestBlockBytes = 40000;
        cfg.txBytes = 60000;
        cfg.maxHeaderBlock = 40000;
        cfg.headerListBytes = 40000;
        connect(cfg);
        byte[] big = new byte[20000];
        java.util.Arrays.fill(big, (byte) 'a');
        byte[] name = ascii("x-big");
        client.beginRequest().indexed(HpackStaticTable.METHOD_GET).indexed(HpackStaticTable.SCHEME_HTTPS)
                .indexed(HpackStaticTable.PATH_ROOT).literal(name, 0, name.length, big, 0, big.length);
        int sid = client.openStream(true);
        pump();
        List<TestH2Server.Frame> h = server.received.stream()
                .filter(f -> f.type() == H2Constants.TYPE_HEADERS || f.type() == H2Constants.TYPE_CONTINUATION).toList();
        assertEquals(2, h.size());
        assertEquals(H2Constants.FLAG_END_STREAM, h.get(0).flags());
        assertEquals(H2Constants.FLAG_END_HEADERS, h.get(1).flags());
        assertEquals(16384, h.get(0).payload().length);
        assertEquals(new String(big, java.nio.charset.StandardCharsets.ISO_8859_1), server.requests.get(sid).get(3).substring(7));
        byte[] block = TestH2Server.responseBlock(404, true, true, "content-type", "text/plain", "x-long", "b".repeat(3000));
        server.headers(sid, block, true, 1, 5, block.length - 3);
        pump();
        assertEquals(404, events.status.get(sid));
        assertEquals("x-long: " + "b".repeat(3000), events.headers.get(sid).get(2));
        assertTrue(events.ended.get(sid));
    }

    @Test
    void serverMaxConcurrentStreamsIsHonoured() {
        connect(new H2Config());
        server.settings(H2Constants.SETTINGS_MAX_CONCURRENT_STREAMS, 1);
        pump();
        assertEquals(1, request("/a", true));
        assertEquals(H2Reason.PEER_STREAM_LIMIT, request("/b", true));
    }

    @Test
    void dynamicTableEntriesFromServerAreUsed() {
        connect(new H2Config());
        int sid = request("/a", true);
        int sid2 = request("/b", true);
        pump();
        // 0x40 literal with incremental indexing "x-k: v1", then index 62 refers to it.
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        b.write(0x88);
        b.write(0x40);
        TestH2Server.str(b, "x-k", true);
        TestH2Server.str(b, "v1", false);
        server.headers(sid, b.toByteArray(), true);
        server.headers(sid2, TestBytes.hex("88 be"), true);
        pump();
        assertEquals(List.of(":status: 200", "x-k: v1"), events.headers.get(sid2));
    }

    @Test
    void manyStreamsRaiseTheConnectionWindowUpFront() {
        H2Config cfg = new H2Config();
        cfg.maxStreams = 8;
        client = new H2Client(cfg, events);
        events.client = client;
        pump();
        List<TestH2Server.Frame> wu = server.framesOfType(H2Constants.TYPE_WINDOW_UPDATE);
        assertEquals(1, wu.size());
        assertEquals(0, wu.get(0).stream());
        assertEquals(8 * 16384 + 8192 - 65535, TestH2Server.getInt(wu.get(0).payload(), 0));
    }

    @Test
    void unreadStreamDoesNotStallTheOther() {
        connect(new H2Config());
        int a = request("/machine/map", true);
        int b = request("/machine/register", true);
        pump();
        events.drain = false;
        server.headers(a, TestH2Server.responseBlock(200, false, false), false);
        server.headers(b, TestH2Server.responseBlock(200, false, false), false);
        server.body(a, body(16384, 6), 4096, false); // fills a's window, never read
        pump();
        byte[] bb = body(100000, 7);
        server.body(b, bb, 5000, true);
        java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
        byte[] buf = new byte[3000];
        for (int i = 0; i < 1000 && got.size() < bb.length; i++) {
            int n = client.read(b, buf, 0, buf.length);
            if (n > 0) {
                got.write(buf, 0, n);
            }
            pump();
        }
        assertArrayEquals(bb, got.toByteArray());
        assertEquals(16384, client.available(a));
    }
}
