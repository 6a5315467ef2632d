package io.tailnode.control.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** GET /key?v=130: the request bytes and the answer's parsing (publicKey, status, bounds, end of stream). */
class KeyFetchTest {
    static final String KEY = "50d20b455ecf12bc453f83c2cfdb2a24925d06cf2598dcaa54e91af82ce9f765";

    static int feed(KeyFetch f, String s, int chunk) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        int r = KeyFetch.MORE;
        for (int o = 0; o < b.length && r == KeyFetch.MORE; o += chunk) {
            r = f.receive(b, o, Math.min(chunk, b.length - o));
        }
        return r;
    }

    @Test
    void requestBytes() {
        byte[] out = new byte[256];
        byte[] host = "127.0.0.1:8080".getBytes(StandardCharsets.US_ASCII);
        int n = new KeyFetch(1024).writeRequest(host, 0, host.length, 130, out, 0, out.length);
        assertEquals("GET /key?v=130 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nAccept: application/json\r\nConnection: close\r\n\r\n",
                new String(out, 0, n, StandardCharsets.US_ASCII));
        assertEquals(-1, new KeyFetch(1024).writeRequest(host, 0, host.length, 130, out, 0, 20));
    }

    @Test
    void answerWithContentLengthAtEveryChunkSize() {
        String body = "{\"legacyPublicKey\":\"mkey:" + "0".repeat(64) + "\",\"publicKey\":\"mkey:" + KEY + "\"}";
        String resp = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
        for (int chunk = 1; chunk < resp.length(); chunk += 7) {
            KeyFetch f = new KeyFetch(1024);
            assertEquals(KeyFetch.OK, feed(f, resp, chunk));
            assertEquals(KEY, HexFormat.of().formatHex(f.key()));
        }
    }

    @Test
    void answerUntilCloseAndRefusals() {
        KeyFetch f = new KeyFetch(1024);
        assertEquals(KeyFetch.MORE, feed(f, "HTTP/1.1 200 OK\r\n\r\n{\"publicKey\":\"mkey:" + KEY + "\"}", 5));
        assertEquals(KeyFetch.OK, f.finish());
        f = new KeyFetch(1024);
        feed(f, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n", 100);
        assertEquals(KeyFetch.ERR_STATUS, f.finish());
        assertEquals(404, f.status());
        f = new KeyFetch(1024);
        feed(f, "HTTP/1.1 200 OK\r\n\r\n{\"publicKey\":\"nodekey:" + KEY + "\"}", 100);
        assertEquals(KeyFetch.ERR_NO_KEY, f.finish());
        f = new KeyFetch(1024);
        feed(f, "HTTP/1.1 200 OK\r\n\r\n{\"nested\":{\"publicKey\":\"mkey:" + KEY + "\"}}", 100);
        assertEquals(KeyFetch.ERR_NO_KEY, f.finish(), "only the top-level field counts");
        f = new KeyFetch(1024);
        feed(f, "HTTP/1.1 200 OK\r\n\r\n{\"publicKey\":", 100);
        assertEquals(KeyFetch.ERR_MALFORMED, f.finish());
        f = new KeyFetch(64);
        assertEquals(KeyFetch.ERR_TOO_LARGE, feed(f, "HTTP/1.1 200 OK\r\n\r\n" + "x".repeat(100), 10));
        f = new KeyFetch(64);
        assertEquals(KeyFetch.ERR_MALFORMED, f.finish());
    }
}
