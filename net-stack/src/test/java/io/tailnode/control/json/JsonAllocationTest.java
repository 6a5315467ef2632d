package io.tailnode.control.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.testing.AllocationMeter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Runs in the allocation JVM (escape analysis off): 0 bytes per token, per skipped subtree, per frame and so
 * per peer scanned, after warm-up.
 */
class JsonAllocationTest {
    private static final byte[] MAP = MapStreams.resource("tailscale-rs-map_response.json");

    private final JsonPullParser parser = new JsonPullParser(4096, 64);
    private long tokens;

    private void tokenizeWhole(byte[] doc, int chunk) {
        JsonPullParser p = parser;
        p.reset();
        int off = 0;
        for (;;) {
            int t = p.next();
            if (t == JsonToken.NEED_MORE_INPUT) {
                if (off < doc.length) {
                    int n = Math.min(chunk, doc.length - off);
                    p.feed(doc, off, n);
                    off += n;
                } else {
                    p.finish();
                }
            } else if (t == JsonToken.END || t == JsonToken.ERROR) {
                return;
            } else {
                tokens++;
            }
        }
    }

    @Test
    void zeroBytesPerToken() {
        tokens = 0;
        tokenizeWhole(MAP, 1400);
        long perDoc = tokens;
        assertTrue(perDoc > 2000, perDoc + " tokens");
        assertEquals(JsonReason.OK, parser.reason());
        assertEquals(0, AllocationMeter.bytesPerCall(() -> tokenizeWhole(MAP, 1400), 200, 500));
        assertEquals(0, AllocationMeter.bytesPerCall(() -> tokenizeWhole(MAP, 7), 50, 100));
    }

    @Test
    void zeroBytesPerSkippedSubtree() {
        StringBuilder sb = new StringBuilder("{\"x\":[");
        for (int i = 0; i < 2000; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"s\":\"\\u00e9\\uD83D\\uDE00 text\",\"n\":-1.5e3,\"b\":[true,null]}");
        }
        byte[] doc = sb.append("],\"y\":1}").toString().getBytes(StandardCharsets.UTF_8);
        Runnable skipX = () -> {
            JsonPullParser p = parser;
            p.reset();
            p.feed(doc, 0, doc.length);
            p.finish();
            p.next();
            p.next();
            if (p.skipValue() != JsonToken.SKIPPED) {
                throw new AssertionError();
            }
        };
        skipX.run();
        assertEquals(JsonToken.NAME, parser.next());
        assertEquals(0, AllocationMeter.bytesPerCall(skipX, 200, 500));
    }

    @Test
    void zeroBytesPerPeerScanned() {
        byte[] stream = MapStreams.frames(GeneratedMaps.map(200));
        byte[] fixture = MapStreams.frames(MAP);
        CountingVisitor v = new CountingVisitor();
        MapResponseScanner s = new MapResponseScanner(4096, 2, 2, 4, 64, v);
        MapFrameReader reader = new MapFrameReader(1 << 20, s);
        Runnable frame = () -> {
            for (int off = 0; off < stream.length; off += 1400) {
                reader.feed(stream, off, Math.min(1400, stream.length - off));
            }
        };
        frame.run();
        assertEquals(MapReason.OK, v.lastResult);
        assertEquals(201, v.nodes);
        assertEquals(0, AllocationMeter.bytesPerCall(frame, 30, 100), "200 peers per frame: 0 B per peer");
        Runnable real = () -> reader.feed(fixture, 0, fixture.length);
        assertEquals(0, AllocationMeter.bytesPerCall(real, 200, 500), "real fixture incl. DERPMap and drops");
        assertEquals(MapReason.OK, v.lastResult);
    }
}
