package io.tailnode.http;

import static io.tailnode.http.Exchange.ascii;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HttpConnectionTest {
    static final String STATUS = "GET /status HTTP/1.1\r\nHost: d\r\n\r\n";
    private final FakeStatus fake = new FakeStatus();
    private final HttpLimits limits = new HttpLimits(128, 8, 512, 20L << 20, 2_000_000, 5, HttpLimits.MIN_CHUNK);

    private HttpConnection conn() {
        return new HttpConnection(limits, fake);
    }

    private byte[] run(String req) {
        return Exchange.run(conn(), ascii(req), 1 << 20, 4096);
    }

    private static String str(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    @Test
    void statusJsonShowsTheControlClient() throws Exception {
        fake.control = "needs-auth";
        fake.authUrl = "https://login.example.com/a/" + "x".repeat(90);
        fake.keyExpiry = 1_811_808_000_000L;
        fake.expiringSoon = true;
        JsonNode c = new ObjectMapper().readTree(Exchange.single(run(STATUS)).body).get("control");
        assertEquals("needs-auth", c.get("state").asText());
        assertEquals(fake.authUrl, c.get("auth_url").asText());
        assertEquals(1_811_808_000_000L, c.get("key_expiry_ms").asLong());
        assertTrue(c.get("key_expiring_soon").asBoolean());
        fake.authUrl = null;
        c = new ObjectMapper().readTree(Exchange.single(run(STATUS)).body).get("control");
        assertTrue(c.get("auth_url").isNull());
    }

    @Test
    void statusJsonMatchesSourceAndNeverShowsPrivateKey() throws Exception {
        byte[] out = run(STATUS);
        Exchange.Response r = Exchange.single(out);
        assertEquals(200, r.status);
        assertEquals("application/json", r.header("Content-Type"));
        assertTrue(r.chunked);
        JsonNode j = new ObjectMapper().readTree(r.body);
        assertEquals("dev-\"one\"\\ü", j.get("device").asText());
        assertEquals(Base64.getEncoder().encodeToString(fake.publicKey), j.get("public_key").asText());
        assertEquals("100.64.0.7", j.get("addresses").get(0).asText());
        assertEquals("fd7a:115c:a1e0::7", j.get("addresses").get(1).asText());
        assertEquals(123_456L, j.get("uptime_ms").asLong());
        assertEquals("trusted", j.get("clock_trust").asText());
        assertEquals("watchdog", j.get("reset_cause").asText());
        assertTrue(j.get("control") == null, "no control client: no control object");
        JsonNode peers = j.get("peers");
        assertEquals(3, peers.size());
        JsonNode a = peers.get(0);
        assertEquals(Base64.getEncoder().encodeToString(fake.peers[0].publicKey), a.get("public_key").asText());
        assertEquals("192.168.1.20:41641", a.get("endpoint").asText());
        assertEquals(3_456L, a.get("last_handshake_age_ms").asLong());
        assertEquals(1000, a.get("rx_bytes").asLong());
        assertEquals(2000, a.get("tx_bytes").asLong());
        assertEquals(10, a.get("rx_packets").asLong());
        assertEquals(20, a.get("tx_packets").asLong());
        assertTrue(a.get("has_session").asBoolean());
        assertEquals("[2001::1]:80", peers.get(1).get("endpoint").asText());
        assertTrue(peers.get(1).get("last_handshake_age_ms").isNull());
        assertEquals(Long.MAX_VALUE, peers.get(1).get("rx_bytes").asLong());
        assertTrue(peers.get(2).get("endpoint").isNull());
        assertEquals("direct", a.get("path").asText());
        assertTrue(a.get("derp_region") == null);
        assertTrue(peers.get(2).get("path").isNull());
        assertEquals(5, j.get("drops").get("bad_mac1").asLong());
        assertEquals(0, j.get("drops").get("replay").asLong());
        assertEquals(9_000_000_000L, j.get("drops").get("no_endpoint").asLong());
        assertEquals(8, j.size());
        String all = str(out);
        assertFalse(all.contains(Base64.getEncoder().encodeToString(fake.privateKey)));
        assertFalse(all.contains(Base64.getEncoder().withoutPadding().encodeToString(fake.privateKey)));
        assertFalse(all.toLowerCase().contains(HexFormat.of().formatHex(fake.privateKey)));
        assertFalse(all.contains(str(fake.privateKey).substring(0, 8)));
    }

    @Test
    void statusWithNoPeersAndNoDropsIsValidJson() throws Exception {
        java.util.Arrays.fill(fake.peers, null);
        HttpConnection c = new HttpConnection(limits, new FakeStatus() {
            @Override
            public int dropReasonCount() {
                return 0;
            }

            @Override
            public int peerCapacity() {
                return 0;
            }
        });
        JsonNode j = new ObjectMapper().readTree(Exchange.single(Exchange.run(c, ascii(STATUS), 7, 100)).body);
        assertEquals(0, j.get("peers").size());
        assertEquals(0, j.get("drops").size());
    }

    @Test
    void loopIterationTimesOnStatusAndMetrics() throws Exception {
        FakeStatus f = new FakeStatus();
        f.loopUpperMs = new long[] {0, 1, 5, Long.MAX_VALUE};
        f.loopCounts = new long[] {10, 3, 1, 1};
        f.loopLongestMs = 1_250;
        f.loopTotalMs = 1_260;
        JsonNode j = new ObjectMapper().readTree(
                Exchange.single(Exchange.run(new HttpConnection(limits, f), ascii(STATUS), 7, 100)).body);
        JsonNode loop = j.get("loop");
        assertEquals(1_250, loop.get("longest_iteration_ms").asLong());
        assertEquals(1_260, loop.get("busy_total_ms").asLong());
        assertEquals(4, loop.get("iterations").size());
        assertEquals(5, loop.get("iterations").get(2).get("le_ms").asLong());
        assertTrue(loop.get("iterations").get(3).get("le_ms").isNull());
        assertEquals(1, loop.get("iterations").get(3).get("count").asLong());
        assertEquals(3, j.get("drops").size(), "drops still closed before the loop object");

        String body = Exchange.single(Exchange.run(new HttpConnection(limits, f),
                ascii("GET /metrics HTTP/1.1\r\nHost: d\r\n\r\n"), 7, 100)).text();
        assertTrue(body.contains("# TYPE tailnode_loop_iteration_longest_seconds gauge\n"
                + "tailnode_loop_iteration_longest_seconds 1.250\n"
                + "# TYPE tailnode_loop_iteration_seconds histogram\n"
                + "tailnode_loop_iteration_seconds_bucket{le=\"0.000\"} 10\n"
                + "tailnode_loop_iteration_seconds_bucket{le=\"0.001\"} 13\n"
                + "tailnode_loop_iteration_seconds_bucket{le=\"0.005\"} 14\n"
                + "tailnode_loop_iteration_seconds_bucket{le=\"+Inf\"} 15\n"
                + "tailnode_loop_iteration_seconds_sum 1.260\n"
                + "tailnode_loop_iteration_seconds_count 15\n"), body);
        assertFalse(run("GET /metrics HTTP/1.1\r\nHost: d\r\n\r\n").length == 0);
        assertFalse(new String(run("GET /metrics HTTP/1.1\r\nHost: d\r\n\r\n"),
                java.nio.charset.StandardCharsets.US_ASCII).contains("tailnode_loop"), "not measured: no loop families");
    }

    @Test
    void metricsAreValidExpositionFormat() {
        byte[] out = run("GET /metrics HTTP/1.1\r\nHost: d\r\n\r\n");
        Exchange.Response r = Exchange.single(out);
        assertEquals(200, r.status);
        assertEquals("text/plain; version=0.0.4; charset=utf-8", r.header("Content-Type"));
        String body = r.text();
        assertTrue(body.endsWith("\n"));
        java.util.regex.Pattern sample = java.util.regex.Pattern.compile(
                "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\\\n]|\\\\[\\\\\"n])*\""
                        + "(,[a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\\\n]|\\\\[\\\\\"n])*\")*)\\})? (-?[0-9]+(\\.[0-9]+)?)");
        java.util.Set<String> typed = new java.util.HashSet<>();
        java.util.Map<String, String> values = new java.util.HashMap<>();
        String current = null;
        for (String line : body.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                String[] p = line.split(" ");
                assertEquals(4, p.length, line);
                assertTrue(p[3].equals("counter") || p[3].equals("gauge"), line);
                assertTrue(typed.add(p[2]), "family typed twice: " + line);
                current = p[2];
                continue;
            }
            java.util.regex.Matcher m = sample.matcher(line);
            assertTrue(m.matches(), line);
            assertEquals(current, m.group(1), "sample outside its family: " + line);
            values.put(m.group(1) + (m.group(3) == null ? "" : "{" + m.group(3) + "}"), m.group(m.groupCount() - 1));
        }
        String pa = Base64.getEncoder().encodeToString(fake.peers[0].publicKey);
        assertEquals("123.456", values.get("tailnode_uptime_seconds"));
        assertEquals("1000", values.get("tailnode_peer_rx_bytes_total{peer=\"" + pa + "\"}"));
        assertEquals("20", values.get("tailnode_peer_tx_packets_total{peer=\"" + pa + "\"}"));
        assertEquals("3.456", values.get("tailnode_peer_last_handshake_age_seconds{peer=\"" + pa + "\"}"));
        assertEquals("9000000000", values.get("tailnode_drops_total{reason=\"no_endpoint\"}"));
        assertTrue(body.contains("tailnode_device_info{device=\"dev-\\\"one\\\"\\\\?\",public_key=\""
                + Base64.getEncoder().encodeToString(fake.publicKey) + "\",clock_trust=\"trusted\",reset_cause=\"watchdog\"} 1\n"));
        assertFalse(body.contains(Base64.getEncoder().encodeToString(fake.privateKey)));
        assertEquals(8, typed.size());
    }

    @Test
    void everySplitPointGivesTheSameBytes() {
        String[] reqs = {STATUS, "GET /metrics HTTP/1.1\r\nHost: d\r\n\r\n",
                "POST /sink HTTP/1.1\r\nHost: d\r\nContent-Length: 5\r\n\r\nhello",
                "GET /bytes?n=300 HTTP/1.1\r\nHost: d\r\n\r\n", "GET /nope HTTP/1.1\nHost: d\n\n"};
        for (String req : reqs) {
            byte[] in = ascii(req);
            byte[] whole = Exchange.run(conn(), in, in.length, 1 << 16);
            assertTrue(Exchange.single(whole).status > 0);
            for (int split = 1; split < in.length; split++) {
                assertArrayEquals(whole, Exchange.run(conn(), in, new int[] {split, in.length}, 1 << 16, false),
                        req + " split " + split);
            }
            assertArrayEquals(whole, Exchange.run(conn(), in, 1, 1), req + " byte by byte");
        }
    }

    @Test
    void pipelinedRequestsAnswerInOrder() throws Exception {
        String in = STATUS + "GET /bytes?n=3 HTTP/1.1\r\nHost: d\r\n\r\n"
                + "POST /sink HTTP/1.1\r\nHost: d\r\nContent-Length: 3\r\n\r\nabc"
                + "GET /x HTTP/1.1\r\nHost: d\r\n\r\n" + "GET /metrics HTTP/1.1\r\nHost: d\r\n\r\n";
        List<Exchange.Response> rs = Exchange.parse(run(in));
        assertEquals(5, rs.size());
        assertEquals(200, rs.get(0).status);
        assertArrayEquals(new byte[] {7, 38, 69}, rs.get(1).body);
        assertEquals("{\"length\":3,\"sha256\":\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\"}\n",
                rs.get(2).text());
        assertEquals(404, rs.get(3).status);
        assertEquals(200, rs.get(4).status);
        assertEquals("close", rs.get(4).header("Connection"), "5th request is the per-connection limit");
    }

    private static String error(int code, String reason, boolean close) {
        String body = code + " " + reason + "\n";
        return "HTTP/1.1 " + code + " " + reason + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: "
                + body.length() + "\r\nCache-Control: no-store\r\n" + (close ? "Connection: close\r\n" : "") + "\r\n"
                + body;
    }

    private void assertExact(String req, String expected, boolean closes) {
        HttpConnection c = conn();
        assertEquals(expected, str(Exchange.run(c, ascii(req), 1 << 20, 4096)), req);
        assertEquals(closes, c.wantsClose(), req);
    }

    @Test
    void errorStatusesExactBytes() {
        assertExact("GET /nope HTTP/1.1\r\nHost: d\r\n\r\n", error(404, "Not Found", false), false);
        assertExact("DELETE /status HTTP/1.1\r\nHost: d\r\n\r\n", error(404, "Not Found", false), false);
        assertExact("GET /bytes?n=x HTTP/1.1\r\nHost: d\r\n\r\n", error(400, "Bad Request", false), false);
        assertExact("GET /bytes?n=2000001 HTTP/1.1\r\nHost: d\r\n\r\n", error(400, "Bad Request", false), false);
        assertExact("GET /bytes HTTP/1.1\r\nHost: d\r\n\r\n", error(400, "Bad Request", false), false);
        assertExact("POST /sink HTTP/1.1\r\nHost: d\r\n\r\n", error(411, "Length Required", false), false);
        assertExact("GET  /status HTTP/1.1\r\nHost: d\r\n\r\n", error(400, "Bad Request", true), true);
        assertExact("GET status HTTP/1.1\r\nHost: d\r\n\r\n", error(400, "Bad Request", true), true);
        assertExact("GET /status HTTP/1.1\r\n\r\n", error(400, "Bad Request", true), true);
        assertExact("GET /status HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", error(400, "Bad Request", true), true);
        assertExact("GET /status HTTP/1.1\r\nHost : d\r\n\r\n", error(400, "Bad Request", true), true);
        assertExact("GET /status HTTP/1.1\r\nHost: d\r\n folded\r\n\r\n", error(400, "Bad Request", true), true);
        assertExact("GET /status HTTP/1.1\r\nHost: d\r\nContent-Length: 1x\r\n\r\n", error(400, "Bad Request", true), true);
        assertExact("POST /sink HTTP/1.1\r\nHost: d\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
                error(400, "Bad Request", true), true);
        assertExact("POST /sink HTTP/1.1\r\nHost: d\r\nContent-Length: 20971521\r\n\r\n",
                error(413, "Content Too Large", true), true);
        assertExact("GET /" + "a".repeat(200) + " HTTP/1.1\r\nHost: d\r\n\r\n", error(414, "URI Too Long", true), true);
        assertExact("GET /status HTTP/1.1\r\nHost: d\r\nX: " + "a".repeat(600) + "\r\n\r\n",
                error(431, "Request Header Fields Too Large", true), true);
        assertExact("GET /status HTTP/1.1\r\nHost: d\r\n" + "A: b\r\n".repeat(8) + "\r\n",
                error(431, "Request Header Fields Too Large", true), true);
        assertExact("POST /sink HTTP/1.1\r\nHost: d\r\nTransfer-Encoding: chunked\r\n\r\n",
                error(501, "Not Implemented", true), true);
        assertExact("GET /status HTTP/2.0\r\nHost: d\r\n\r\n", error(505, "HTTP Version Not Supported", true), true);
        assertExact("GET /status HTTX/1.1\r\nHost: d\r\n\r\n", error(400, "Bad Request", true), true);
        assertExact("HEAD /nope HTTP/1.1\r\nHost: d\r\n\r\n",
                error(404, "Not Found", false).replace("404 Not Found\n", "").replace("Content-Length: 14", "Content-Length: 14"),
                false);
    }

    @Test
    void headersJustUnderTheLimitsAreAccepted() {
        String hs = "Host: d\r\n" + "A: b\r\n".repeat(7);
        assertEquals(200, Exchange.single(run("GET /status HTTP/1.1\r\n" + hs + "\r\n")).status);
        String line = "GET /status?" + "a".repeat(128 - 22) + " HTTP/1.1";
        assertEquals(128, line.length() + 1); // the CR counts towards the request-line limit
        assertEquals(200, Exchange.single(run(line + "\r\nHost: d\r\n\r\n")).status);
    }

    @Test
    void bodyOfUnroutedRequestIsDiscardedAndConnectionKept() {
        List<Exchange.Response> rs = Exchange.parse(run(
                "POST /status HTTP/1.1\r\nHost: d\r\nContent-Length: 4\r\n\r\nGET " + STATUS));
        assertEquals(2, rs.size());
        assertEquals(404, rs.get(0).status);
        assertEquals(200, rs.get(1).status);
    }

    @Test
    void http10IsCloseDelimitedAndHeadHasNoBody() throws Exception {
        HttpConnection c = conn();
        byte[] out = Exchange.run(c, ascii("GET /status HTTP/1.0\r\n\r\n"), 1 << 20, 4096);
        Exchange.Response r = Exchange.single(out);
        assertNull(r.header("Transfer-Encoding"));
        assertEquals("close", r.header("Connection"));
        assertTrue(c.wantsClose());
        new ObjectMapper().readTree(r.body);
        String head = str(run("HEAD /status HTTP/1.1\r\nHost: d\r\n\r\n"));
        assertTrue(head.endsWith("Transfer-Encoding: chunked\r\nCache-Control: no-store\r\n\r\n"), head);
    }

    @Test
    void connectionCloseAndEndOfInput() {
        HttpConnection c = conn();
        byte[] out = Exchange.run(c, ascii("GET /bytes?n=2 HTTP/1.1\r\nHost: d\r\nConnection: keep-alive, Close\r\n\r\n"
                + STATUS), 1 << 20, 4096);
        assertEquals(1, Exchange.parse(out).size());
        assertTrue(c.wantsClose());
        HttpConnection d = conn();
        Exchange.run(d, ascii(STATUS), new int[] {1 << 20}, 4096, true);
        assertTrue(d.wantsClose());
        HttpConnection e = conn();
        assertEquals(0, Exchange.run(e, ascii("GET /sta"), new int[] {1 << 20}, 4096, true).length);
        assertTrue(e.wantsClose());
    }

    @Test
    void expectContinueGetsInterimResponse() {
        String head = "POST /sink HTTP/1.1\r\nHost: d\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n";
        // RFC 9110 §10.1.1: no 100 once the body is already here.
        assertEquals(200, Exchange.single(run(head + "abc")).status);
        List<Exchange.Response> rs = Exchange.parse(Exchange.run(conn(), ascii(head + "abc"),
                new int[] {head.length(), 3}, 4096, false));
        assertEquals(2, rs.size());
        assertEquals(100, rs.get(0).status);
        assertEquals(200, rs.get(1).status);
    }

    private static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    @Test
    void bytesStreamsDeterministicPattern() throws Exception {
        for (int n : new int[] {0, 1, 1_000_000}) {
            byte[] out = Exchange.run(conn(), ascii("GET /bytes?a=1&n=" + n + " HTTP/1.1\r\nHost: d\r\n\r\n"),
                    1 << 20, 1337);
            Exchange.Response r = Exchange.single(out);
            assertEquals(200, r.status);
            assertEquals(String.valueOf(n), r.header("Content-Length"));
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            assertArrayEquals(md.digest(pattern(n)), MessageDigest.getInstance("SHA-256").digest(r.body), "n=" + n);
        }
    }

    @Test
    void sinkHashesTenMegabytesInRandomChunks() throws Exception {
        Random rnd = new Random(10);
        byte[] body = new byte[10 << 20];
        rnd.nextBytes(body);
        byte[] headBytes = ascii("POST /sink HTTP/1.1\r\nHost: d\r\nContent-Length: " + body.length + "\r\n\r\n");
        byte[] in = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, in, 0, headBytes.length);
        System.arraycopy(body, 0, in, headBytes.length, body.length);
        int[] pieces = new int[997];
        for (int i = 0; i < pieces.length; i++) {
            pieces[i] = 1 + rnd.nextInt(3000);
        }
        Exchange.Response r = Exchange.single(Exchange.run(conn(), in, pieces, 512, false));
        JsonNode j = new ObjectMapper().readTree(r.body);
        assertEquals(body.length, j.get("length").asLong());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)),
                j.get("sha256").asText());
    }

    @Test
    void serverRefusesBeyondItsConnections() {
        HttpServer s = new HttpServer(limits, fake, 2);
        HttpConnection a = s.accept();
        HttpConnection b = s.accept();
        assertTrue(a != null && b != null && a != b);
        assertNull(s.accept());
        assertEquals(1, s.refusedConnections());
        byte[] buf = new byte[200];
        int n = HttpServer.writeRefusal(buf, 3, 197);
        Exchange.Response r = Exchange.single(java.util.Arrays.copyOfRange(buf, 3, 3 + n));
        assertEquals(503, r.status);
        assertEquals("close", r.header("Connection"));
        assertEquals("503 Service Unavailable\n", r.text());
        assertEquals(-1, HttpServer.writeRefusal(buf, 0, 10));
        assertTrue(s.release(a));
        assertFalse(s.release(a));
        assertEquals(1, s.activeConnections());
        HttpConnection c = s.accept();
        assertTrue(c == a);
        assertEquals(200, Exchange.single(Exchange.run(c, ascii(STATUS), 1 << 20, 4096)).status);
    }
}
