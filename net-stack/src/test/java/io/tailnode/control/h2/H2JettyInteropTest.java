package io.tailnode.control.h2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Interop against an independent HTTP/2 stack: Jetty 12's h2c server (prior knowledge) on 127.0.0.1. Its HPACK
 * encoder uses the dynamic table and Huffman, its flow control is its own, so shared mistakes with the test
 * server in {@link TestH2Server} would show here.
 */
class H2JettyInteropTest {
    private Server server;
    private int port;

    static byte[] bodyFor(String path, int n) {
        byte[] b = new byte[n];
        new Random(path.hashCode()).nextBytes(b);
        return b;
    }

    @BeforeEach
    void start() throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server, new HTTP2CServerConnectionFactory(new HttpConfiguration()));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                String reqBody = Content.Source.asString(request, StandardCharsets.ISO_8859_1);
                String path = request.getHttpURI().getPath();
                int size = path.equals("/machine/map") ? 65536 : 300;
                response.setStatus(200);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
                response.getHeaders().put("x-request-length", String.valueOf(reqBody.length()));
                response.write(true, ByteBuffer.wrap(bodyFor(path, size)), callback);
                return true;
            }
        });
        server.start();
        port = connector.getLocalPort();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    /** Drives the client over a real socket until {@code done} holds (10 s limit). */
    static void drive(H2Client client, Socket s, BooleanSupplier done, Random rnd) throws Exception {
        s.setSoTimeout(20);
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream();
        byte[] buf = new byte[8192];
        long deadline = System.currentTimeMillis() + 10_000;
        while (!done.getAsBoolean() && System.currentTimeMillis() < deadline) {
            int n;
            while ((n = client.poll(buf, 0, buf.length)) > 0) {
                out.write(buf, 0, n);
            }
            out.flush();
            try {
                int r = in.read(buf);
                if (r < 0) {
                    break;
                }
                for (int p = 0; p < r;) {
                    int c = Math.min(r - p, 1 + rnd.nextInt(700));
                    assertEquals(c, client.receive(buf, p, c), "client rejected Jetty's bytes");
                    p += c;
                }
            } catch (SocketTimeoutException e) {
                // nothing to read yet
            }
        }
    }

    @Test
    void twoConcurrentRequestsWith64KiBResponse() throws Exception {
        RecordingListener events = new RecordingListener();
        H2Client client = new H2Client(new H2Config(), events);
        events.client = client;
        Random rnd = new Random(7540);
        try (Socket s = new Socket("127.0.0.1", port)) {
            byte[] authority = ("127.0.0.1:" + port).getBytes(StandardCharsets.ISO_8859_1);
            byte[] mapPath = TestBytes.ascii("/machine/map");
            byte[] json = TestBytes.ascii("application/json");
            client.beginRequest().indexed(HpackStaticTable.METHOD_POST).indexed(HpackStaticTable.SCHEME_HTTP)
                    .literal(HpackStaticTable.PATH_ROOT, mapPath, 0, mapPath.length)
                    .literal(HpackStaticTable.AUTHORITY, authority, 0, authority.length)
                    .literal(HpackStaticTable.CONTENT_TYPE, json, 0, json.length);
            int map = client.openStream(false);
            byte[] reqBody = new byte[40000];
            java.util.Arrays.fill(reqBody, (byte) 'x');
            byte[] regPath = TestBytes.ascii("/machine/register");
            client.beginRequest().indexed(HpackStaticTable.METHOD_GET).indexed(HpackStaticTable.SCHEME_HTTP)
                    .literal(HpackStaticTable.PATH_ROOT, regPath, 0, regPath.length)
                    .literal(HpackStaticTable.AUTHORITY, authority, 0, authority.length);
            int reg = client.openStream(true);
            int[] sent = {0};
            client.ping(1234);
            drive(client, s, () -> {
                if (sent[0] < reqBody.length) {
                    sent[0] += client.send(map, reqBody, sent[0], reqBody.length - sent[0], true);
                }
                return events.ended.containsKey(map) && events.ended.containsKey(reg)
                        && events.events.contains("pingack 1234");
            }, rnd);
            assertEquals(reqBody.length, sent[0]);
            assertEquals(200, events.status.get(map));
            assertEquals(200, events.status.get(reg));
            assertTrue(events.headers.get(map).contains("x-request-length: 40000"), events.headers.get(map).toString());
            assertTrue(events.headers.get(map).contains("content-type: application/json"));
            assertArrayEquals(bodyFor("/machine/map", 65536), events.bodies.get(map).toByteArray());
            assertArrayEquals(bodyFor("/machine/register", 300), events.bodies.get(reg).toByteArray());
            assertEquals(H2Client.STATE_OPEN, client.state());
            assertEquals(0, client.openStreams());

            // A third and fourth request on the same connection: slots were released and Jetty's dynamic table
            // entries from the first responses are referenced now.
            for (int i = 0; i < 2; i++) {
                client.beginRequest().indexed(HpackStaticTable.METHOD_GET).indexed(HpackStaticTable.SCHEME_HTTP)
                        .literal(HpackStaticTable.PATH_ROOT, regPath, 0, regPath.length)
                        .literal(HpackStaticTable.AUTHORITY, authority, 0, authority.length);
                int again = client.openStream(true);
                drive(client, s, () -> events.ended.containsKey(again), rnd);
                assertArrayEquals(bodyFor("/machine/register", 300), events.bodies.get(again).toByteArray());
            }
            assertTrue(client.decoder().tableEntries() > 0, "Jetty indexed fields in our 4 KiB table");
            assertTrue(client.settingsAcked());
            client.goAway(H2Constants.ERR_NO_ERROR);
            drive(client, s, () -> client.pending() == 0, rnd);
        }
    }

    @Test
    void zeroSizeHeaderTableAsGoServersAreAskedFor() throws Exception {
        H2Config cfg = new H2Config();
        cfg.headerTableSize = 0;
        RecordingListener events = new RecordingListener();
        H2Client client = new H2Client(cfg, events);
        events.client = client;
        Random rnd = new Random(0);
        try (Socket s = new Socket("127.0.0.1", port)) {
            byte[] authority = ("127.0.0.1:" + port).getBytes(StandardCharsets.ISO_8859_1);
            byte[] path = TestBytes.ascii("/machine/map");
            for (int i = 0; i < 3; i++) {
                client.beginRequest().indexed(HpackStaticTable.METHOD_GET).indexed(HpackStaticTable.SCHEME_HTTP)
                        .literal(HpackStaticTable.PATH_ROOT, path, 0, path.length)
                        .literal(HpackStaticTable.AUTHORITY, authority, 0, authority.length);
                int sid = client.openStream(true);
                drive(client, s, () -> events.ended.containsKey(sid), rnd);
                assertEquals(200, events.status.get(sid));
                assertArrayEquals(bodyFor("/machine/map", 65536), events.bodies.get(sid).toByteArray());
            }
            assertEquals(0, client.decoder().tableEntries());
            assertEquals(0, client.decoder().tableMaxSize());
        }
    }

    /**
     * The board configurations (H2Config.forWindow: 4 KiB windows on the STM32F746, 3 KiB on the nRF9151; 2 KiB
     * transmit buffer, empty dynamic table, 1 KiB header-block and header-list buffers, no frame-sized receive
     * buffer) against Jetty: a 40,000-byte request body through the small transmit buffer and two concurrent
     * 64 KiB and 300-byte responses, with Jetty's response headers, through the small windows.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {4096, 3072})
    void boardSizedClient(int window) throws Exception {
        RecordingListener events = new RecordingListener();
        H2Client client = new H2Client(H2Config.forWindow(window), events);
        events.client = client;
        Random rnd = new Random(4096);
        try (Socket s = new Socket("127.0.0.1", port)) {
            byte[] authority = ("127.0.0.1:" + port).getBytes(StandardCharsets.ISO_8859_1);
            byte[] mapPath = TestBytes.ascii("/machine/map");
            byte[] regPath = TestBytes.ascii("/machine/register");
            client.beginRequest().indexed(HpackStaticTable.METHOD_POST).indexed(HpackStaticTable.SCHEME_HTTP)
                    .literal(HpackStaticTable.PATH_ROOT, mapPath, 0, mapPath.length)
                    .literal(HpackStaticTable.AUTHORITY, authority, 0, authority.length);
            int map = client.openStream(false);
            client.beginRequest().indexed(HpackStaticTable.METHOD_GET).indexed(HpackStaticTable.SCHEME_HTTP)
                    .literal(HpackStaticTable.PATH_ROOT, regPath, 0, regPath.length)
                    .literal(HpackStaticTable.AUTHORITY, authority, 0, authority.length);
            int reg = client.openStream(true);
            byte[] reqBody = new byte[40000];
            java.util.Arrays.fill(reqBody, (byte) 'y');
            int[] sent = {0};
            drive(client, s, () -> {
                if (sent[0] < reqBody.length) {
                    sent[0] += client.send(map, reqBody, sent[0], reqBody.length - sent[0], true);
                }
                return events.ended.containsKey(map) && events.ended.containsKey(reg);
            }, rnd);
            assertTrue(events.headers.get(map).contains("x-request-length: 40000"), events.headers.get(map).toString());
            assertArrayEquals(bodyFor("/machine/map", 65536), events.bodies.get(map).toByteArray());
            assertArrayEquals(bodyFor("/machine/register", 300), events.bodies.get(reg).toByteArray());
            assertEquals(H2Client.STATE_OPEN, client.state());
            assertEquals(0, client.decoder().tableMaxSize());
        }
    }
}
