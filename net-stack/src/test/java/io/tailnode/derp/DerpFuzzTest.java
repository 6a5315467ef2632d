package io.tailnode.derp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.crypto.CryptoBox;
import io.tailnode.testing.Fuzz;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Fuzz target "derp" (docs/fuzzing.md): server byte streams into a logged-in client (or, for inputs starting
 * with "HTTP", into a client right after connect), cut into pieces at positions derived from the input. Never
 * throws; every call returns its length or a known reason; after a reason the connection is CLOSED with nothing
 * queued and stays closed; delivered packets lie inside their array and within maxPacket. The frame view's
 * verdict on the input's first frame equals an independent model.
 */
class DerpFuzzTest {
    static final byte[] LOGIN;
    static final byte[] SERVER_INFO;
    static final byte[] HOST = "derp.test".getBytes(StandardCharsets.US_ASCII);

    static {
        DerpClientTest t = new DerpClientTest();
        t.client.connect(HOST, 0, HOST.length, 0);
        t.takeOutput();
        LOGIN = ScriptedServer.concat(ScriptedServer.upgradeHeaders(true), ScriptedServer.serverKeyFrame());
        t.client.receive(LOGIN, 0, LOGIN.length, 0);
        t.server.acceptClientInfo(t.takeOutput(), 0);
        SERVER_INFO = t.server.serverInfoFrame();
    }

    /** Checks every callback's slice; allocation is fine here. */
    static final class BoundsListener implements DerpListener {
        int packets;

        @Override
        public void onConnected() {
        }

        @Override
        public void onPacket(byte[] src, int srcOff, byte[] pkt, int off, int len) {
            assertTrue(srcOff >= 0 && srcOff + 32 <= src.length);
            assertTrue(off >= 0 && len >= 0 && off + len <= pkt.length && len <= 1500, "packet slice");
            packets++;
        }

        @Override
        public void onPeerGone(byte[] key, int keyOff, int reason) {
            assertTrue(keyOff + 32 <= key.length && reason >= 0 && reason <= 255);
        }

        @Override
        public void onHealth(byte[] text, int off, int len) {
            assertTrue(len >= 0 && off + len <= text.length && len <= 64);
        }

        @Override
        public void onRestarting(long reconnectInMs, long tryForMs) {
            assertTrue(reconnectInMs >= 0 && tryForMs >= 0);
        }

        @Override
        public void onPong(byte[] data, int off) {
            assertTrue(off + 8 <= data.length);
        }
    }

    static void property(byte[] in) {
        BoundsListener l = new BoundsListener();
        DerpClient c = new DerpClient(new CryptoBox(), new CountingRandom(), l, 1500, 4096, 64);
        c.setNodeKey(DerpClientTest.NODE_PRIV, 0, DerpClientTest.NODE_PUB, 0);
        c.connect(HOST, 0, HOST.length, 0);
        c.consumeOutput(c.outputLength());
        boolean raw = in.length >= 4 && in[0] == 'H' && in[1] == 'T' && in[2] == 'T' && in[3] == 'P';
        if (!raw) {
            byte[] login = ScriptedServer.concat(LOGIN, SERVER_INFO);
            assertEquals(login.length, c.receive(login, 0, login.length, 0));
            assertEquals(DerpClient.STATE_OPEN, c.state());
            c.consumeOutput(c.outputLength());
        }
        Random cut = new Random(Arrays.hashCode(in));
        int p = 0;
        boolean closed = false;
        while (p < in.length) {
            int n = Math.min(in.length - p, 1 + cut.nextInt(64));
            byte[] piece = Arrays.copyOfRange(in, p, p + n);
            int r = c.receive(piece, 0, n, 1);
            if (closed) {
                assertEquals(DerpReason.CLOSED, r);
            } else if (r < 0) {
                assertTrue(r > -DerpReason.COUNT, "known reason " + r);
                assertEquals(DerpClient.STATE_CLOSED, c.state());
                assertEquals(0, c.outputLength());
                assertEquals(r, c.closeReason());
                closed = true;
            } else {
                assertEquals(n, r);
            }
            p += n;
        }
        if (!raw) {
            assertEquals(model(in), new DerpFrameView().point(in, 0, in.length).check());
        }
    }

    /** Independent statement of §3.2's framing rules for the first frame. */
    static int model(byte[] in) {
        if (in.length < 5) {
            return 0;
        }
        long n = ((in[1] & 0xFFL) << 24) | ((in[2] & 0xFF) << 16) | ((in[3] & 0xFF) << 8) | (in[4] & 0xFF);
        if (n > (1 << 20)) {
            return DerpReason.FRAME_TOO_LARGE;
        }
        int type = in[0] & 0xFF;
        int min = switch (type) {
            case 1 -> 40;
            case 2 -> 72;
            case 3 -> 40;
            case 4, 5, 8, 9 -> 32;
            case 0x0a -> 64;
            case 7 -> 1;
            case 0x12, 0x13, 0x15 -> 8;
            default -> 0;
        };
        if (n < min) {
            return DerpReason.FRAME_TRUNCATED;
        }
        if (in.length - 5 < n) {
            return 0;
        }
        if (type == 1 && !Arrays.equals(Arrays.copyOfRange(in, 5, 13), ScriptedServer.MAGIC)) {
            return DerpReason.BAD_MAGIC;
        }
        return (int) (5 + n);
    }

    @Test
    void fuzzServerStreams() {
        Fuzz.Report r = Fuzz.run("derp", DerpFuzzTest::property);
        assertTrue(r.seeds >= 10 && r.runs > 0, r.toString());
    }
}
