package io.tailnode.firmware.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.firmware.examples.LineUpperService;
import io.tailnode.ip.UdpEndpoint;
import io.tailnode.ip.tcp.TcpReason;
import io.tailnode.ip.tcp.TcpSocket;
import io.tailnode.ip.tcp.TcpStack;
import io.tailnode.wg.WgConstants;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TailnetSocketsTest {
    private final ServicesPair pair = new ServicesPair();

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private int connect(int port) {
        int c = pair.a.tcp().connect(4, ServicesPair.B, 0, port, pair.now);
        assertTrue(c >= 0);
        pair.steps(5);
        assertEquals(TcpSocket.ESTABLISHED, pair.a.tcp().state(c));
        return c;
    }

    private String readAll(int c, int expect) {
        byte[] buf = new byte[4096];
        int got = 0;
        for (int i = 0; i < 200 && got < expect; i++) {
            pair.step();
            int r = pair.a.tcp().read(c, buf, got, buf.length - got);
            if (r > 0) {
                got += r;
            }
        }
        return new String(buf, 0, got, StandardCharsets.US_ASCII);
    }

    @Test
    void exampleServiceAnswersLinesUpperCased() {
        TailnetSockets api = new TailnetSockets(pair.b, 2, 4, 1, null, null);
        LineUpperService svc = new LineUpperService(api, 2);
        assertTrue(svc.start() >= 0);
        int c = connect(LineUpperService.PORT);
        TcpStack tcp = pair.a.tcp();
        byte[] req = ascii("hello, tailnet\nmodbus 1 2");
        assertEquals(req.length, tcp.write(c, req, 0, req.length));
        assertEquals("HELLO, TAILNET\n", readAll(c, 15));
        byte[] rest = ascii(" 3\n");
        tcp.write(c, rest, 0, rest.length);
        assertEquals("MODBUS 1 2 3\n", readAll(c, 13));
        // End of stream: the partial last line is answered, then the service closes.
        byte[] tail = ascii("bye");
        tcp.write(c, tail, 0, tail.length);
        tcp.shutdown(c);
        assertEquals("BYE", readAll(c, 3));
        pair.steps(10);
        assertEquals(TcpReason.END_OF_STREAM, tcp.read(c, new byte[8], 0, 8));
        assertEquals(0, api.connections());
        // The device's own HTTP service is untouched by the hook.
        assertEquals(0, pair.b.refusedConnections());
    }

    /** Records callbacks as text; reads everything it is told about; closes on end of stream. */
    static final class Recorder implements TcpListener {
        final List<String> events = new ArrayList<>();
        final TailnetSockets api;
        final StringBuilder data = new StringBuilder();
        boolean closeOnEof = true;
        int handle = -1;

        Recorder(TailnetSockets api) {
            this.api = api;
        }

        @Override
        public void onAccept(int h) {
            handle = h;
            events.add("accept");
        }

        @Override
        public void onReadable(int h) {
            byte[] b = new byte[64];
            int r;
            while ((r = api.read(h, b, 0, b.length)) > 0) {
                data.append(new String(b, 0, r, StandardCharsets.US_ASCII));
            }
            events.add(r == TcpReason.END_OF_STREAM ? "eof" : "readable");
            if (r == TcpReason.END_OF_STREAM && closeOnEof) {
                api.close(h);
            }
        }

        @Override
        public void onWritable(int h) {
            events.add("writable");
        }

        @Override
        public void onClosed(int h, int reason) {
            assertEquals(handle, h);
            events.add("closed " + reason);
        }
    }

    @Test
    void callbacksFireInOrder() {
        TailnetSockets api = new TailnetSockets(pair.b, 2, 4, 1, null, null);
        Recorder rec = new Recorder(api);
        assertTrue(api.tcpListen(9000, rec) >= 0);
        assertEquals(TcpReason.PORT_IN_USE, api.tcpListen(9000, rec));
        int c = connect(9000);
        pair.steps(2);
        assertEquals(List.of("accept"), rec.events);
        byte[] abc = ascii("abc");
        pair.a.tcp().write(c, abc, 0, 3);
        pair.steps(5);
        assertEquals(List.of("accept", "readable"), rec.events);
        assertEquals("abc", rec.data.toString());
        pair.steps(5); // nothing new: no callback
        assertEquals(2, rec.events.size());

        // Fill the server's send buffer (the client does not read): a short write arms onWritable.
        byte[] big = new byte[4096];
        int total = 0;
        int w;
        while ((w = api.write(rec.handle, big, 0, big.length)) == big.length) {
            total += w;
            assertTrue(total < 1 << 22);
        }
        assertTrue(w == TcpReason.WOULD_BLOCK || (w >= 0 && w < big.length));
        // Room opens as the client's stack ACKs (its receive buffer absorbs some) and as it reads.
        byte[] sink = new byte[8192];
        for (int i = 0; i < 50 && !rec.events.contains("writable"); i++) {
            while (pair.a.tcp().read(c, sink, 0, sink.length) > 0) {
                // drain
            }
            pair.step();
        }
        assertEquals(List.of("accept", "readable", "writable"), rec.events);

        // Client ends its stream: eof, the recorder closes, then closed(OK).
        pair.a.tcp().shutdown(c);
        for (int i = 0; i < 50; i++) {
            while (pair.a.tcp().read(c, sink, 0, sink.length) > 0) {
                // drain
            }
            pair.step();
        }
        assertEquals(List.of("accept", "readable", "writable", "eof", "closed " + TcpReason.OK), rec.events);
        assertEquals(TcpReason.BAD_HANDLE, api.read(rec.handle, sink, 0, 1));
    }

    @Test
    void peerResetReportsClosedWithReason() {
        TailnetSockets api = new TailnetSockets(pair.b, 1, 1, 1, null, null);
        Recorder rec = new Recorder(api);
        api.tcpListen(9001, rec);
        int c = connect(9001);
        pair.steps(2);
        pair.a.tcp().abort(c);
        pair.steps(5);
        assertEquals(List.of("accept", "closed " + TcpReason.CONNECTION_RESET), rec.events);
        assertEquals(0, api.connections());
    }

    @Test
    void fullConnectionTableResetsExtraConnections() {
        TailnetSockets api = new TailnetSockets(pair.b, 1, 1, 1, null, null);
        Recorder rec = new Recorder(api);
        api.tcpListen(9002, rec);
        connect(9002);
        int c2 = pair.a.tcp().connect(4, ServicesPair.B, 0, 9002, pair.now);
        pair.steps(10);
        assertEquals(1, api.refusedConnections());
        assertEquals(TcpSocket.CLOSED, pair.a.tcp().state(c2));
        assertEquals(TcpReason.CONNECTION_RESET, pair.a.tcp().error(c2));
    }

    @Test
    void udpDatagramsReachTheListenerAndRepliesGoBack() {
        TailnetSockets api = new TailnetSockets(pair.b, 1, 1, 1, null, null);
        final int[] seen = new int[1];
        final TailnetSockets[] self = {api};
        int h = api.udpBind(5683, new UdpListener() {
            @Override
            public void onDatagram(int handle, byte[] data, int off, int len, UdpEndpoint from) {
                seen[0]++;
                for (int i = 0; i < len; i++) {
                    data[off + i] = (byte) (data[off + i] + 1);
                }
                assertEquals(len, self[0].udpSend(handle, data, off, len, from));
            }
        });
        assertTrue(h >= 0);
        int ca = pair.a.ip().udp().bind(0);
        byte[] msg = {1, 2, 3};
        UdpEndpoint to = new UdpEndpoint().setV4(ServicesPair.B, 0, 5683);
        assertEquals(3, pair.a.ip().udp().socket(ca).send(msg, 0, 3, to));
        pair.steps(3);
        assertEquals(1, seen[0]);
        byte[] back = new byte[16];
        UdpEndpoint from = new UdpEndpoint();
        assertEquals(3, pair.a.ip().udp().socket(ca).recv(back, 0, back.length, from));
        assertArrayEquals(new byte[] {2, 3, 4}, java.util.Arrays.copyOf(back, 3));
        assertEquals(5683, from.port);
        assertEquals(0, api.udpClose(h));
    }

    @Test
    void peersGoUpOnHandshakeAndDownAfterRejectTime() {
        TailnetSockets api = new TailnetSockets(pair.b, 1, 1, 2, null, null);
        final List<String> ev = new ArrayList<>();
        api.setPeerListener(new PeerListener() {
            @Override
            public void onPeerUp(int slot, long nowMs) {
                ev.add("up " + slot);
            }

            @Override
            public void onPeerDown(int slot, long nowMs) {
                ev.add("down " + slot);
            }
        });
        api.handshakeCompleted(1, 1000);
        api.handshakeCompleted(1, 2000); // rekey: no second "up"
        assertTrue(api.isPeerUp(1));
        assertEquals(2000 + WgConstants.REJECT_AFTER_TIME_MS, api.nextDeadline(1500));
        api.onIteration(2000 + WgConstants.REJECT_AFTER_TIME_MS - 1);
        assertEquals(List.of("up 1"), ev);
        api.onIteration(2000 + WgConstants.REJECT_AFTER_TIME_MS);
        assertEquals(List.of("up 1", "down 1"), ev);
        assertFalse(api.isPeerUp(1));
        assertEquals(Long.MAX_VALUE, api.nextDeadline(5000));
    }

    @Test
    void peerDirectoryLooksUpNamesCaseInsensitively() {
        StaticPeerDirectory d = new StaticPeerDirectory(2);
        byte[] v4 = {100, 64, 0, 7};
        byte[] v6 = new byte[16];
        v6[0] = (byte) 0xfd;
        v6[15] = 7;
        assertEquals(0, d.put(ascii("laptop"), 0, 6, v4, 0, 4));
        assertEquals(1, d.put(ascii("plc-1.tail.ts.net"), 0, 17, v6, 0, 6));
        assertEquals(-1, d.put(ascii("third"), 0, 5, v4, 0, 4));
        byte[] out = new byte[20];
        byte[] q = ascii("xLAPTOP.");
        assertEquals(4, d.lookup(q, 1, 7, out, 2));
        assertArrayEquals(v4, java.util.Arrays.copyOfRange(out, 2, 6));
        assertEquals(6, d.lookup(ascii("PLC-1.tail.ts.net"), 0, 17, out, 0));
        assertArrayEquals(v6, java.util.Arrays.copyOf(out, 16));
        assertEquals(PeerDirectory.NOT_FOUND, d.lookup(ascii("lap"), 0, 3, out, 0));
        assertEquals(PeerDirectory.NOT_FOUND, d.lookup(ascii("laptop"), 0, 6, out, 18));
    }

    @Test
    void postedTasksRunInTheDispatch() {
        LoopExecutor ex = new LoopExecutor(4);
        TailnetSockets api = new TailnetSockets(pair.b, 1, 1, 1, ex, null);
        final int[] ran = new int[1];
        Runnable t = new Runnable() {
            @Override
            public void run() {
                ran[0]++;
            }
        };
        assertTrue(ex.post(t));
        assertEquals(pair.now, api.nextDeadline(pair.now));
        pair.step();
        assertEquals(1, ran[0]);
        assertEquals(Long.MAX_VALUE, api.nextDeadline(pair.now));
    }

    @Test
    void activeOpenThroughTheApiTalksToTheLineService() {
        TailnetSockets server = new TailnetSockets(pair.b, 1, 2, 1, null, null);
        assertTrue(new LineUpperService(server, 2).start() >= 0);
        TailnetSockets client = new TailnetSockets(pair.a, 1, 2, 1, null, null);
        final List<String> ev = new ArrayList<>();
        final StringBuilder answer = new StringBuilder();
        final TailnetSockets[] self = {client};
        TcpListener cb = new TcpListener() {
            @Override
            public void onAccept(int h) {
                ev.add("connected");
            }

            @Override
            public void onReadable(int h) {
                byte[] b = new byte[64];
                int r;
                while ((r = self[0].read(h, b, 0, b.length)) > 0) {
                    answer.append(new String(b, 0, r, StandardCharsets.US_ASCII));
                }
                ev.add("readable");
            }

            @Override
            public void onWritable(int h) {
                ev.add("writable");
            }

            @Override
            public void onClosed(int h, int reason) {
                ev.add("closed " + reason);
            }
        };
        int h = client.tcpConnect(4, ServicesPair.B, 0, LineUpperService.PORT, cb, pair.now);
        assertTrue(h >= 0);
        byte[] req = ascii("queued before the handshake\n");
        assertEquals(req.length, client.write(h, req, 0, req.length));
        pair.steps(20);
        assertEquals("QUEUED BEFORE THE HANDSHAKE\n", answer.toString());
        assertEquals("connected", ev.get(0));
        assertEquals("readable", ev.get(1));

        int refused = client.tcpConnect(4, ServicesPair.B, 0, 9999, cb, pair.now);
        assertTrue(refused >= 0);
        ev.clear();
        pair.steps(5);
        assertEquals(List.of("closed " + TcpReason.REFUSED), ev);
        assertEquals(TcpReason.BAD_HANDLE, client.write(refused, req, 0, 1));
        assertEquals(1, client.connections());
    }
}
