package io.tailnode.control.noise;

import static io.tailnode.control.noise.ControlHandshakeTest.CLIENT_E;
import static io.tailnode.control.noise.ControlHandshakeTest.MACHINE;
import static io.tailnode.control.noise.ControlHandshakeTest.SERVER;
import static io.tailnode.control.noise.ControlHandshakeTest.SERVER_E;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tailnode.testing.AllocationMeter;
import org.junit.jupiter.api.Test;

/**
 * Runs in the allocation JVM (escape analysis off): 0 bytes per full handshake (begin, upgrade request, 101
 * parse, response through the channel, Split), per record sealed (1000 B and 4077+ B writes) and per record
 * opened and delivered.
 */
class ControlChannelAllocationTest {
    /** Counts bytes without allocating. */
    static final class CountingSink implements ControlSink {
        long bytes;

        @Override
        public int onPlaintext(byte[] buf, int off, int len) {
            bytes += len;
            return len;
        }
    }

    final TestResponder server = new TestResponder(SERVER);
    final ControlHandshake hs = new ControlHandshake();
    final CountingSink sink = new CountingSink();
    final ControlChannel ch = new ControlChannel(hs, sink);
    final UpgradeResponse http = new UpgradeResponse(256, 4096);
    final byte[] init = new byte[101];
    final byte[] request = new byte[400];
    final byte[] host = UpgradeTest.ascii("control.example.com");
    final byte[] ok = UpgradeTest.ascii(UpgradeTest.OK);
    final byte[] response;

    ControlChannelAllocationTest() {
        hs.begin(MACHINE, 0, server.staticPub, 0, 145, CLIENT_E, 0, init, 0, 101);
        response = server.respond(init, SERVER_E); // deterministic: same keys every round
    }

    private void handshake() {
        ch.reset();
        http.reset();
        if (hs.begin(MACHINE, 0, server.staticPub, 0, 145, CLIENT_E, 0, init, 0, 101) != 101
                || UpgradeRequest.write(host, 0, host.length, init, 0, 101, request, 0, request.length) <= 0
                || http.receive(ok, 0, ok.length) != ok.length
                || ch.receive(response, 0, response.length) != response.length) {
            throw new AssertionError("handshake failed");
        }
    }

    @Test
    void handshakeAllocatesNothing() {
        assertEquals(0, AllocationMeter.bytesPerCall(this::handshake, 200, 200));
        assertEquals(ControlChannel.STATE_OPEN, ch.state());
    }

    @Test
    void sealAllocatesNothing() {
        handshake();
        byte[] plain = new byte[9000];
        byte[] out = new byte[ControlWire.sealedLength(9000)];
        assertEquals(0, AllocationMeter.bytesPerCall(() -> ch.write(plain, 0, 1000, out, 0, out.length), 2000, 2000));
        assertEquals(0, AllocationMeter.bytesPerCall(() -> ch.write(plain, 0, 9000, out, 0, out.length), 500, 500));
    }

    @Test
    void openAllocatesNothing() {
        handshake();
        int n = 3000;
        byte[][] records = new byte[n][];
        for (int i = 0; i < n; i++) {
            byte[] p = new byte[1000];
            records[i] = server.seal(p);
        }
        int[] next = {0};
        long perRecord = AllocationMeter.bytesPerCall(() -> {
            byte[] r = records[next[0]++];
            // Split in two calls to exercise the reassembly path too.
            ch.receive(r, 0, 500);
            ch.receive(r, 500, r.length - 500);
        }, 1000, 2000);
        assertEquals(0, perRecord);
        assertEquals(ControlChannel.STATE_OPEN, ch.state());
        assertEquals(3000L * 1000, sink.bytes);
    }
}
