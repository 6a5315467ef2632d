package io.tailnode.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Test driver: feeds a connection like a TCP socket would and splits the output into responses. */
final class Exchange {
    private Exchange() {
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Feeds {@code in} in pieces of {@code piece} bytes, polling with {@code pollCap}; returns all output. */
    static byte[] run(HttpConnection c, byte[] in, int piece, int pollCap) {
        return run(c, in, new int[] {piece}, pollCap, false);
    }

    static byte[] run(HttpConnection c, byte[] in, int[] pieces, int pollCap, boolean eof) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[pollCap + 16];
        int pos = 0;
        int k = 0;
        int offered = 0;
        boolean eofSent = false;
        for (int guard = 0; guard < 50_000_000; guard++) {
            if (offered == pos && pos < in.length) {
                offered = Math.min(in.length, pos + Math.max(1, pieces[k++ % pieces.length]));
            }
            int n = offered > pos ? c.onData(in, pos, offered - pos) : 0;
            assertTrue(n >= 0 && n <= offered - pos);
            pos += n;
            int w = c.poll(buf, 8, pollCap);
            assertTrue(w >= 0 && w <= pollCap);
            out.write(buf, 8, w);
            if (c.wantsClose()) {
                return out.toByteArray();
            }
            if (n == 0 && w == 0 && offered == pos && pos == in.length) {
                if (eof && !eofSent) {
                    c.onEndOfInput();
                    eofSent = true;
                    continue;
                }
                return out.toByteArray();
            }
        }
        fail("no progress");
        return null;
    }

    /** One parsed response. */
    static final class Response {
        int status;
        String statusLine;
        final Map<String, String> headers = new TreeMap<>();
        byte[] body;
        boolean chunked;

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Strictly parses a sequence of HTTP/1.1 responses; a body without framing runs to the end. */
    static List<Response> parse(byte[] b) {
        return parse(b, false);
    }

    /**
     * With {@code headResponses}, a response whose body would start with another status line (or the end of the
     * output) is taken as the answer to a HEAD request: framing headers present, no body (RFC 9110 §9.3.2).
     */
    static List<Response> parse(byte[] b, boolean headResponses) {
        List<Response> list = new ArrayList<>();
        int[] p = {0};
        while (p[0] < b.length) {
            Response r = new Response();
            r.statusLine = line(b, p);
            if (!r.statusLine.matches("HTTP/1\\.1 [1-5]\\d\\d [A-Za-z ]+")) {
                throw new IllegalStateException("bad status line: " + r.statusLine);
            }
            r.status = Integer.parseInt(r.statusLine.substring(9, 12));
            for (String h = line(b, p); !h.isEmpty(); h = line(b, p)) {
                int colon = h.indexOf(':');
                if (colon <= 0 || r.headers.put(h.substring(0, colon).toLowerCase(Locale.ROOT),
                        h.substring(colon + 1).trim()) != null) {
                    throw new IllegalStateException("bad or repeated header: " + h);
                }
            }
            if (r.status == 100) {
                list.add(r);
                r.body = new byte[0];
                continue;
            }
            String cl = r.header("Content-Length");
            if (headResponses && (p[0] == b.length || startsWith(b, p[0], "HTTP/1.1 "))) {
                r.body = new byte[0];
            } else if (cl != null) {
                int n = Integer.parseInt(cl);
                if (p[0] + n > b.length) {
                    throw new IllegalStateException("short body");
                }
                r.body = java.util.Arrays.copyOfRange(b, p[0], p[0] + n);
                p[0] += n;
            } else if ("chunked".equals(r.header("Transfer-Encoding"))) {
                r.chunked = true;
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                while (true) {
                    int size = Integer.parseInt(line(b, p), 16);
                    if (size == 0) {
                        if (!line(b, p).isEmpty()) {
                            throw new IllegalStateException("trailer");
                        }
                        break;
                    }
                    body.write(b, p[0], size);
                    p[0] += size;
                    if (!line(b, p).isEmpty()) {
                        throw new IllegalStateException("chunk CRLF");
                    }
                }
                r.body = body.toByteArray();
            } else {
                r.body = java.util.Arrays.copyOfRange(b, p[0], b.length);
                p[0] = b.length;
            }
            list.add(r);
        }
        return list;
    }

    private static boolean startsWith(byte[] b, int at, String s) {
        if (b.length - at < s.length()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (b[at + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static String line(byte[] b, int[] p) {
        for (int i = p[0]; i + 1 < b.length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') {
                String s = new String(b, p[0], i - p[0], StandardCharsets.ISO_8859_1);
                p[0] = i + 2;
                return s;
            }
        }
        throw new IllegalStateException("unterminated line");
    }

    static Response single(byte[] out) {
        List<Response> l = parse(out);
        assertEquals(1, l.size(), "responses");
        return l.get(0);
    }
}
