package io.tailnode.control.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded mutation/truncation fuzzing: never an exception (which would also catch any index outside a buffer),
 * input bytes never written, every run ends in ERROR or a valid result identical for any chunking, a frame the
 * scanner rejects leaves the committed netmap and packet-filter events untouched, and nothing Jackson rejects as
 * malformed is accepted.
 */
class JsonFuzzTest {
    private static final long SEED = 0x7a11_0de_6L;
    private static final byte[] MAP = MapStreams.resource("tailscale-rs-map_response.json");
    private static final byte[] NODE = MapStreams.resource("tailscale-rs-node.json");
    private static final JsonFactory JACKSON = JsonFactory.builder().build();

    static byte[] mutate(byte[] src, Random r) {
        byte[] b = src.clone();
        int edits = 1 + r.nextInt(4);
        for (int e = 0; e < edits; e++) {
            int kind = r.nextInt(6);
            int at = r.nextInt(Math.max(1, b.length));
            if (kind == 0 && b.length > 0) { // flip a bit
                b[at] ^= (byte) (1 << r.nextInt(8));
            } else if (kind == 1 && b.length > 0) { // structural byte
                String structural = "{}[],:\"\\0-.eE tfn\u00ff";
                b[at] = (byte) structural.charAt(r.nextInt(structural.length()));
            } else if (kind == 2) { // truncate
                b = java.util.Arrays.copyOf(b, at);
            } else if (kind == 3 && b.length > 0) { // delete a byte
                byte[] c = new byte[b.length - 1];
                System.arraycopy(b, 0, c, 0, at);
                System.arraycopy(b, at + 1, c, at, b.length - at - 1);
                b = c;
            } else if (kind == 4) { // duplicate a span
                int len = Math.min(b.length - at, r.nextInt(40));
                byte[] c = new byte[b.length + len];
                System.arraycopy(b, 0, c, 0, at + len);
                System.arraycopy(b, at, c, at + len, b.length - at);
                b = c;
            } else { // random byte
                if (b.length > 0) {
                    b[at] = (byte) r.nextInt(256);
                }
            }
        }
        return b;
    }

