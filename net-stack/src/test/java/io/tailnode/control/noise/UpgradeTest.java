package io.tailnode.control.noise;

import static io.tailnode.control.noise.ControlHandshakeTest.CLIENT_E;
import static io.tailnode.control.noise.ControlHandshakeTest.MACHINE;
import static io.tailnode.control.noise.ControlHandshakeTest.SERVER;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** HTTP/1.1 upgrade (§2.2): exact request bytes, the 101 parser's hand-off of over-read bytes, and rejections. */
class UpgradeTest {
    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void requestBytes() {
        TestResponder server = new TestResponder(SERVER);
        byte[] init = new byte[101];
        new ControlHandshake().begin(MACHINE, 0, server.staticPub, 0, 145, CLIENT_E, 0, init, 0, 101);
        byte[] host = ascii("control.example.com");
        byte[] out = new byte[600];
        int n = UpgradeRequest.write(host, 0, host.length, init, 0, 101, out, 0, out.length);
        String b64 = java.util.Base64.getEncoder().encodeToString(init);
        assertEquals(136, b64.length());
        String expected = "POST /ts2021 HTTP/1.1\r\nHost: control.example.com\r\nUpgrade: tailscale-control-protocol\r\n"
                + "Connection: upgrade\r\nX-Tailscale-Handshake: " + b64 + "\r\nContent-Length: 0\r\n\r\n";
        assertEquals(expected, new String(out, 0, n, StandardCharsets.ISO_8859_1));
        assertEquals(n, UpgradeRequest.length(host.length, 101));
        // The responder accepts what the header carries.
        server.respond(java.util.Base64.getDecoder().decode(b64), ControlHandshakeTest.SERVER_E);
        assertEquals(ControlReason.OUT_TOO_SMALL, UpgradeRequest.write(host, 0, host.length, init, 0, 101, out, 0, n - 1));
        for (String bad : new String[] {"", "a b", "a\r\nX: y", "a\u007f"}) {
            byte[] h = ascii(bad);
            assertEquals(ControlReason.BAD_HOST, UpgradeRequest.write(h, 0, h.length, init, 0, 101, out, 0, out.length));
        }
        byte[] longHost = new byte[UpgradeRequest.MAX_HOST + 1];
        Arrays.fill(longHost, (byte) 'a');
        assertEquals(ControlReason.BAD_HOST, UpgradeRequest.write(longHost, 0, longHost.length, init, 0, 101, out, 0, out.length));
    }

    static final String OK = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: tailscale-control-protocol\r\n"
            + "Connection: upgrade\r\nDate: Thu, 01 Jan 2026 00:00:00 GMT\r\n\r\n";

    @Test
    void switchingProtocolsHandsOffTrailingBytes() {
        byte[] wire = ascii(OK + "\u0002\u0000\u0030rest");
        UpgradeResponse p = new UpgradeResponse(256, 4096);
        assertEquals(OK.length(), p.receive(wire, 0, wire.length));
        assertEquals(UpgradeResponse.STATE_DONE, p.state());
        assertEquals(101, p.status());
        // Byte by byte: the count is relative to the last call.
        p.reset();
        for (int i = 0; i < OK.length(); i++) {
            int r = p.receive(wire, i, 1);
            assertEquals(1, r);
            assertEquals(i == OK.length() - 1 ? UpgradeResponse.STATE_DONE : i < 33 ? UpgradeResponse.STATE_STATUS
                    : UpgradeResponse.STATE_HEADERS, p.state(), "at " + i);
        }
        // Bare LF, mixed case, Connection token list.
        p.reset();
        byte[] lf = ascii("HTTP/1.1 101\nupgrade:  Tailscale-Control-Protocol \nCONNECTION: keep-alive, Upgrade\n\nX");
        assertEquals(lf.length - 1, p.receive(lf, 0, lf.length));
    }

    private static int parse(String s, UpgradeResponse p) {
        byte[] b = ascii(s);
        return p.receive(b, 0, b.length);
    }

    @Test
    void rejections() {
        UpgradeResponse p = new UpgradeResponse(256, 1024);
        assertEquals(ControlReason.HTTP_STATUS, parse("HTTP/1.1 400 Bad Request\r\n\r\n", p));
        assertEquals(400, p.status());
        assertEquals(UpgradeResponse.STATE_FAILED, p.state());
        assertEquals(ControlReason.HTTP_STATUS, parse("x", p), "sticky");
        p.reset();
        assertEquals(ControlReason.HTTP_STATUS, parse("HTTP/1.1 200 OK\r\nUpgrade: tailscale-control-protocol\r\n\r\n", p));
        assertEquals(200, p.status());
        for (String bad : new String[] {"HTTP/2 101 x\r\n", "HTTP/1.1 1O1 x\r\n", "HTTP/1.1 101x\r\n", "ICY 101\r\n",
                OK.substring(0, 34) + " folded: x\r\n", OK.substring(0, 34) + "NoColon\r\n",
                OK.substring(0, 34) + "Bad : x\r\n"}) {
            p.reset();
            assertEquals(ControlReason.HTTP_MALFORMED, parse(bad, p), bad);
        }
        p.reset();
        assertEquals(ControlReason.HTTP_NOT_UPGRADED, parse("HTTP/1.1 101 S\r\nConnection: upgrade\r\n\r\n", p));
        p.reset();
        assertEquals(ControlReason.HTTP_NOT_UPGRADED, parse("HTTP/1.1 101 S\r\nUpgrade: websocket\r\nConnection: upgrade\r\n\r\n", p));
        p.reset();
        assertEquals(ControlReason.HTTP_NOT_UPGRADED, parse("HTTP/1.1 101 S\r\nUpgrade: tailscale-control-protocol\r\n\r\n", p));
        p.reset();
        assertEquals(ControlReason.HTTP_HEADER_TOO_LONG, parse("HTTP/1.1 101 S\r\nX: " + "a".repeat(300) + "\r\n", p));
        p.reset();
        StringBuilder many = new StringBuilder("HTTP/1.1 101 S\r\n");
        for (int i = 0; i < 200; i++) {
            many.append("X-A: b\r\n");
        }
        assertEquals(ControlReason.HTTP_HEADER_TOO_LONG, parse(many.toString(), p));
        // Endless line without newline.
        p.reset();
        byte[] junk = new byte[5000];
        Arrays.fill(junk, (byte) 'a');
        assertEquals(ControlReason.HTTP_HEADER_TOO_LONG, p.receive(junk, 0, junk.length));
    }
}
