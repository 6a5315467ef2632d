package io.tailnode.control.map;

import static io.tailnode.control.map.NetmapHarness.fullMap;
import static io.tailnode.control.map.NetmapHarness.id;
import static io.tailnode.control.map.NetmapHarness.key;
import static io.tailnode.control.map.NetmapHarness.peer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.control.json.MapReason;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** A frame that fails mid-way leaves the peer table and the WireGuard device exactly as they were. */
class NetmapRejectedFrameTest {
    private static final String DELTA = "{\"PeersChanged\":[" + peer(7) + "," + peer(2, 222, "") + "],"
            + "\"PeersRemoved\":[" + id(1) + "],\"PeersChangedPatch\":[{\"NodeID\":" + id(3)
            + ",\"DERPRegion\":9,\"Endpoints\":[\"9.9.9.9:9\"]}]}";

    @Test
    void truncatedOrGarbageFramesChangeNothing() {
        byte[] good = DELTA.getBytes(StandardCharsets.UTF_8);
        int rejected = 0;
        for (int cut = 1; cut < good.length; cut += 37) {
            NetmapHarness h = new NetmapHarness(16);
            assertEquals(0, h.apply(fullMap(1, 2, 3)));
            long table = h.applier.peers().digest();
            long wg = h.device.stateDigest();
            // truncated: the frame ends at 'cut'
            byte[] truncated = Arrays.copyOf(good, cut);
            // garbage: the rest replaced by junk after 'cut'
            byte[] garbage = good.clone();
            for (int k = cut; k < garbage.length; k++) {
                garbage[k] = (byte) ']';
            }
            for (byte[] bad : new byte[][] {truncated, garbage}) {
                int r = h.feed(NetmapHarness.frame(bad));
                assertTrue(r < 0, "cut " + cut);
                rejected++;
                assertEquals(table, h.applier.peers().digest(), "cut " + cut);
                assertEquals(wg, h.device.stateDigest(), "cut " + cut);
                h.reader.reset();
            }
            assertEquals(2, h.applier.framesDiscarded());
            // the connection is reset; the next good frame applies normally
            assertEquals(0, h.feed(NetmapHarness.frame(good)));
            assertEquals(-1, h.slotOf(key(1)));
            assertTrue(h.slotOf(key(7)) >= 0);
            assertTrue(h.slotOf(key(222)) >= 0);
        }
        assertTrue(rejected > 20);
    }

    /** Seeded mutations of a full map and a delta: every rejected frame leaves both digests as they were. */
    @Test
    void mutatedFramesAreAllOrNothing() {
        java.util.Random rnd = new java.util.Random(0x6e65746d6170L);
        byte[][] docs = {DELTA.getBytes(StandardCharsets.UTF_8),
            fullMap(3, 4, 5, 6).getBytes(StandardCharsets.UTF_8)};
        NetmapHarness h = new NetmapHarness(4);
        int rejectedFrames = 0;
        int acceptedFrames = 0;
        for (int iter = 0; iter < 3000; iter++) {
            if (iter % 50 == 0) {
                h.reader.reset();
                assertEquals(0, h.apply(fullMap(1, 2, 3)));
            }
            byte[] doc = docs[rnd.nextInt(docs.length)].clone();
            int edits = 1 + rnd.nextInt(3);
            for (int e = 0; e < edits; e++) {
                int at = rnd.nextInt(doc.length);
                switch (rnd.nextInt(3)) {
                    case 0 -> doc[at] = (byte) rnd.nextInt(256);
                    case 1 -> doc[at] = (byte) "{}[],:\"0x".charAt(rnd.nextInt(9));
                    default -> doc = Arrays.copyOf(doc, at + 1);
                }
            }
            long table = h.applier.peers().digest();
            long wg = h.device.stateDigest();
            long discarded = h.applier.framesDiscarded();
            int r = h.feed(NetmapHarness.frame(doc));
            if (r < 0) {
                rejectedFrames++;
                assertEquals(table, h.applier.peers().digest(), "iteration " + iter);
                assertEquals(wg, h.device.stateDigest(), "iteration " + iter);
                assertEquals(discarded + 1, h.applier.framesDiscarded());
                h.reader.reset();
            } else {
                acceptedFrames++;
            }
            assertTrue(h.applier.peers().size() <= 4);
            assertEquals(h.applier.peers().size() - countUnmapped(h.applier.peers()), h.wgPeerCount());
        }
        assertTrue(rejectedFrames > 1000 && acceptedFrames > 100, rejectedFrames + " / " + acceptedFrames);
    }

    private static int countUnmapped(PeerTable t) {
        int n = 0;
        for (int i = 0; i < t.capacity(); i++) {
            if (t.inUse(i) && t.wireGuardSlot(i) < 0) {
                n++;
            }
        }
        return n;
    }

    @Test
    void schemaErrorAfterAFullMapChangesNothing() {
        NetmapHarness h = new NetmapHarness(16);
        assertEquals(0, h.apply(fullMap(1, 2, 3)));
        long table = h.applier.peers().digest();
        long wg = h.device.stateDigest();
        // a complete new full map, then a consumed field of the wrong type: the whole frame is discarded
        String bad = fullMap(4, 5, 6).replace("\"ControlTime\":\"2025-09-30T00:32:16Z\"", "\"PeersRemoved\":[\"x\"]");
        assertEquals(MapReason.SCHEMA, h.apply(bad));
        assertEquals(table, h.applier.peers().digest());
        assertEquals(wg, h.device.stateDigest());
        assertTrue(h.slotOf(key(1)) >= 0);
        assertEquals(-1, h.slotOf(key(4)));
    }
}