    static boolean jacksonAccepts(byte[] doc) {
        try (JsonParser p = JACKSON.createParser(doc)) {
            if (p.nextToken() == null) {
                return false;
            }
            p.skipChildren();
            while (p.nextToken() != null) {
                // consume: Jackson reports trailing content as another root value
                return false;
            }
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void parserMutationsNeverThrowAndAgreeAcrossChunkings() {
        Random r = new Random(SEED);
        String[] seeds = {"{\"a\":[1,-2.5e3,true,false,null,\"\\u00e9\\uD83D\\uDE00\\n\"],\"b\":{}}", "[0,{\"x\":\"y\"},[]]",
                new String(NODE, StandardCharsets.UTF_8)};
        JsonPullParser p = new JsonPullParser(256, 32);
        int accepted = 0;
        int rejected = 0;
        for (int i = 0; i < 6000; i++) {
            byte[] doc = mutate(seeds[i % seeds.length].getBytes(StandardCharsets.UTF_8), r);
            byte[] copy = doc.clone();
            String whole = JsonTrace.whole(p, doc);
            assertTrue(whole.endsWith("END") || whole.contains("ERROR("), whole);
            assertEquals(whole, JsonTrace.randomSplits(p, doc, i), "case " + i);
            if (i % 10 == 0) {
                assertEquals(whole, JsonTrace.byteByByte(p, doc), "case " + i);
            }
            assertArrayEquals(copy, doc, "input never written");
            boolean ours = JsonTrace.outcome(whole) == 0;
            if (ours && !jacksonAccepts(doc)) {
                throw new AssertionError("accepted what Jackson rejects: " + new String(doc, StandardCharsets.UTF_8));
            }
            if (ours) {
                accepted++;
            } else {
                rejected++;
            }
        }
        assertTrue(accepted > 100 && rejected > 1000, accepted + " accepted, " + rejected + " rejected");
    }

    /** A netmap and packet-filter model: committed only when the scanner reports OK at frameEnd. */
    static final class StagingVisitor implements MapResponseVisitor, PacketFilterVisitor {
        final List<String> committed = new ArrayList<>();
        final List<String> staged = new ArrayList<>();

        public void frameStart() {
            staged.clear();
        }

        public void keepAlive() {
        }

        public void controlTime(long unixMillis) {
            staged.add("time " + unixMillis);
        }

        public void nodeListStart(int kind) {
        }

        public void node(MapNode n) {
            staged.add(RecordingVisitor.render(n));
        }

        public void nodeDropped(int kind, long id, int reason) {
            staged.add("dropped " + id + " " + reason);
        }

        public void nodeListEnd(int kind) {
        }

        public void peerRemoved(long id) {
            staged.add("removed " + id);
        }

        public void derpNode(MapDerpNode d) {
            staged.add("derp " + d.regionId() + " " + d.hostNameLength());
        }

        public void packetFiltersStart() {
            staged.add("filters");
        }

        public void filterSetStart(int kind, byte[] name, int nameLength) {
            staged.add("set " + kind + " " + new String(name, 0, nameLength, StandardCharsets.UTF_8));
        }

        public void filterSetRemoved(byte[] name, int nameLength) {
            staged.add("set removed " + new String(name, 0, nameLength, StandardCharsets.UTF_8));
        }

        public void filterRuleStart() {
            staged.add("rule");
        }

        public void filterSource(IpRange r) {
            staged.add("src " + r.kind() + " " + r.family() + " " + java.util.Arrays.toString(r.lo())
                    + java.util.Arrays.toString(r.hi()));
        }

        public void filterProtocol(int protocol) {
            staged.add("proto " + protocol);
        }

        public void filterDestination(IpRange r, int first, int last) {
            staged.add("dst " + r.kind() + " " + r.family() + " " + java.util.Arrays.toString(r.lo())
                    + java.util.Arrays.toString(r.hi()) + " " + first + "-" + last);
        }

        public void filterCapGrant() {
            staged.add("capgrant");
        }

        public void filterRuleEnd() {
            staged.add("rule end");
        }

        public void filterSetEnd() {
            staged.add("set end");
        }

        public void frameEnd(int result) {
            if (result == MapReason.OK) {
                committed.clear();
                committed.addAll(staged);
            }
            staged.clear();
        }
    }

    @Test
    void scannerMutationsLeaveTheNetmapUntouchedWhenRejected() {
        Random r = new Random(SEED + 1);
        byte[] good = MapStreams.frames(MAP);
        int rejected = 0;
        for (int i = 0; i < 600; i++) {
            StagingVisitor v = new StagingVisitor();
            MapResponseScanner s = new MapResponseScanner(4096, 4, 4, 4, 64, v, v);
            MapFrameReader reader = new MapFrameReader(1 << 20, s);
            assertEquals(0, MapStreams.feed(reader, good, 1 + r.nextInt(3000)));
            List<String> before = new ArrayList<>(v.committed);
            assertTrue(before.size() > 30);
            assertTrue(before.contains("capgrant") && before.contains("set 0 "), "the filter events are part of it");
            byte[] mutated = mutate(MAP, r);
            byte[] stream = i % 3 == 0 ? mutate(MapStreams.frames(mutated), r) : MapStreams.frames(mutated);
            int result = MapStreams.feed(reader, stream, 1 + r.nextInt(3000));
            assertTrue(result <= 0);
            if (result < 0 || reader.inFrame()) {
                rejected++;
                assertEquals(before, v.committed, "case " + i + ": a rejected or unfinished frame changes nothing");
            }
            // Determinism across chunking: the same stream whole gives the same committed netmap.
            StagingVisitor w = new StagingVisitor();
            MapResponseScanner s2 = new MapResponseScanner(4096, 4, 4, 4, 64, w, w);
            MapFrameReader reader2 = new MapFrameReader(1 << 20, s2);
            MapStreams.feed(reader2, good, good.length);
            assertEquals(result, MapStreams.feed(reader2, stream, Math.max(1, stream.length)), "case " + i);
            assertEquals(v.committed, w.committed, "case " + i);
        }
        assertTrue(rejected > 300, rejected + " rejected");
    }
}
