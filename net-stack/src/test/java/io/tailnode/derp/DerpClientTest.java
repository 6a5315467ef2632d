package io.tailnode.derp;

import static io.tailnode.derp.ScriptedServer.concat;
import static io.tailnode.derp.ScriptedServer.frame;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.crypto.CryptoBox;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The client state machine against a scripted server, in memory, with virtual time. */
class DerpClientTest {
    static final byte[] NODE_PRIV = ScriptedServer.fill(32, 0x11);
    static final byte[] NODE_PUB = BcBox.publicKey(NODE_PRIV);
    static final byte[] PEER = ScriptedServer.fill(32, 0xc0);
    static final byte[] HOST = "derp.test".getBytes(StandardCharsets.US_ASCII);

    final RecordingDerpListener events = new RecordingDerpListener();
    final DerpClient client = new DerpClient(new CryptoBox(), new CountingRandom(), events, 1500, 4096, 64);
    final ScriptedServer server = new ScriptedServer();

    DerpClientTest() {
        client.setNodeKey(NODE_PRIV, 0, NODE_PUB, 0);
    }

    byte[] takeOutput() {
        byte[] o = Arrays.copyOf(client.outputBuffer(), client.outputLength());
        client.consumeOutput(o.length);
        return o;
    }

    /** connect, 101 + ServerKey in one piece, ClientInfo checked, ServerInfo: OPEN. */
    void login(long now) {
        assertEquals(DerpReason.OK, client.connect(HOST, 0, HOST.length, now));
        String req = new String(takeOutput(), StandardCharsets.US_ASCII);
        assertTrue(req.startsWith("GET /derp HTTP/1.1\r\nHost: derp.test\r\n"), req);
        byte[] in = concat(ScriptedServer.upgradeHeaders(true), ScriptedServer.serverKeyFrame());
        assertEquals(in.length, client.receive(in, 0, in.length, now));
        assertEquals(DerpClient.STATE_AWAIT_SERVER_INFO, client.state());
        byte[] out = takeOutput();
        assertEquals(out.length, server.acceptClientInfo(out, 0));
        byte[] si = server.serverInfoFrame();
        assertEquals(si.length, client.receive(si, 0, si.length, now));
        assertEquals(DerpClient.STATE_OPEN, client.state());
    }

    @Test
    void loginSealsClientInfoForTheServerKey() {
        login(1000);
        assertArrayEquals(NODE_PUB, server.clientKey);
        assertEquals("{\"version\":2,\"CanAckPings\":true}", server.clientInfoJson);
        assertEquals(List.of("connected"), events.events);
        byte[] sk = new byte[32];
        client.serverKey(sk, 0);
        assertArrayEquals(ScriptedServer.SERVER_PUB, sk);
        byte[] info = new byte[100];
        int n = client.serverInfo(info, 0, 100);
        assertTrue(new String(info, 0, n, StandardCharsets.US_ASCII).startsWith("{\"version\":2"));
    }

    @Test
    void loginByteByByte() {
        assertEquals(DerpReason.OK, client.connect(HOST, 0, HOST.length, 0));
        takeOutput();
        byte[] in = concat(ScriptedServer.upgradeHeaders(false), ScriptedServer.serverKeyFrame());
        for (int i = 0; i < in.length; i++) {
            assertEquals(1, client.receive(in, i, 1, 0));
        }
        byte[] out = takeOutput();
        server.acceptClientInfo(out, 0);
        byte[] rest = concat(server.serverInfoFrame(), frame(5, concat(PEER, new byte[] {9, 8, 7})));
        for (int i = 0; i < rest.length; i++) {
            client.receive(rest, i, 1, 0);
        }
        assertEquals(List.of("connected", "packet 3"), events.events);
        assertArrayEquals(new byte[] {9, 8, 7}, events.packets.get(0));
        assertArrayEquals(PEER, events.packetSources.get(0));
    }

    @Test
    void sendQueuesSendPacketFrames() {
        login(0);
        byte[] pkt = {1, 2, 3, 4};
        assertEquals(DerpReason.OK, client.send(PEER, 0, pkt, 0, 4));
        assertEquals(DerpReason.OK, client.notePreferred(true));
        byte[] out = takeOutput();
        assertArrayEquals(concat(frame(4, concat(PEER, pkt)), frame(7, new byte[] {1})), out);
        assertEquals(DerpReason.TOO_LARGE, client.send(PEER, 0, new byte[1501], 0, 1501));
        // Output full: WOULD_BLOCK and nothing queued.
        byte[] big = new byte[1500];
        int queued = 0;
        while (client.send(PEER, 0, big, 0, 1500) == DerpReason.OK) {
            queued++;
        }
        assertEquals(4096 / (1500 + 37), queued);
        assertEquals(queued * (1500 + 37), client.outputLength());
    }

