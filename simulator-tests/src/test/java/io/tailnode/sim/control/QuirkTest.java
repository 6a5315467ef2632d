package io.tailnode.sim.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tailnode.control.h2.H2Config;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each quirk switch of {@link ControlConfig}, observed through the device's own control pieces. */
class QuirkTest extends ControlTestBase {
    final ByteArrayOutputStream tapped = new ByteArrayOutputStream();

    void tap() {
        server.tapToClients((id, b) -> {
            synchronized (tapped) {
                tapped.writeBytes(b);
            }
        });
    }

    byte[] tappedBytes() {
        synchronized (tapped) {
            return tapped.toByteArray();
        }
    }

    @Test
    void earlyPayloadOnAndOff() throws Exception {
        ControlConfig c = config();
        start(c);
        TestControlClient.Device d = new TestControlClient.Device();
        TestControlClient with = connect(d);
        assertTrue(with.channel.earlyPayloadLength() > 40, "nodeKeyChallenge JSON skipped");
        c.earlyPayload = false;
        TestControlClient without = connect(d);
        assertEquals(-1, without.channel.earlyPayloadLength());
        String key = server.createAuthKey(true, null);
        assertTrue(register(without, d, null, key, "d").get("MachineAuthorized").asBoolean());
    }

    @Test
    void streamingRequestReadOnlyOrHonoured() throws Exception {
        ControlConfig c = config();
        start(c);
        String key = server.createAuthKey(true, null);
        TestControlClient.Device d = new TestControlClient.Device();
        TestControlClient cl = joined(d, key, "d");
        long id = server.nodeId(d.nodeKey());
        String streaming = TestControlClient.mapJson("d", d.nodeKey(), d.discoKey(), true, false, 900,
                List.of("198.18.0.9:41641"));
        int map = cl.open("/machine/map", streaming);
        cl.nextFrame(map);
        // As the hosted service: Hostinfo and Endpoints of a streaming request are ignored; the disco key is taken.
        assertEquals("[]", node(id).get("endpoints").toString());
        assertEquals(0, node(id).get("homeDerp").asInt());
        assertEquals(d.discoKey(), node(id).get("discoKey").asText());
        c.streamingReadOnly = false; // as Headscale
        TestControlClient cl2 = connect(d);
        cl2.nextFrame(cl2.open("/machine/map", streaming));
        assertEquals("[\"198.18.0.9:41641\"]", node(id).get("endpoints").toString());
        assertEquals(900, node(id).get("homeDerp").asInt());
    }

    @Test
    void homeDerpOrLegacyDerpField() throws Exception {
        ControlConfig c = config();
        start(c);
        String key = server.createAuthKey(true, null);
        TestControlClient.Device a = new TestControlClient.Device();
        TestControlClient.Device b = new TestControlClient.Device();
        TestControlClient ca = joined(a, key, "a");
        TestControlClient cb = joined(b, key, "b");
        lite(cb, b, "b", 900, List.of());
        JsonNode peer = ca.nextFrame(openMap(ca, a, "a")).get("Peers").get(0);
        assertEquals(900, peer.get("HomeDERP").asInt());
        assertFalse(peer.has("DERP"));
        c.legacyDerp = true;
        TestControlClient ca2 = connect(a);
        peer = ca2.nextFrame(openMap(ca2, a, "a")).get("Peers").get(0);
        assertEquals("127.3.3.40:900", peer.get("DERP").asText());
        assertFalse(peer.has("HomeDERP"));
    }

