package io.tailnode.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tailnode.testing.AllocationMeter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Steady state of the HTTP server: a whole GET /status (request in, response out) and a /sink chunk allocate 0 B. */
class HttpAllocationTest {
    private static final int WARMUP = 5000;
    private static final int ITERATIONS = 5000;

    private final HttpLimits limits = new HttpLimits(256, 16, 2048, Long.MAX_VALUE / 4, 1 << 20, Integer.MAX_VALUE,
            HttpLimits.MIN_CHUNK);
    private final byte[] out = new byte[1500];

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private void drain(HttpConnection c) {
        while (c.poll(out, 0, out.length) > 0) {
            // keep draining
        }
    }

    @Test
    void statusAndMetricsRequestResponseAllocateNothing() {
        HttpConnection c = new HttpConnection(limits, new FakeStatus());
        byte[] status = ascii(HttpConnectionTest.STATUS);
        byte[] metrics = ascii("GET /metrics HTTP/1.1\r\nHost: d\r\n\r\n");
        byte[] bytes = ascii("GET /bytes?n=5000 HTTP/1.1\r\nHost: d\r\n\r\n");
        byte[] notFound = ascii("GET /nope HTTP/1.1\r\nHost: d\r\n\r\n");
        assertEquals(0, AllocationMeter.bytesPerCall(() -> {
            c.onData(status, 0, status.length);
            drain(c);
        }, WARMUP, ITERATIONS), "GET /status");
        assertEquals(0, AllocationMeter.bytesPerCall(() -> {
            c.onData(metrics, 0, metrics.length);
            drain(c);
        }, WARMUP, ITERATIONS), "GET /metrics");
        assertEquals(0, AllocationMeter.bytesPerCall(() -> {
            c.onData(bytes, 0, bytes.length);
            drain(c);
            c.onData(notFound, 0, notFound.length);
            drain(c);
        }, WARMUP, ITERATIONS), "GET /bytes + 404");
    }

    @Test
    void sinkChunkAllocatesNothing() {
        HttpConnection c = new HttpConnection(limits, new FakeStatus());
        byte[] head = ascii("POST /sink HTTP/1.1\r\nHost: d\r\nContent-Length: " + (Long.MAX_VALUE / 8) + "\r\n\r\n");
        c.onData(head, 0, head.length);
        byte[] chunk = new byte[1420];
        new java.util.Random(3).nextBytes(chunk);
        assertEquals(0, AllocationMeter.bytesPerCall(() -> {
            c.onData(chunk, 0, chunk.length);
            c.poll(out, 0, out.length);
        }, 20000, 20000), "/sink 1420-byte chunk");
        HttpServer s = new HttpServer(limits, new FakeStatus(), 2);
        byte[] status = ascii(HttpConnectionTest.STATUS);
        assertEquals(0, AllocationMeter.bytesPerCall(() -> {
            HttpConnection k = s.accept();
            k.onData(status, 0, status.length);
            drain(k);
            s.release(k);
        }, WARMUP, ITERATIONS), "accept + GET /status + release");
    }
}
