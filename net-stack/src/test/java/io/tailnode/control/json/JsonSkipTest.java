package io.tailnode.control.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** skipValue: any size in constant memory (a 256-byte value buffer here), validated while skipped. */
class JsonSkipTest {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Feeds doc in chunks; on each NAME equal to skipName calls skipValue; renders the rest. */
    static String skipping(JsonPullParser p, byte[] doc, int chunk, String skipName) {
        p.reset();
        byte[] name = utf8(skipName);
        StringBuilder sb = new StringBuilder();
        int off = 0;
        int t = p.next();
        for (;;) {
            if (t == JsonToken.NEED_MORE_INPUT) {
                if (off < doc.length) {
                    int n = Math.min(chunk, doc.length - off);
                    assertEquals(0, p.feed(doc, off, n));
                    off += n;
                } else {
                    p.finish();
                }
                t = p.next();
                continue;
            }
            if (t == JsonToken.ERROR) {
                return sb.append("ERROR(").append(p.reason()).append(')').toString();
            }
            sb.append(JsonTrace.render(p, t)).append(' ');
            if (t == JsonToken.END) {
                return sb.toString().trim();
            }
            t = t == JsonToken.NAME && p.nameEquals(name) ? p.skipValue() : p.next();
        }
    }

    @Test
    void oneMegabyteStringSkippedWithA256ByteBuffer() {
        StringBuilder big = new StringBuilder(1 << 20);
        for (int i = 0; big.length() < 1 << 20; i++) {
            big.append(i % 7 == 0 ? "\\u00e9\\uD83D\\uDE00\\\"" : "abc\u00e9\u20acxyz");
        }
        byte[] doc = utf8("{\"a\":1,\"big\":\"" + big + "\",\"b\":2}");
        assertTrue(doc.length > 1 << 20);
        JsonPullParser p = new JsonPullParser(256, 8);
        for (int chunk : new int[] {1, 100, 4096, doc.length}) {
            assertEquals("{ N:a #1 N:big SKIPPED N:b #2 } END", skipping(p, doc, chunk, "big"), "chunk " + chunk);
        }
        // The same string consumed instead of skipped does not fit: VALUE_TOO_LONG, not a crash.
        assertEquals("{ N:a #1 N:big ERROR(" + JsonReason.VALUE_TOO_LONG + ")", skipping(p, doc, 4096, "none"));
    }

