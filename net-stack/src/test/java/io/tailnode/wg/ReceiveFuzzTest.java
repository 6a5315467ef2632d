package io.tailnode.wg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.testing.Fuzz;
import io.tailnode.testing.Fuzz.Guarded;
import io.tailnode.wg.DeviceNet.Node;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Fuzz target {@code receive}: the whole {@link WireGuardDevice#receive} path of device b after the
 * {@link FuzzCapture} exchange (a peer, an established session, a previous handshake under load), fed the
 * captured datagrams (committed under {@code fuzz/receive/}) and mutations of them, from the peer's address
 * and from two strangers. Every input is old, replayed or forged, so the device must reject it: nothing to the
 * tunnel, at most a 64-byte cookie reply to the claimed source, exactly one drop counted, no write outside the
 * datagram, no pending work for {@code poll}, the endpoint and the state digest (peers, sessions, keys,
 * indices, timers, endpoints) unchanged. Drop counters, the cookie checker's load bookkeeping and the rate
 * limiter's buckets are the only things allowed to move (they are outside the digest by design).
 */
class ReceiveFuzzTest {
    @Test
    void receive() {
        FuzzCapture capture = FuzzCapture.build();
        Node b = capture.b;
        DeviceNet net = capture.net;
        byte[][] sources = {capture.a.addr, DeviceNet.v4addr(203, 0, 113, 1, 1), DeviceNet.v4addr(10, 0, 0, 1, 2)};
        long digest = b.dev.stateDigest();
        byte[] endpoint = new byte[WgConstants.SOURCE_MAX_SIZE];
        int epLen = b.dev.endpoint(0, endpoint, 0);
        int tunnelBefore = b.tunnel.size();
        Fuzz.Report report = Fuzz.run("receive", capture.datagrams(), null, in -> {
            int h = Arrays.hashCode(in);
            byte[] src = sources[Math.floorMod(h, sources.length)];
            Guarded g = new Guarded(in, WgConstants.TRANSPORT_HEADER_SIZE, 32, h);
            long drops = b.dev.totalDrops();
            int act = b.dev.receive(g.buf, g.off, g.len, src, 0, src.length, net.now, b.r);
            g.assertGuardsIntact();
            assertNotEquals(WgResult.WRITE_TO_TUNNEL, act, "forged/replayed input reached the tunnel");
            if (act == WgResult.WRITE_TO_NETWORK) {
                assertEquals(-1, b.r.peer, "only a cookie reply may answer");
                assertEquals(64, b.r.length);
                assertEquals(3, b.r.buffer[b.r.offset]);
                assertArrayEquals(src, Arrays.copyOf(b.r.endpoint, b.r.endpointLength), "cookie reply to source");
                assertEquals(drops + 1, b.dev.totalDrops());
            } else if (in.length == 0) {
                assertEquals(WgResult.DONE, act);
                assertEquals(drops, b.dev.totalDrops());
            } else {
                assertEquals(WgResult.DROPPED, act);
                assertEquals(drops + 1, b.dev.totalDrops(), "exactly one drop counted");
            }
            assertEquals(WgResult.DONE, b.dev.poll(net.now, b.r), "rejected input left work behind");
            assertEquals(digest, b.dev.stateDigest(), "state digest changed");
            byte[] ep = new byte[WgConstants.SOURCE_MAX_SIZE];
            assertEquals(epLen, b.dev.endpoint(0, ep, 0));
            assertArrayEquals(endpoint, ep, "endpoint moved");
        });
        assertTrue(report.runs > 0 || Fuzz.budgetMillis() == 0);
        assertEquals(tunnelBefore, b.tunnel.size());
        // Positive control: the session still works, and the digest does see an authenticated packet.
        net.send(capture.a, Ip.packet(FuzzCapture.A4, FuzzCapture.B4, 100, 9));
        assertEquals(tunnelBefore + 1, b.tunnel.size());
        assertNotEquals(digest, b.dev.stateDigest());
    }

    @Test
    @EnabledIfSystemProperty(named = "fuzz.writeSeeds", matches = "true")
    void writeSeeds() {
        FuzzCapture.build().writeSeeds(Fuzz.dir().resolve("receive"));
    }
}
