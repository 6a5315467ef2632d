package io.tailnode.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Fixed-seed fuzz: random and mutated requests, random splits and poll sizes. The connection must never throw,
 * never write outside the poll window, always make progress, and produce only well-formed responses (possibly
 * followed by a close).
 */
class HttpFuzzTest {
    private static final String[] SEEDS = {
            HttpConnectionTest.STATUS,
            "GET /metrics HTTP/1.1\r\nHost: d\r\nConnection: close\r\n\r\n",
            "GET /bytes?n=77 HTTP/1.1\r\nHost: d\r\n\r\n",
            "POST /sink HTTP/1.1\r\nHost: d\r\nContent-Length: 10\r\nExpect: 100-continue\r\n\r\n0123456789",
            "HEAD /status HTTP/1.0\r\n\r\n",
            "POST /x HTTP/1.1\r\nHost: d\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    };
    private static final byte[] ALPHABET = "GETPOSTHEAD /?=&:\r\n\t 0123456789HTTP/1.1Host:Content-Length:chunked\u0000\u00ff"
            .getBytes(StandardCharsets.ISO_8859_1);

    @Test
    void mutatedAndRandomRequestsNeverBreakTheConnection() {
        Random rnd = new Random(0x5EED);
        HttpLimits limits = new HttpLimits(96, 6, 300, 4096, 5000, 4, HttpLimits.MIN_CHUNK);
        HttpConnection c = new HttpConnection(limits, new FakeStatus());
        for (int iter = 0; iter < 20_000; iter++) {
            byte[] in = input(rnd);
            c.reset();
            byte[] out = drive(c, in, rnd);
            try {
                Exchange.parse(out, true);
            } catch (RuntimeException e) {
                // A close-delimited body (HTTP/1.0 /status) swallows the rest; anything else must parse.
                fail("iteration " + iter + ": " + e.getMessage() + "\n" + new String(in, StandardCharsets.ISO_8859_1));
            }
        }
    }

    private static byte[] input(Random rnd) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int kind = rnd.nextInt(4);
        if (kind == 0) {
            int n = rnd.nextInt(400);
            for (int i = 0; i < n; i++) {
                b.write(ALPHABET[rnd.nextInt(ALPHABET.length)]);
            }
            return b.toByteArray();
        }
        int requests = 1 + rnd.nextInt(3);
        for (int r = 0; r < requests; r++) {
            byte[] s = SEEDS[rnd.nextInt(SEEDS.length)].getBytes(StandardCharsets.ISO_8859_1);
            int mutations = kind == 1 ? 0 : 1 + rnd.nextInt(4);
            for (int m = 0; m < mutations; m++) {
                int at = rnd.nextInt(s.length);
                int op = rnd.nextInt(4);
                if (op == 0) {
                    s[at] = ALPHABET[rnd.nextInt(ALPHABET.length)];
                } else if (op == 1) {
                    s[at] = (byte) rnd.nextInt(256);
                } else if (op == 2) {
                    s = java.util.Arrays.copyOf(s, at);
                    if (s.length == 0) {
                        s = new byte[] {'G'};
                    }
                } else {
                    byte[] t = new byte[s.length + 50];
                    System.arraycopy(s, 0, t, 0, at);
                    java.util.Arrays.fill(t, at, at + 50, ALPHABET[rnd.nextInt(ALPHABET.length)]);
                    System.arraycopy(s, at, t, at + 50, s.length - at);
                    s = t;
                }
            }
            b.write(s, 0, s.length);
        }
        return b.toByteArray();
    }

    /** Like {@link Exchange#run}, with random pieces and poll windows guarded by canaries on both sides. */
    private static byte[] drive(HttpConnection c, byte[] in, Random rnd) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[2100];
        int pos = 0;
        boolean eof = false;
        for (int guard = 0; guard < 100_000; guard++) {
            int piece = Math.min(in.length - pos, 1 + rnd.nextInt(64));
            int n = piece > 0 ? c.onData(in, pos, piece) : 0;
            assertTrue(n >= 0 && n <= piece);
            pos += n;
            int cap = 1 + rnd.nextInt(2048);
            int off = 1 + rnd.nextInt(buf.length - cap - 1);
            java.util.Arrays.fill(buf, (byte) 0x5A);
            int w = c.poll(buf, off, cap);
            assertTrue(w >= 0 && w <= cap);
            for (int i = 0; i < off; i++) {
                assertEquals(0x5A, buf[i], "write before the window");
            }
            for (int i = off + w; i < buf.length; i++) {
                assertEquals(0x5A, buf[i], "write after the written bytes");
            }
            out.write(buf, off, w);
            if (c.wantsClose()) {
                return out.toByteArray();
            }
            if (n == 0 && w == 0 && pos == in.length) {
                if (eof) {
                    return out.toByteArray();
                }
                c.onEndOfInput();
                eof = true;
            }
        }
        fail("no progress");
        return null;
    }
}
