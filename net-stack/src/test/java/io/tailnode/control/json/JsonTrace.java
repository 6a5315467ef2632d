package io.tailnode.control.json;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/** Test helper: runs a document through a parser with given feed boundaries and renders every token as text. */
final class JsonTrace {
    private JsonTrace() {
    }

    /** Whole document in one feed. */
    static String whole(JsonPullParser p, byte[] doc) {
        return run(p, doc, new int[] {doc.length});
    }

    /** One byte per feed. */
    static String byteByByte(JsonPullParser p, byte[] doc) {
        int[] cuts = new int[doc.length];
        for (int i = 0; i < doc.length; i++) {
            cuts[i] = i + 1;
        }
        return run(p, doc, cuts);
    }

    /** Random chunk sizes (1..17) from a seeded generator. */
    static String randomSplits(JsonPullParser p, byte[] doc, long seed) {
        Random r = new Random(seed);
        int[] tmp = new int[doc.length + 1];
        int n = 0;
        int at = 0;
        while (at < doc.length) {
            at = Math.min(doc.length, at + 1 + r.nextInt(17));
            tmp[n++] = at;
        }
        int[] cuts = new int[n];
        System.arraycopy(tmp, 0, cuts, 0, n);
        return run(p, doc, cuts);
    }

    /**
     * Feeds {@code doc} in pieces ending at the offsets in {@code cuts} (ascending, last = length), then finish().
     * Each piece is copied into a fresh array so the parser cannot read past the chunk it was given.
     */
    static String run(JsonPullParser p, byte[] doc, int[] cuts) {
        p.reset();
        StringBuilder sb = new StringBuilder();
        int from = 0;
        int ci = 0;
        int guard = 0;
        for (;;) {
            int t = p.next();
            if (++guard > 10_000_000) {
                throw new AssertionError("parser does not make progress");
            }
            if (t == JsonToken.NEED_MORE_INPUT) {
                if (ci < cuts.length) {
                    int to = cuts[ci++];
                    byte[] chunk = new byte[to - from + 4];
                    System.arraycopy(doc, from, chunk, 2, to - from);
                    if (p.feed(chunk, 2, to - from) != JsonReason.OK) {
                        throw new AssertionError("feed refused");
                    }
                    from = to;
                } else {
                    p.finish();
                }
                continue;
            }
            if (t == JsonToken.ERROR) {
                sb.append("ERROR(").append(p.reason()).append('@').append(p.errorPosition()).append(')');
                return sb.toString();
            }
            sb.append(render(p, t)).append(' ');
            if (t == JsonToken.END) {
                return sb.toString().trim();
            }
        }
    }

    static String render(JsonPullParser p, int t) {
        switch (t) {
            case JsonToken.START_OBJECT: return "{";
            case JsonToken.END_OBJECT: return "}";
            case JsonToken.START_ARRAY: return "[";
            case JsonToken.END_ARRAY: return "]";
            case JsonToken.NAME: return "N:" + text(p);
            case JsonToken.STRING: return "S:" + text(p);
            case JsonToken.NUMBER:
                return "#" + (p.numberFitsLong() ? Long.toString(p.longValue()) : "overflow")
                        + (p.numberIsInteger() ? "" : "~");
            case JsonToken.TRUE: return "true";
            case JsonToken.FALSE: return "false";
            case JsonToken.NULL: return "null";
            case JsonToken.END: return "END";
            case JsonToken.SKIPPED: return "SKIPPED";
            default: return "?" + t;
        }
    }

    static String text(JsonPullParser p) {
        return new String(p.valueBuffer(), 0, p.valueLength(), StandardCharsets.UTF_8);
    }

    /** Reason code of the final token, 0 if the document was accepted. */
    static int outcome(String trace) {
        if (trace.startsWith("ERROR(") || trace.contains(" ERROR(")) {
            int i = trace.indexOf("ERROR(") + 6;
            return Integer.parseInt(trace.substring(i, trace.indexOf('@', i)));
        }
        return 0;
    }
}