    @Test
    void splitAtEveryOffsetWithZeroLengthRecords() throws Exception {
        ControlConfig c = config();
        c.split = true;
        c.zeroLengthRecords = true;
        start(c);
        tap();
        String key = server.createAuthKey(true, null);
        TestControlClient.Device a = new TestControlClient.Device();
        TestControlClient.Device b = new TestControlClient.Device();
        TestControlClient ca = joined(a, key, "a");
        int map = openMap(ca, a, "a");
        JsonNode full = ca.nextFrame(map);
        assertEquals(a.nodeKey(), full.get("Node").get("Key").asText());
        joined(b, key, "b");
        assertEquals(b.nodeKey(), ca.nextFrameWhere(map, f -> f.has("PeersChanged")).get("PeersChanged").get(0)
                .get("Key").asText());
        byte[] plain = tappedBytes();
        List<FrameWalk.Frame> frames = FrameWalk.frames(plain);
        int data = 0;
        for (FrameWalk.Frame f : frames) {
            if (f.type() == FrameWalk.DATA && f.payload().length > 0) {
                assertTrue(f.payload().length <= 7, "DATA frame of " + f.payload().length);
                data++;
            }
        }
        assertTrue(data > 200, "many tiny DATA frames: " + data);
        // Records of 1..7 bytes cycle through every length, so boundaries fall at every offset of the 4-byte length.
        long records = server.recordsToClients();
        long empty = server.emptyRecordsToClients();
        assertTrue(records - empty >= plain.length / 7, records + " records for " + plain.length + " bytes");
        assertEquals(records - empty, empty, "one empty record before each data record");
    }

    @Test
    void hugeHeaderBlockNeedsContinuation() throws Exception {
        ControlConfig c = config();
        c.hugeHeaders = true;
        start(c);
        tap();
        H2Config big = new H2Config();
        big.maxHeaderBlock = 64 * 1024;
        big.headerListBytes = 64 * 1024;
        TestControlClient.Device d = new TestControlClient.Device();
        TestControlClient cl = connect(d, 130, big);
        TestControlClient.Stream s = cl.post("/machine/register", TestControlClient.registerJson(d.nodeKey(), null,
                server.createAuthKey(false, null), "d"));
        assertEquals(200, s.status);
        assertTrue(s.headers.get("x-dev-padding").length() >= 24_000);
        assertTrue(s.json().get("MachineAuthorized").asBoolean());
        long continuations = FrameWalk.frames(tappedBytes()).stream().filter(f -> f.type() == FrameWalk.CONTINUATION)
                .count();
        assertTrue(continuations >= 1, "CONTINUATION frames: " + continuations);
    }

    @Test
    void huffmanAndIncrementalIndexingFromJettysEncoder() throws Exception {
        ControlConfig c = config();
        c.hpackIndexing = true;
        start(c);
        tap();
        TestControlClient.Device d = new TestControlClient.Device();
        TestControlClient cl = connect(d); // 4096-byte table: the encoder may index
        String key = server.createAuthKey(true, null);
        for (int i = 0; i < 2; i++) {
            TestControlClient.Stream s = cl.post("/machine/register", TestControlClient.registerJson(d.nodeKey(), null,
                    key, "d"));
            assertEquals("tailnode development control server", s.headers.get("x-dev-server"));
        }
        List<byte[]> blocks = FrameWalk.headerBlocks(FrameWalk.frames(tappedBytes()));
        assertEquals(2, blocks.size());
        boolean incrementalHuffman = FrameWalk.fields(blocks.get(0)).stream()
                .anyMatch(f -> f.kind().equals("incremental") && f.index() == 0 && f.huffmanName() && f.huffmanValue());
        boolean dynamicRef = FrameWalk.fields(blocks.get(1)).stream()
                .anyMatch(f -> f.kind().equals("indexed") && f.index() > 61);
        assertTrue(incrementalHuffman, "new-name literal with incremental indexing, Huffman coded");
        assertTrue(dynamicRef, "second response refers to the dynamic table");
    }

