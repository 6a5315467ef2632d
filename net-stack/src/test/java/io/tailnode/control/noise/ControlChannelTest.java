package io.tailnode.control.noise;

import static io.tailnode.control.noise.ControlHandshakeTest.CLIENT_E;
import static io.tailnode.control.noise.ControlHandshakeTest.MACHINE;
import static io.tailnode.control.noise.ControlHandshakeTest.SERVER;
import static io.tailnode.control.noise.ControlHandshakeTest.SERVER_E;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Record layer against the BouncyCastle responder (§2.3 records, big-endian nonces; §2.4 early payload): data
 * both ways with the server's bytes split at random boundaries, with and without early payload, chunking at
 * 4077 plaintext bytes, and each rejection (reason, nothing delivered, receive counter unchanged, poisoned).
 */
class ControlChannelTest {
    final TestResponder server = new TestResponder(SERVER);
    final ControlHandshake hs = new ControlHandshake();
    final RecordingSink sink = new RecordingSink();
    final ControlChannel ch = new ControlChannel(hs, sink);
    byte[] response;

    private void handshake() {
        byte[] init = new byte[101];
        assertEquals(101, hs.begin(MACHINE, 0, server.staticPub, 0, 145, CLIENT_E, 0, init, 0, 101));
        response = server.respond(init, SERVER_E);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** Feeds {@code wire} in random-sized pieces (1..max bytes); returns the last result. */
    private int feed(byte[] wire, Random rnd, int max) {
        int p = 0;
        int r = 0;
        while (p < wire.length) {
            int n = Math.min(wire.length - p, 1 + rnd.nextInt(max));
            byte[] piece = Arrays.copyOfRange(wire, p, p + n); // exact-size array: proves no read past len
            r = ch.receive(piece, 0, n);
            if (r < 0) {
                return r;
            }
            assertEquals(n, r);
            p += n;
        }
        return r;
    }

    private static byte[] randomBytes(Random rnd, int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }

    @Test
    void bothWaysSplitAtRandomBoundariesWithAndWithoutEarlyPayload() {
        for (int trial = 0; trial < 40; trial++) {
            Random rnd = new Random(trial);
            ch.reset();
            sink.data.reset();
            server.sendN = 0;
            handshake();
            boolean early = trial % 2 == 0;
            ByteArrayOutputStream wire = new ByteArrayOutputStream();
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            wire.writeBytes(response);
            byte[] stream = new byte[0];
            if (early) {
                stream = TestResponder.earlyPayload("{\"nodeKeyChallenge\":\"chalpub:" + "ab".repeat(32) + "\"}");
            }
            byte[] app = randomBytes(rnd, 1 + rnd.nextInt(20000));
            app[0] = 0; // an HTTP/2 frame header starts with a length byte, never FF FF FF
            expected.writeBytes(app);
            stream = concat(stream, app);
            // Re-cut the plaintext stream into records of random sizes, including empty ones (legal, §2.3).
            int p = 0;
            while (p < stream.length) {
                int n = rnd.nextInt(5) == 0 ? 0 : Math.min(stream.length - p, 1 + rnd.nextInt(trial % 3 == 0 ? 7 : 4077));
                wire.writeBytes(server.seal(Arrays.copyOfRange(stream, p, p + n)));
                p += n;
            }
            int r = feed(wire.toByteArray(), rnd, trial % 4 == 0 ? 3 : 9000);
            assertEquals(true, r >= 0, "reason " + r);
            assertEquals(ControlChannel.STATE_OPEN, ch.state());
            assertArrayEquals(expected.toByteArray(), sink.bytes(), "trial " + trial);
            assertEquals(early ? stream.length - app.length - 9 : -1, ch.earlyPayloadLength());
            // Client -> server: random lengths around the 4077 chunk boundary.
            server.recvN = 0;
            for (int len : new int[] {0, 1, 4076, 4077, 4078, 8154, 8155, rnd.nextInt(30000)}) {
                byte[] plain = randomBytes(rnd, len);
                byte[] out = new byte[ControlWire.sealedLength(len) + 8];
                Arrays.fill(out, (byte) 0x5A);
                int w = ch.write(plain, 0, len, out, 4, out.length - 8);
                assertEquals(ControlWire.sealedLength(len), w);
                assertArrayEquals(plain, server.openAll(Arrays.copyOfRange(out, 4, 4 + w), w));
                for (int g = 0; g < 4; g++) {
                    assertEquals(0x5A, out[g]);
                    assertEquals(0x5A, out[out.length - 1 - g]);
                }
            }
        }
    }

    @Test
    void earlyPayloadEdgeCases() {
        // Zero-length early payload, then data whose first bytes look like a partial magic (FF FF 00).
        handshake();
        byte[] stream = concat(TestResponder.earlyPayload(""), new byte[] {(byte) 0xFF, (byte) 0xFF, 0, 1});
        byte[] wire = response;
        for (byte b : stream) {
            wire = concat(wire, server.seal(new byte[] {b}));
        }
        assertEquals(wire.length, ch.receive(wire, 0, wire.length));
        assertEquals(0, ch.earlyPayloadLength());
        assertArrayEquals(new byte[] {(byte) 0xFF, (byte) 0xFF, 0, 1}, sink.bytes());
        // Partial magic without an early payload: FF FF FF 'T' 'x' is data.
        ch.reset();
        sink.data.reset();
        server.sendN = 0;
        handshake();
        byte[] data = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 'T', 'x', 5};
        wire = concat(response, server.seal(Arrays.copyOf(data, 4)), server.seal(Arrays.copyOfRange(data, 4, 6)));
        assertEquals(wire.length, ch.receive(wire, 0, wire.length));
        assertArrayEquals(data, sink.bytes());
        assertEquals(-1, ch.earlyPayloadLength());
    }

