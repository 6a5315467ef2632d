package io.tailnode.sim.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.control.noise.ControlHandshake;
import io.tailnode.control.noise.UpgradeRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP/1.1 upgrade and the record layer as seen on the wire (protocol §2.2-2.4). */
class NoiseFrontTest extends ControlTestBase {
    static final String HEAD_101 = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: tailscale-control-protocol\r\n"
            + "Connection: upgrade\r\n\r\n";

    @BeforeEach
    void up() throws Exception {
        start();
    }

    /** Reads until {@code n} bytes or EOF (5 s limit). */
    static byte[] readAtLeast(InputStream in, int n) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        long deadline = System.currentTimeMillis() + 5000;
        while (out.size() < n && System.currentTimeMillis() < deadline) {
            try {
                int r = in.read(buf);
                if (r < 0) {
                    break;
                }
                out.write(buf, 0, r);
            } catch (SocketTimeoutException e) {
                // keep waiting
            }
        }
        return out.toByteArray();
    }

    static boolean closedByServer(InputStream in) throws IOException {
        long deadline = System.currentTimeMillis() + 5000;
        byte[] buf = new byte[4096];
        while (System.currentTimeMillis() < deadline) {
            try {
                if (in.read(buf) < 0) {
                    return true;
                }
            } catch (SocketTimeoutException e) {
                // keep waiting
            } catch (IOException e) {
                return true; // reset
            }
        }
        return false;
    }

    private Socket upgraded(TestControlClient.Device d, byte[] firstBytes) throws IOException {
        Socket s = new Socket("127.0.0.1", server.port());
        s.setSoTimeout(50);
        byte[] init = new byte[101];
        ControlHandshake hs = new ControlHandshake();
        assertEquals(101, hs.begin(d.machine, 0, server.serverKey(), 0, 130, TestControlClient.newKey(), 0, init, 0, 101));
        assertEquals(0x00, init[0]);
        assertEquals(0x82, init[1] & 0xFF);
        byte[] host = "127.0.0.1".getBytes(StandardCharsets.US_ASCII);
        byte[] req = new byte[UpgradeRequest.length(host.length, 101)];
        UpgradeRequest.write(host, 0, host.length, init, 0, 101, req, 0, req.length);
        s.getOutputStream().write(req);
        byte[] got = readAtLeast(s.getInputStream(), HEAD_101.length() + 51 + 3);
        System.arraycopy(got, 0, firstBytes, 0, Math.min(got.length, firstBytes.length));
        return s;
    }

    @Test
    void upgradeAnswerIs101ThenTheCorkedResponseAndEarlyPayloadRecord() throws Exception {
        byte[] first = new byte[HEAD_101.length() + 54];
        try (Socket s = upgraded(new TestControlClient.Device(), first)) {
            assertEquals(HEAD_101, new String(first, 0, HEAD_101.length(), StandardCharsets.ISO_8859_1));
            int p = HEAD_101.length();
            assertArrayEquals(new byte[] {2, 0, 48}, Arrays.copyOfRange(first, p, p + 3), "51-byte Noise response");
            assertEquals(4, first[p + 51], "a record (the early payload) follows without waiting for the client");
        }
        assertEquals(1, server.handshakes());
    }

    @Test
    void badUpgradesGet400() throws Exception {
        String[] requests = {
            "POST /ts2021 HTTP/1.1\r\nHost: x\r\nX-Tailscale-Handshake: AAAA\r\n\r\n",
            "POST /ts2021 HTTP/1.1\r\nHost: x\r\nUpgrade: tailscale-control-protocol\r\nConnection: upgrade\r\n"
                + "X-Tailscale-Handshake: AAAA\r\nContent-Length: 0\r\n\r\n",
            "POST /ts2021 HTTP/1.1\r\nHost: x\r\nUpgrade: tailscale-control-protocol\r\nConnection: upgrade\r\n"
                + "X-Tailscale-Handshake: " + "A".repeat(136) + "\r\n\r\n",
            "GET /elsewhere HTTP/1.1\r\nHost: x\r\n\r\n",
        };
        String[] expect = {"400", "bad handshake", "bad handshake", "404"};
        for (int i = 0; i < requests.length; i++) {
            try (Socket s = new Socket("127.0.0.1", server.port())) {
                s.setSoTimeout(50);
                s.getOutputStream().write(requests[i].getBytes(StandardCharsets.ISO_8859_1));
                String answer = new String(readAtLeast(s.getInputStream(), 1 << 20), StandardCharsets.ISO_8859_1);
                assertTrue(answer.contains(expect[i]), requests[i] + " -> " + answer);
            }
        }
        assertEquals(0, server.handshakes());
    }

    @Test
    void tamperedOrOversizedRecordsCloseTheConnection() throws Exception {
        byte[][] bad = {
            {4, 0, 20, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20}, // tag does not verify
            {4, 0x0F, (byte) 0xFE}, // 4094 > 4093
            {3, 0, 1, 'x'}, // an error message is not a client record
        };
        for (byte[] b : bad) {
            byte[] first = new byte[HEAD_101.length() + 54];
            try (Socket s = upgraded(new TestControlClient.Device(), first)) {
                s.getOutputStream().write(b);
                assertTrue(closedByServer(s.getInputStream()), "closed after " + Arrays.toString(b));
            }
        }
    }

    @Test
    void mutatedUpgradeRequestsAndRecordsNeverTakeTheServerDown() throws Exception {
        java.util.Random rnd = new java.util.Random(2021);
        TestControlClient.Device d = new TestControlClient.Device();
        byte[] init = new byte[101];
        new ControlHandshake().begin(d.machine, 0, server.serverKey(), 0, 130, TestControlClient.newKey(), 0, init, 0, 101);
        byte[] host = "127.0.0.1".getBytes(StandardCharsets.US_ASCII);
        byte[] valid = new byte[UpgradeRequest.length(host.length, 101)];
        UpgradeRequest.write(host, 0, host.length, init, 0, 101, valid, 0, valid.length);
        for (int i = 0; i < 60; i++) {
            byte[] m = valid.clone();
            for (int k = 1 + rnd.nextInt(4); k > 0; k--) {
                m[rnd.nextInt(m.length)] = (byte) rnd.nextInt(256);
            }
            if (rnd.nextBoolean()) {
                m = Arrays.copyOf(m, rnd.nextInt(m.length + 1));
            }
            try (Socket s = new Socket("127.0.0.1", server.port())) {
                s.setSoTimeout(50);
                s.getOutputStream().write(m);
                s.getOutputStream().write(TestControlClient.newKey()); // garbage where records would go
                s.shutdownOutput();
                readAtLeast(s.getInputStream(), 1 << 20);
            }
        }
        // Still serving: a real client registers.
        TestControlClient c = joined(d, server.createAuthKey(false, null), "d");
        assertEquals(1, server.nodes().size());
        c.close();
    }

    @Test
    void recordsAreFullSizedButNeverOver4096() throws Exception {
        server.config().fixtureMaps = true; // a ~20 KB first message
        TestControlClient.Device d = new TestControlClient.Device();
        TestControlClient c = joined(d, server.createAuthKey(false, null), "d");
        c.nextFrame(openMap(c, d, "d"));
        assertEquals(4093, c.maxRecordLength, "4077 plaintext + 16 tag, 3-byte header: 4096 on the wire");
    }
}
