package io.tailnode.control.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Fixed-seed property tests: random and mutated server byte streams never make the client or the HPACK decoder
 * throw (an out-of-bounds write would), and a client that rejects input is in the error state with a
 * connection-error reason and has queued GOAWAY.
 */
class H2FuzzTest {
    private static final long SEED = 0x5eed_9113L;

    /** A realistic server stream for streams 1 and 3: SETTINGS, ACK, HEADERS (Huffman, CONTINUATION), DATA, PING... */
    static byte[] corpus() {
        TestH2Server s = new TestH2Server();
        s.settings(H2Constants.SETTINGS_MAX_CONCURRENT_STREAMS, 100, H2Constants.SETTINGS_INITIAL_WINDOW_SIZE, 1 << 20);
        s.settingsAck();
        byte[] block = TestH2Server.responseBlock(200, false, true, "content-type", "application/json", "x-a", "bb");
        s.headers(1, block, false, 3);
        s.frame(H2Constants.TYPE_DATA, 0, 1, TestBytes.ascii("{\"KeepAlive\":true}"));
        s.ping(7);
        s.windowUpdate(0, 1000);
        s.windowUpdate(1, 1000);
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        b.write(0x40);
        TestH2Server.str(b, "x-k", true);
        TestH2Server.str(b, "v", false);
        b.write(0xbe);
        s.headers(3, b.toByteArray(), true);
        s.frame(H2Constants.TYPE_DATA, H2Constants.FLAG_PADDED, 1, TestBytes.hex("02 41 42 00 00"));
        s.frame(H2Constants.TYPE_PRIORITY, 0, 1, new byte[5]);
        s.frame(H2Constants.TYPE_DATA, 1, 1, new byte[100]);
        s.rst(3, 8);
        s.goAway(3, 0);
        return s.takeOutput();
    }

    static H2Client newClient(RecordingListener l) {
        H2Client c = new H2Client(new H2Config(), l);
        l.client = c;
        for (int i = 0; i < 2; i++) {
            c.beginRequest().indexed(HpackStaticTable.METHOD_POST).indexed(HpackStaticTable.PATH_ROOT);
            c.openStream(false);
        }
        return c;
    }

    /** Feeds {@code input} in random chunks with API calls in between; returns the client. */
    static H2Client run(byte[] input, Random rnd) {
        RecordingListener l = new RecordingListener();
        H2Client c = newClient(l);
        byte[] out = new byte[1 + rnd.nextInt(5000)];
        byte[] body = new byte[3000];
        for (int p = 0; p < input.length;) {
            int n = Math.min(input.length - p, 1 + rnd.nextInt(300));
            int r = c.receive(input, p, n);
            if (r < 0) {
                assertTrue(H2Reason.isConnectionError(r), "reason " + r);
                assertEquals(H2Client.STATE_ERROR, c.state());
                assertEquals(r, c.lastError());
                break;
            }
            assertEquals(n, r);
            p += n;
            c.send(1, body, 0, rnd.nextInt(body.length), rnd.nextBoolean());
            c.read(1, body, 0, rnd.nextInt(body.length));
            if (rnd.nextInt(10) == 0) {
                c.ping(p);
            }
            while (c.poll(out, 0, out.length) > 0) {
                // drain
            }
        }
        return c;
    }

    @Test
    void corpusItselfIsAccepted() {
        H2Client c = run(corpus(), new Random(SEED));
        assertEquals(0, c.lastError());
        assertEquals(H2Client.STATE_GOING_AWAY, c.state());
    }

    @Test
    void mutatedStreamsNeverThrow() {
        Random rnd = new Random(SEED);
        byte[] base = corpus();
        int errors = 0;
        for (int i = 0; i < 3000; i++) {
            byte[] m = mutate(base, rnd);
            H2Client c = run(m, rnd);
            if (c.state() == H2Client.STATE_ERROR) {
                errors++;
                byte[] out = new byte[100000];
                int n = c.poll(out, 0, out.length);
                // The last queued frame is our GOAWAY.
                assertTrue(n >= 17);
                assertEquals(H2Constants.TYPE_GOAWAY, out[n - 17 + 3]);
            }
        }
        assertTrue(errors > 1000, "most mutations are caught: " + errors);
    }

    @Test
    void randomBytesEndInErrorState() {
        Random rnd = new Random(SEED + 1);
        int errors = 0;
        for (int i = 0; i < 2000; i++) {
            byte[] junk = new byte[1 + rnd.nextInt(4000)];
            rnd.nextBytes(junk);
            // Half the time behind a valid SETTINGS frame so the frame parser, not the first-frame rule, decides.
            byte[] in = junk;
            if (rnd.nextBoolean()) {
                in = new byte[9 + junk.length];
                FrameHeader.write(in, 0, 0, H2Constants.TYPE_SETTINGS, 0, 0);
                System.arraycopy(junk, 0, in, 9, junk.length);
            }
            H2Client c = run(in, rnd);
            if (c.state() == H2Client.STATE_ERROR) {
                errors++;
            }
        }
        assertTrue(errors > 1900, "random input is rejected: " + errors);
    }

    @Test
    void hpackDecoderNeverThrows() {
        Random rnd = new Random(SEED + 2);
        HeaderList out = new HeaderList(512, 16);
        String[] seeds = {"8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff", "4882 6402 5885 aec3 771a 4b61 96d0 7abe",
            "400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572", "20 88 be", "3fe1 1f 88"};
        for (int i = 0; i < 50000; i++) {
            HpackDecoder d = new HpackDecoder(i % 3 == 0 ? 0 : 256);
            byte[] b;
            if (rnd.nextBoolean()) {
                b = new byte[rnd.nextInt(64)];
                rnd.nextBytes(b);
            } else {
                b = mutate(TestBytes.hex(seeds[rnd.nextInt(seeds.length)]), rnd);
            }
            for (int k = 0; k < 3; k++) {
                int r = d.decode(b, 0, b.length, out);
                assertTrue(r >= 0 || (r <= H2Reason.HPACK_BAD_INDEX && r >= H2Reason.HEADER_LIST_TOO_LARGE), "r=" + r);
                assertTrue(d.tableSize() <= d.tableMaxSize());
            }
        }
    }

    static byte[] mutate(byte[] base, Random rnd) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(base, 0, base.length);
        byte[] m = o.toByteArray();
        int edits = 1 + rnd.nextInt(4);
        for (int e = 0; e < edits && m.length > 0; e++) {
            int at = rnd.nextInt(m.length);
            switch (rnd.nextInt(4)) {
                case 0 -> m[at] ^= (byte) (1 << rnd.nextInt(8));
                case 1 -> m[at] = (byte) rnd.nextInt(256);
                case 2 -> m = java.util.Arrays.copyOf(m, at); // truncate
                default -> {
                    byte[] n = new byte[m.length + 1];
                    System.arraycopy(m, 0, n, 0, at);
                    n[at] = (byte) rnd.nextInt(256);
                    System.arraycopy(m, at, n, at + 1, m.length - at);
                    m = n;
                }
            }
        }
        return m;
    }
}