    @Test
    void earlyPayloadTooLarge() {
        handshake();
        byte[] hdr = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 'T', 'S', 0, 1, 0, 1};
        byte[] wire = concat(response, server.seal(hdr));
        assertEquals(ControlReason.EARLY_PAYLOAD_TOO_LARGE, ch.receive(wire, 0, wire.length));
        hdr[5] = (byte) 0x80; // 2^31+: must not go negative
        ch.reset();
        server.sendN = 0;
        handshake();
        wire = concat(response, server.seal(hdr));
        assertEquals(ControlReason.EARLY_PAYLOAD_TOO_LARGE, ch.receive(wire, 0, wire.length));
    }

    /** Sets up an open channel with one delivered record; returns the next valid record from the server. */
    private byte[] open() {
        handshake();
        byte[] wire = concat(response, server.seal(new byte[] {0, 1, 2}));
        assertEquals(wire.length, ch.receive(wire, 0, wire.length));
        assertEquals(1, ch.rxCounter());
        sink.data.reset();
        return server.seal(new byte[] {0, 7});
    }

    private void expectRejected(int reason, byte[] wire) {
        int calls = sink.calls;
        assertEquals(reason, ch.receive(wire, 0, wire.length));
        assertEquals(calls, sink.calls, "nothing delivered");
        assertEquals(1, ch.rxCounter(), "receive counter unchanged");
        assertEquals(ControlChannel.STATE_DEAD, ch.state());
        assertEquals(reason, ch.poisonReason());
        assertEquals(ControlReason.POISONED, ch.receive(wire, 0, wire.length));
        assertEquals(ControlReason.POISONED, ch.write(new byte[1], 0, 1, new byte[100], 0, 100));
    }

    private void fresh() {
        ch.reset();
        sink.data.reset();
        server.sendN = 0;
        server.recvN = 0;
    }

    @Test
    void recordRejections() {
        byte[] next = open();
        byte[] bad = next.clone();
        bad[bad.length - 1] ^= 1;
        expectRejected(ControlReason.BAD_TAG, bad);

        fresh();
        next = open();
        bad = next.clone();
        bad[3] ^= (byte) 0x80;
        expectRejected(ControlReason.BAD_TAG, bad);

        // Replay: the record with counter 0 again.
        fresh();
        handshake();
        byte[] first = server.seal(new byte[] {0, 1, 2});
        byte[] wire = concat(response, first);
        assertEquals(wire.length, ch.receive(wire, 0, wire.length));
        expectRejected(ControlReason.BAD_TAG, first);

        // Reorder: record 2 before record 1.
        fresh();
        open();
        byte[] r2 = server.seal(new byte[] {9});
        expectRejected(ControlReason.BAD_TAG, r2);

        // Little-endian nonce (the §9 pitfall 1 mistake) does not open: counter 1 sealed LE.
        fresh();
        open();
        byte[] le = new byte[12];
        le[4] = 1;
        byte[] ct = TestResponder.aead(true, server.sendKey, le, new byte[0], new byte[] {5});
        expectRejected(ControlReason.BAD_TAG, concat(new byte[] {4, 0, (byte) ct.length}, ct));

        // Oversize (4094 > 4093), too short for a tag, wrong types.
        fresh();
        open();
        expectRejected(ControlReason.BAD_LENGTH, new byte[] {4, 0x0F, (byte) 0xFE});
        fresh();
        open();
        expectRejected(ControlReason.BAD_LENGTH, new byte[] {4, 0, 15});
        for (int t : new int[] {0, 1, 2, 3, 5, 0xFF}) {
            fresh();
            open();
            expectRejected(ControlReason.BAD_TYPE, new byte[] {(byte) t, 0, 16});
        }
    }

    @Test
    void maximumRecordAccepted() {
        handshake();
        byte[] big = new byte[4077];
        new Random(3).nextBytes(big);
        big[0] = 0;
        byte[] wire = concat(response, server.seal(big));
        assertEquals(4096 + 51, wire.length);
        assertEquals(wire.length, ch.receive(wire, 0, wire.length));
        assertArrayEquals(big, sink.bytes());
    }

    @Test
    void handshakeRejectionsThroughChannel() {
        handshake();
        byte[] bad = response.clone();
        bad[50] ^= 1;
        assertEquals(ControlReason.BAD_TAG, ch.receive(bad, 0, bad.length));
        assertEquals(ControlReason.POISONED, ch.receive(response, 0, response.length));
        assertEquals(ControlHandshake.STATE_IDLE, hs.state(), "handshake wiped with the channel");

        fresh();
        handshake();
        assertEquals(ControlReason.BAD_LENGTH, ch.receive(new byte[] {2, 0, 47}, 0, 3));
        fresh();
        handshake();
        assertEquals(ControlReason.BAD_TYPE, ch.receive(new byte[] {4, 0, 48}, 0, 3));
        fresh();
        handshake();
        byte[] zeroE = response.clone();
        Arrays.fill(zeroE, 3, 35, (byte) 0);
        assertEquals(ControlReason.ZERO_DH, ch.receive(zeroE, 0, zeroE.length));
        // Type-3 error text is kept for the log, split across calls.
        fresh();
        handshake();
        byte[] text = "unsupported version".getBytes(StandardCharsets.UTF_8);
        byte[] err = concat(new byte[] {3, 0, (byte) text.length}, text);
        assertEquals(5, ch.receive(err, 0, 5));
        assertEquals(ControlReason.SERVER_ERROR, ch.receive(err, 5, err.length - 5));
        byte[] got = new byte[100];
        assertEquals(text.length, ch.errorText(got, 0, 100));
        assertArrayEquals(text, Arrays.copyOf(got, text.length));
        // Write before the handshake completed.
        fresh();
        handshake();
        assertEquals(ControlReason.BAD_STATE, ch.write(new byte[1], 0, 1, new byte[100], 0, 100));
    }

    @Test
    void sinkFailureAndOutTooSmall() {
        byte[] rec = open();
        assertEquals(ControlReason.OUT_TOO_SMALL, ch.write(new byte[10], 0, 10, new byte[28], 0, 28));
        assertEquals(0, ch.txCounter(), "nothing sealed");
        assertEquals(29, ch.write(new byte[10], 0, 10, new byte[29], 0, 29));
        sink.failWith = -77;
        assertEquals(ControlReason.SINK_FAILED, ch.receive(rec, 0, rec.length));
        assertEquals(-77, ch.sinkError());
    }

    /** §2.3: counter 2^64-1 is never used; the channel dies instead (counters forced through reflection). */
    @Test
    void counterExhaustion() throws Exception {
        byte[] rec = open();
        java.lang.reflect.Field tx = ControlChannel.class.getDeclaredField("txCounter");
        tx.setAccessible(true);
        tx.setLong(ch, -3L); // 2^64-3: two nonces left (2^64-3, 2^64-2)
        byte[] out = new byte[3 * 4096 * 3];
        byte[] plain = new byte[3 * 4077];
        assertEquals(ControlReason.COUNTER_EXHAUSTED, ch.write(plain, 0, plain.length, out, 0, out.length));
        assertEquals(ControlChannel.STATE_DEAD, ch.state());

        fresh();
        rec = open();
        tx.setLong(ch, -3L);
        assertEquals(ControlWire.sealedLength(2 * 4077), ch.write(plain, 0, 2 * 4077, out, 0, out.length));
        assertEquals(-1L, ch.txCounter());
        assertEquals(ControlReason.COUNTER_EXHAUSTED, ch.write(plain, 0, 1, out, 0, out.length));

        fresh();
        rec = open();
        java.lang.reflect.Field rx = ControlChannel.class.getDeclaredField("rxCounter");
        rx.setAccessible(true);
        rx.setLong(ch, -1L);
        assertEquals(ControlReason.COUNTER_EXHAUSTED, ch.receive(rec, 0, rec.length));
    }
}
