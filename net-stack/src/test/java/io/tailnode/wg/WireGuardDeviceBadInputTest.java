package io.tailnode.wg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.wg.DeviceNet.Node;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Malformed, truncated, oversized, random, mutated and replayed datagrams (fixed seed): the device's state
 * digest is unchanged, only drop counters move, and no input reaches the tunnel.
 */
class WireGuardDeviceBadInputTest {
    private static final int[] SIZES = {0, 1, 3, 4, 31, 32, 33, 48, 63, 64, 65, 91, 92, 93, 147, 148, 149, 1500};

    @Test
    void fixedSeedGarbageChangesNothingButCounters() {
        DeviceNet net = new DeviceNet();
        Node a = net.node("a", 11, DeviceNet.v4addr(198, 18, 0, 1, 51820));
        Node b = net.node("b", 22, DeviceNet.v4addr(198, 18, 0, 2, 51820));
        DeviceNet.connect(a, b, null, "100.64.0.2/32");
        DeviceNet.connect(b, a, null, "100.64.0.1/32");
        net.send(a, Ip.packet("100.64.0.1", "100.64.0.2", 100, 1));
        net.send(b, Ip.packet("100.64.0.2", "100.64.0.1", 100, 2));
        net.send(a, Ip.packet("100.64.0.1", "100.64.0.2", 1420, 3));
        assertEquals(2, b.tunnel.size());
        List<byte[]> corpus = new ArrayList<>(a.sent);
        corpus.addAll(b.sent);
        byte[][] sources = {a.addr, DeviceNet.v4addr(203, 0, 113, 1, 1), DeviceNet.v4addr(10, 0, 0, 1, 2)};

        Node target = b;
        long digest = target.dev.stateDigest();
        byte[] endpoint = new byte[WgConstants.SOURCE_MAX_SIZE];
        int epLen = target.dev.endpoint(0, endpoint, 0);
        long dropsBefore = target.dev.totalDrops();
        Random rnd = new Random(0x5EED);
        int dropped = 0;
        int cookieReplies = 0;
        for (int i = 0; i < 4000; i++) {
            byte[] d;
            switch (rnd.nextInt(5)) {
                case 0 -> {
                    d = new byte[SIZES[rnd.nextInt(SIZES.length)]];
                    rnd.nextBytes(d);
                }
                case 1 -> {
                    int type = 1 + rnd.nextInt(4);
                    int len = type == 1 ? 148 : type == 2 ? 92 : type == 3 ? 64 : 32 + rnd.nextInt(200);
                    d = new byte[len];
                    rnd.nextBytes(d);
                    d[0] = (byte) type;
                    d[1] = 0;
                    d[2] = 0;
                    d[3] = 0;
                }
                case 2 -> {
                    d = corpus.get(rnd.nextInt(corpus.size())).clone();
                    int flips = 1 + rnd.nextInt(3);
                    for (int f = 0; f < flips; f++) {
                        d[rnd.nextInt(d.length)] ^= (byte) (1 << rnd.nextInt(8));
                    }
                }
                case 3 -> {
                    byte[] c = corpus.get(rnd.nextInt(corpus.size()));
                    int len = rnd.nextBoolean() ? rnd.nextInt(c.length) : c.length + 1 + rnd.nextInt(16);
                    d = Arrays.copyOf(c, len);
                }
                default -> d = corpus.get(rnd.nextInt(corpus.size())).clone();
            }
            byte[] src = sources[rnd.nextInt(sources.length)];
            int act = target.dev.receive(d, 0, d.length, src, 0, src.length, net.now, target.r);
            assertNotEquals(WgResult.WRITE_TO_TUNNEL, act, "input " + i);
            if (act == WgResult.DROPPED) {
                dropped++;
            } else if (act == WgResult.WRITE_TO_NETWORK) {
                // Only a cookie reply to the claimed source is allowed (the mac1-valid replays push load up).
                assertEquals(-1, target.r.peer);
                assertEquals(64, target.r.length);
                cookieReplies++;
            } else {
                assertTrue(d.length == 0, "DONE only for the empty datagram, input " + i);
            }
            assertEquals(digest, target.dev.stateDigest(), "state changed by input " + i);
        }
        assertTrue(dropped > 3000);
        assertEquals(dropsBefore + dropped + cookieReplies, target.dev.totalDrops());
        byte[] after = new byte[WgConstants.SOURCE_MAX_SIZE];
        assertEquals(epLen, target.dev.endpoint(0, after, 0));
        assertTrue(Arrays.equals(endpoint, after));
        assertEquals(2, b.tunnel.size());
        // The session still works afterwards.
        net.send(a, Ip.packet("100.64.0.1", "100.64.0.2", 100, 4));
        assertEquals(3, b.tunnel.size());
        // Positive control: the digest does see an authenticated packet.
        assertNotEquals(digest, target.dev.stateDigest());
    }
}