    @Test
    void rateLimitedWithRetryAfter() throws Exception {
        ControlConfig c = config();
        c.rateLimitNext = 1;
        c.retryAfterSeconds = 7;
        start(c);
        TestControlClient.Device d = new TestControlClient.Device();
        TestControlClient cl = connect(d);
        String body = TestControlClient.registerJson(d.nodeKey(), null, server.createAuthKey(false, null), "d");
        TestControlClient.Stream s = cl.post("/machine/register", body);
        assertEquals(429, s.status);
        assertEquals("7", s.headers.get("retry-after"));
        assertEquals(0, server.nodes().size());
        s = cl.post("/machine/register", body);
        assertEquals(200, s.status);
        assertTrue(s.json().get("MachineAuthorized").asBoolean());
    }

    @Test
    void capabilityVersionRejectedAfterTheHandshake() throws Exception {
        ControlConfig c = config();
        c.minCapVer = 131;
        start(c);
        TestControlClient.Device d = new TestControlClient.Device();
        TestControlClient old = connect(d, 130, new H2Config());
        assertEquals(1, server.handshakes(), "the Noise handshake itself succeeds");
        TestControlClient.Stream s = old.post("/machine/register", TestControlClient.registerJson(d.nodeKey(), null,
                server.createAuthKey(true, null), "d"));
        assertEquals(400, s.status);
        assertTrue(s.json().get("Error").asText().contains("capability version 130"), s.bodyText());
        TestControlClient current = connect(d, 131, new H2Config());
        assertEquals(200, current.post("/machine/register", TestControlClient.registerJson(d.nodeKey(), null,
                server.createAuthKey(true, null), "d")).status);
    }

    @Test
    void keepAlivesOnAnIdleStream() throws Exception {
        ControlConfig c = config();
        c.keepAliveMillis = 50;
        start(c);
        TestControlClient.Device d = new TestControlClient.Device();
        TestControlClient cl = joined(d, server.createAuthKey(false, null), "d");
        int map = openMap(cl, d, "d");
        cl.nextFrame(map);
        JsonNode ka = cl.nextFrameWhere(map, f -> f.has("KeepAlive"));
        assertEquals("{\"KeepAlive\":true}", ka.toString());
    }

    @Test
    void tailscaleRsFixturesWithKeysRewritten() throws Exception {
        ControlConfig c = config();
        c.fixtureMaps = true;
        start(c);
        String key = server.createAuthKey(true, null);
        TestControlClient.Device a = new TestControlClient.Device();
        TestControlClient.Device b = new TestControlClient.Device();
        TestControlClient ca = joined(a, key, "a");
        joined(b, key, "b");
        int map = openMap(ca, a, "a");
        JsonNode full = ca.nextFrame(map);
        // Expected values written by hand from the fixture files.
        JsonNode self = full.get("Node");
        assertEquals(6523515364831089L, self.get("ID").asLong());
        assertEquals("tailscale-rs1.tail252fff.ts.net.", self.get("Name").asText());
        assertEquals(a.nodeKey(), self.get("Key").asText());
        assertEquals(a.discoKey(), self.get("DiscoKey").asText());
        assertEquals("100.93.205.110/32", self.get("Addresses").get(0).asText());
        assertEquals(28, full.get("DERPMap").get("Regions").size());
        JsonNode peers = full.get("PeersChanged");
        assertEquals(List.of(1679275757477108L, 1920659479412999L, 5170377294737635L, 5459977561039002L,
                6214411886909784L), TestControlClient.ids(peers));
        assertEquals(b.nodeKey(), peers.get(0).get("Key").asText());
        assertEquals("bogus-test-tailscale.github", full.get("Domain").asText());
        assertTrue(full.get("PacketFilter").get(0).has("CapGrant"));
        JsonNode delta = ca.nextFrame(map);
        JsonNode node = delta.get("PeersChanged").get(0);
        assertEquals(1679275757477108L, node.get("ID").asLong());
        assertEquals("nodekey:a57413f6734a12fa6f50e600891517deef4d324ea63de8915da511550a20a23f", node.get("Key").asText());
        assertEquals("127.3.3.40:12", node.get("DERP").asText());
        assertEquals(1, node.get("HomeDERP").asInt());
    }
}