    @Test
    void tenThousandElementIgnoredArraySkippedWithA256ByteBuffer() {
        StringBuilder sb = new StringBuilder("{\"Hostinfo\":[");
        for (int i = 0; i < 10_000; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"Proto\":\"peerapi4\",\"Port\":").append(i)
                    .append(",\"x\":[1.5e3,true,null,\"\\u0041\"]}");
        }
        byte[] doc = utf8(sb.append("],\"ID\":7}").toString());
        JsonPullParser p = new JsonPullParser(256, 8);
        for (int chunk : new int[] {1, 13, 1400}) {
            assertEquals("{ N:Hostinfo SKIPPED N:ID #7 } END", skipping(p, doc, chunk, "Hostinfo"));
        }
    }

    @Test
    void skippedValuesAreStillValidated() {
        JsonPullParser p = new JsonPullParser(256, 8);
        assertEquals("{ N:x ERROR(" + JsonReason.TRAILING_COMMA + ")", skipping(p, utf8("{\"x\":[1,2,],\"y\":1}"), 3, "x"));
        assertEquals("{ N:x ERROR(" + JsonReason.BAD_ESCAPE + ")", skipping(p, utf8("{\"x\":\"\\q\"}"), 3, "x"));
        assertEquals("{ N:x ERROR(" + JsonReason.DEPTH_EXCEEDED + ")",
                skipping(p, utf8("{\"x\":[[[[[[[[[]]]]]]]]]}"), 3, "x"));
        assertEquals("{ N:x ERROR(" + JsonReason.TRUNCATED + ")", skipping(p, utf8("{\"x\":[1,2"), 3, "x"));
    }

    @Test
    void skipsScalarsAndLongNumbers() {
        JsonPullParser p = new JsonPullParser(16, 8);
        String digits = "1234567890".repeat(1000);
        byte[] doc = utf8("{\"x\":-" + digits + ".5e+" + digits + ",\"y\":true,\"x\":null,\"x\":\"s\",\"z\":" + digits + "}");
        assertEquals("{ N:x SKIPPED N:y true N:x SKIPPED N:x SKIPPED N:z #overflow } END", skipping(p, doc, 7, "x"));
    }

    @Test
    void skipAfterStartSkipsTheRestOfThatContainer() {
        JsonPullParser p = new JsonPullParser(64, 8);
        byte[] doc = utf8("[{\"a\":[1,{\"b\":2}]},[3,[4]],5]");
        assertEquals(0, p.feed(doc, 0, doc.length));
        p.finish();
        assertEquals(JsonToken.START_ARRAY, p.next());
        assertEquals(JsonToken.START_OBJECT, p.next());
        assertEquals(JsonToken.SKIPPED, p.skipValue());
        assertEquals(1, p.depth());
        assertEquals(JsonToken.START_ARRAY, p.next());
        assertEquals(JsonToken.NUMBER, p.next());
        assertEquals(JsonToken.SKIPPED, p.skipValue(), "the next value: [4]");
        assertEquals(JsonToken.END_ARRAY, p.next());
        assertEquals(JsonToken.SKIPPED, p.skipValue(), "the scalar 5");
        assertEquals(JsonToken.END_ARRAY, p.skipValue(), "nothing left: the enclosing END is returned");
        assertEquals(JsonToken.END, p.next());
    }

    @Test
    void depthLimitIsExact() {
        for (int max : new int[] {1, 2, 64}) {
            JsonPullParser p = new JsonPullParser(64, max);
            assertEquals(0, JsonTrace.outcome(JsonTrace.whole(p, utf8("[".repeat(max) + "]".repeat(max)))));
            assertEquals(JsonReason.DEPTH_EXCEEDED,
                    JsonTrace.outcome(JsonTrace.whole(p, utf8("[".repeat(max + 1) + "]".repeat(max + 1)))));
        }
        // Deep input is rejected at the limit without reading (or needing) the rest.
        JsonPullParser p = new JsonPullParser(64, 64);
        byte[] deep = utf8("[".repeat(100_000));
        assertEquals("[ ".repeat(64) + "ERROR(" + JsonReason.DEPTH_EXCEEDED + "@64)", JsonTrace.whole(p, deep));
    }

    @Test
    void consumedValueLimitIsExactAndFeedMisuseIsReported() {
        JsonPullParser p = new JsonPullParser(8, 4);
        assertEquals("[ S:12345678 ] END", JsonTrace.whole(p, utf8("[\"12345678\"]")));
        assertEquals("[ ERROR(" + JsonReason.VALUE_TOO_LONG + "@10)", JsonTrace.whole(p, utf8("[\"123456789\"]")));
        // An escape that overflows is reported at the byte completing it (the last hex digit).
        assertEquals("[ ERROR(" + JsonReason.VALUE_TOO_LONG + "@14)", JsonTrace.whole(p, utf8("[\"1234567\\u00e9\"]")));
        p.reset();
        byte[] doc = utf8("[1]");
        assertEquals(JsonReason.OK, p.feed(doc, 0, 3));
        assertEquals(JsonReason.FEED_PENDING, p.feed(doc, 0, 3), "previous chunk not consumed");
        assertEquals(JsonToken.START_ARRAY, p.next());
        assertEquals(JsonToken.NUMBER, p.next());
        assertEquals(JsonToken.END_ARRAY, p.next());
        assertEquals(JsonToken.NEED_MORE_INPUT, p.next());
        p.finish();
        assertEquals(JsonReason.FEED_PENDING, p.feed(doc, 0, 3), "after finish");
        assertEquals(JsonToken.END, p.next());
        assertEquals(JsonToken.END, p.next());
    }

    @Test
    void helpersCompareAndCopy() {
        JsonPullParser p = new JsonPullParser(64, 4);
        byte[] doc = utf8("{\"Key\":\"Key\"}");
        p.feed(doc, 0, doc.length);
        assertEquals(JsonToken.START_OBJECT, p.next());
        assertEquals(JsonToken.NAME, p.next());
        byte[] key = utf8("Key");
        assertTrue(p.nameEquals(key));
        assertTrue(!p.stringEquals(key));
        assertTrue(!p.nameEquals(utf8("Ke")));
        assertEquals(JsonToken.STRING, p.next());
        assertTrue(p.stringEquals(key));
        assertTrue(!p.nameEquals(key));
        byte[] dst = new byte[5];
        assertEquals(3, p.copyValue(dst, 1, 4));
        assertEquals(JsonReason.VALUE_TOO_LONG, p.copyValue(dst, 0, 2));
        assertEquals('K', dst[1]);
    }
}