    @Test
    void sendBeforeClientInfoIsRefused() {
        assertEquals(DerpReason.BAD_STATE, client.send(PEER, 0, new byte[1], 0, 1));
        client.connect(HOST, 0, HOST.length, 0);
        assertEquals(DerpReason.BAD_STATE, client.send(PEER, 0, new byte[1], 0, 1));
    }

    @Test
    void pingIsAnsweredWithPongAndPongsReported() {
        login(0);
        byte[] ping = frame(0x12, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        client.receive(ping, 0, ping.length, 5);
        assertArrayEquals(frame(0x13, new byte[] {1, 2, 3, 4, 5, 6, 7, 8}), takeOutput());
        assertEquals(DerpReason.OK, client.ping(new byte[] {9, 9, 9, 9, 9, 9, 9, 9}, 0));
        assertArrayEquals(frame(0x12, new byte[] {9, 9, 9, 9, 9, 9, 9, 9}), takeOutput());
        byte[] pong = frame(0x13, new byte[] {9, 9, 9, 9, 9, 9, 9, 9});
        client.receive(pong, 0, pong.length, 6);
        assertEquals("pong 0909090909090909", events.events.get(1));
    }

    @Test
    void keepAliveRefreshesAndSilenceKills() {
        login(0);
        byte[] ka = frame(6, new byte[0]);
        assertEquals(120000, client.nextDeadline());
        client.receive(ka, 0, ka.length, 60000);
        assertEquals(180000, client.nextDeadline());
        assertEquals(DerpReason.OK, client.poll(179999));
        assertEquals(DerpReason.KEEPALIVE_TIMEOUT, client.poll(180000));
        assertEquals(DerpClient.STATE_CLOSED, client.state());
        assertEquals(181000, client.reconnectAt());
        assertEquals(DerpReason.CLOSED, client.receive(ka, 0, ka.length, 180001));
    }

    @Test
    void handshakeTimeout() {
        client.connect(HOST, 0, HOST.length, 0);
        assertEquals(DerpReason.OK, client.poll(14999));
        assertEquals(DerpReason.HANDSHAKE_TIMEOUT, client.poll(15000));
    }

    @Test
    void peerGoneHealthAndIgnoredFrames() {
        login(0);
        byte[] in = concat(frame(8, concat(PEER, new byte[] {1})), frame(8, PEER),
                frame(0x14, "duplicate".getBytes(StandardCharsets.UTF_8)), frame(0x14, new byte[0]),
                frame(9, PEER), frame(0x7e, new byte[3]));
        assertEquals(in.length, client.receive(in, 0, in.length, 0));
        assertEquals(List.of("connected", "gone c0c1c2c3 1", "gone c0c1c2c3 0", "health 'duplicate'", "health ''"),
                events.events);
        assertEquals(2, client.ignoredFrames());
        assertEquals(DerpClient.STATE_OPEN, client.state());
    }

    @Test
    void restartingGivesTheReconnectDeadline() {
        login(0);
        byte[] rs = frame(0x15, new byte[] {0, 0, 0x0b, (byte) 0xb8, 0, 0, (byte) 0xea, 0x60});
        client.receive(rs, 0, rs.length, 10000);
        assertEquals("restarting 3000 60000", events.events.get(1));
        assertEquals(DerpReason.SERVER_RESTARTING, client.transportClosed(10050));
        assertEquals(13000, client.reconnectAt());
        assertEquals(13000, client.nextDeadline());
        // A failed reconnect inside the try-for window retries at the initial backoff, not a growing one.
        client.connect(HOST, 0, HOST.length, 13000);
        assertEquals(DerpReason.TRANSPORT_CLOSED, client.transportClosed(13100));
        assertEquals(14100, client.reconnectAt());
        client.connect(HOST, 0, HOST.length, 14100);
        client.transportClosed(14200);
        assertEquals(15200, client.reconnectAt());
        // Logged in again: back to normal.
        takeOutput();
        login(20000);
        assertEquals(2, events.events.stream().filter("connected"::equals).count());
    }

    @Test
    void backoffDoublesToThirtySecondsAndResetsOnLogin() {
        long now = 0;
        long[] want = {1000, 2000, 4000, 8000, 16000, 30000, 30000};
        for (long w : want) {
            client.connect(HOST, 0, HOST.length, now);
            client.transportClosed(now);
            assertEquals(now + w, client.reconnectAt());
            now += w;
        }
        login(now);
        client.transportClosed(now);
        assertEquals(now + 1000, client.reconnectAt());
    }

    @Test
    void aDeliberateCloseRedialsAtOnceAndOnlyWhenClosed() {
        client.redialNow(5);
        assertEquals(DerpClient.STATE_IDLE, client.state(), "no effect before any connection");
        login(1000);
        client.redialNow(1500);
        assertEquals(DerpClient.STATE_OPEN, client.state(), "no effect on a live connection");
        client.transportClosed(2000);
        assertEquals(3000, client.reconnectAt(), "a close is backed off");
        client.redialNow(2000);
        assertEquals(2000, client.reconnectAt(), "unless the driver closed it on purpose");
    }

    int afterLogin(byte[] in) {
        login(0);
        return client.receive(in, 0, in.length, 1);
    }

    @Test
    void forgedAndTruncatedFramesClose() {
        Object[][] cases = {
            {frame(5, new byte[10]), DerpReason.FRAME_TRUNCATED},
            {new byte[] {5, 0, 0x10, 0, 1}, DerpReason.FRAME_TOO_LARGE},
            {ScriptedServer.serverKeyFrame(), DerpReason.UNEXPECTED_FRAME},
            {frame(4, new byte[40]), DerpReason.UNEXPECTED_FRAME},
            {frame(2, new byte[80]), DerpReason.UNEXPECTED_FRAME},
            {frame(3, new byte[60]), DerpReason.UNEXPECTED_FRAME},
            {frame(0x12, new byte[7]), DerpReason.FRAME_TRUNCATED},
        };
        for (Object[] c : cases) {
            DerpClientTest t = new DerpClientTest();
            t.login(0);
            t.client.send(PEER, 0, new byte[5], 0, 5);
            byte[] in = (byte[]) c[0];
            assertEquals((int) c[1], t.client.receive(in, 0, in.length, 1), Arrays.toString(Arrays.copyOf(in, 5)));
            assertEquals(DerpClient.STATE_CLOSED, t.client.state());
            assertEquals(0, t.client.outputLength(), "queued output dropped");
            assertEquals((int) c[1], t.client.closeReason());
            assertEquals(1001, t.client.reconnectAt());
        }
    }

    @Test
    void forgedServerInfoAndLoginErrors() {
        client.connect(HOST, 0, HOST.length, 0);
        takeOutput();
        byte[] in = concat(ScriptedServer.upgradeHeaders(true), ScriptedServer.serverKeyFrame());
        client.receive(in, 0, in.length, 0);
        server.acceptClientInfo(takeOutput(), 0);
        byte[] si = server.serverInfoFrame();
        si[si.length - 1] ^= 1;
        assertEquals(DerpReason.BAD_SERVER_INFO, client.receive(si, 0, si.length, 0));

        DerpClientTest t = new DerpClientTest();
        t.client.connect(HOST, 0, HOST.length, 0);
        byte[] other = concat(ScriptedServer.upgradeHeaders(true),
                frame(1, concat(ScriptedServer.MAGIC, ScriptedServer.fill(32, 0x99))));
        assertEquals(DerpReason.SERVER_KEY_MISMATCH, t.client.receive(other, 0, other.length, 0));

        t = new DerpClientTest();
        t.client.connect(HOST, 0, HOST.length, 0);
        byte[] first = concat(ScriptedServer.upgradeHeaders(false), frame(6, new byte[0]));
        assertEquals(DerpReason.UNEXPECTED_FRAME, t.client.receive(first, 0, first.length, 0));

        t = new DerpClientTest();
        t.client.connect(HOST, 0, HOST.length, 0);
        byte[] lowOrder = concat(ScriptedServer.upgradeHeaders(false), frame(1, concat(ScriptedServer.MAGIC, new byte[32])));
        assertEquals(DerpReason.BAD_SERVER_KEY, t.client.receive(lowOrder, 0, lowOrder.length, 0));

        t = new DerpClientTest();
        t.client.connect(HOST, 0, HOST.length, 0);
        byte[] no = ScriptedServer.ascii("HTTP/1.1 426 Upgrade Required\r\n\r\n");
        assertEquals(DerpReason.HTTP_STATUS, t.client.receive(no, 0, no.length, 0));
        t = new DerpClientTest();
        t.client.connect(HOST, 0, HOST.length, 0);
        byte[] noUp = ScriptedServer.ascii("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: upgrade\r\n\r\n");
        assertEquals(DerpReason.HTTP_NOT_UPGRADED, t.client.receive(noUp, 0, noUp.length, 0));
    }

    @Test
    void oversizedLegalPacketIsSkippedNotBuffered() {
        login(0);
        byte[] big = frame(5, concat(PEER, new byte[3000]));
        byte[] small = frame(5, concat(PEER, new byte[] {42}));
        byte[] in = concat(big, small);
        // In pieces, so the skip spans calls.
        for (int i = 0; i < in.length; i += 700) {
            int n = Math.min(700, in.length - i);
            assertEquals(n, client.receive(in, i, n, 0));
        }
        assertEquals(1, client.oversizeSkipped());
        assertEquals(List.of("connected", "packet 1"), events.events);
        // And whole in one call.
        assertEquals(in.length, client.receive(in, 0, in.length, 0));
        assertEquals(2, client.oversizeSkipped());
    }
}
