package io.tailnode.sim.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * End to end through the device's control pieces: Noise upgrade, HTTP/2 by Jetty, register, streaming map with
 * a full map first and then deltas when a second node registers, comes online, updates its endpoints and is
 * removed; a large synthetic netmap.
 */
class ControlServerTest extends ControlTestBase {
    @BeforeEach
    void up() throws Exception {
        start();
    }

    @Test
    void registerThenStreamFullMapAndDeltas() throws Exception {
        String key = server.createAuthKey(true, null);
        TestControlClient.Device a = new TestControlClient.Device();
        TestControlClient.Device b = new TestControlClient.Device();
        TestControlClient ca = connect(a);
        assertTrue(ca.channel.earlyPayloadLength() > 0, "early payload seen and skipped");
        JsonNode r = register(ca, a, null, key, "plc-a");
        assertTrue(r.get("MachineAuthorized").asBoolean(), r.toString());
        assertEquals("", r.get("AuthURL").asText());
        assertEquals(Tailnet.USER_LOGIN, r.get("User").get("LoginName").asText());

        int map = openMap(ca, a, "plc-a");
        JsonNode full = ca.nextFrame(map);
        assertEquals(200, ca.stream(map).status);
        JsonNode self = full.get("Node");
        assertEquals(a.nodeKey(), self.get("Key").asText());
        assertEquals(a.discoKey(), self.get("DiscoKey").asText());
        assertEquals("100.64.0.1/32", self.get("Addresses").get(0).asText());
        assertEquals("fd7a:115c:a1e0::1/128", self.get("Addresses").get(1).asText());
        assertEquals(self.get("Addresses"), self.get("AllowedIPs"));
        assertEquals("plc-a.tailnet.dev.", self.get("Name").asText());
        assertEquals(0, full.get("Peers").size());
        assertTrue(full.get("DERPMap").get("Regions").has("900"));
        assertEquals("*", full.get("PacketFilter").get(0).get("SrcIPs").get(0).asText());
        assertEquals("2026-11-27T00:00:00Z", full.get("ControlTime").asText());

        TestControlClient cb = joined(b, key, "plc-b");
        JsonNode delta = ca.nextFrameWhere(map, f -> f.has("PeersChanged"));
        JsonNode peer = delta.get("PeersChanged").get(0);
        assertEquals(b.nodeKey(), peer.get("Key").asText());
        assertEquals("100.64.0.2/32", peer.get("Addresses").get(0).asText());
        assertFalse(peer.get("Online").asBoolean());
        long bId = peer.get("ID").asLong();

        // B opens its own stream: A learns it is online through a patch.
        int bMap = openMap(cb, b, "plc-b");
        assertEquals(List.of(a.nodeKey()), List.of(cb.nextFrame(bMap).get("Peers").get(0).get("Key").asText()));
        JsonNode online = ca.nextFrameWhere(map, f -> f.has("PeersChangedPatch")
                && f.get("PeersChangedPatch").get(0).has("Online")).get("PeersChangedPatch").get(0);
        assertEquals(bId, online.get("NodeID").asLong());
        assertTrue(online.get("Online").asBoolean());

        // Lite update from B: endpoints, home DERP, disco key -> a patch at A.
        TestControlClient.Stream lite = lite(cb, b, "plc-b", 900, List.of("198.18.0.2:41641", "[2001:2::2]:41641"));
        assertEquals(0, lite.body.size());
        JsonNode patch = ca.nextFrameWhere(map, f -> f.has("PeersChangedPatch")
                && f.get("PeersChangedPatch").get(0).has("Endpoints"));
        JsonNode pc = patch.get("PeersChangedPatch").get(0);
        assertEquals(bId, pc.get("NodeID").asLong());
        assertEquals(900, pc.get("DERPRegion").asInt());
        assertEquals("198.18.0.2:41641", pc.get("Endpoints").get(0).asText());
        assertEquals("[2001:2::2]:41641", pc.get("Endpoints").get(1).asText());
        assertFalse(pc.has("DiscoKey"), "the disco key came with B's stream already");
        assertFalse(patch.has("PeersChanged"), "an endpoint change travels as a patch only");
        // B's own stream sees its new self node.
        assertEquals(900, cb.nextFrameWhere(bMap, f -> f.has("Node")).get("Node").get("HomeDERP").asInt());

        assertTrue(server.removeNode(bId));
        JsonNode removed = ca.nextFrameWhere(map, f -> f.has("PeersRemoved"));
        assertEquals(List.of(bId), TestControlClient.ids(removed.get("PeersRemoved")));
        // The removed node's stream ends.
        cb.drive(() -> cb.stream(bMap).ended);
    }

    @Test
    void closedConnectionEndsItsStreamAndPeersSeeItOffline() throws Exception {
        String key = server.createAuthKey(true, null);
        TestControlClient.Device a = new TestControlClient.Device();
        TestControlClient.Device b = new TestControlClient.Device();
        TestControlClient ca = joined(a, key, "a");
        TestControlClient cb = joined(b, key, "b");
        int map = openMap(ca, a, "a");
        ca.nextFrame(map);
        int bMap = openMap(cb, b, "b");
        cb.nextFrame(bMap);
        long bId = server.nodeId(b.nodeKey());
        ca.nextFrameWhere(map, f -> f.has("PeersChangedPatch") && f.get("PeersChangedPatch").get(0).path("Online")
                .asBoolean(false));
        cb.close();
        JsonNode off = ca.nextFrameWhere(map, f -> f.has("PeersChangedPatch")
                && f.get("PeersChangedPatch").get(0).has("Online")).get("PeersChangedPatch").get(0);
        assertEquals(bId, off.get("NodeID").asLong());
        assertFalse(off.get("Online").asBoolean());
        assertFalse(node(bId).get("online").asBoolean());
    }

    @Test
    void ephemeralNodeIsRemovedWithItsLastStream() throws Exception {
        TestControlClient.Device a = new TestControlClient.Device();
        TestControlClient.Device e = new TestControlClient.Device();
        TestControlClient ca = joined(a, server.createAuthKey(false, null), "a");
        TestControlClient ce = joined(e, server.createAuthKey(false, true, null, List.of()), "eph");
        long eId = server.nodeId(e.nodeKey());
        assertTrue(node(eId).get("ephemeral").asBoolean());
        int map = openMap(ca, a, "a");
        assertEquals(1, ca.nextFrame(map).get("Peers").size());
        ce.nextFrame(openMap(ce, e, "eph"));
        ce.close();
        JsonNode gone = ca.nextFrameWhere(map, f -> f.has("PeersRemoved"));
        assertEquals(List.of(eId), TestControlClient.ids(gone.get("PeersRemoved")));
        assertEquals(-1, server.nodeId(e.nodeKey()));
    }

    @Test
    void oneShotMapIsOneFrame() throws Exception {
        TestControlClient.Device a = new TestControlClient.Device();
        TestControlClient ca = joined(a, server.createAuthKey(false, null), "a");
        TestControlClient.Stream s = ca.post("/machine/map", TestControlClient.mapJson("a", a.nodeKey(), a.discoKey(),
                false, false, 0, null));
        assertTrue(s.ended);
        JsonNode frame = ca.nextFrame(ca.streams.entrySet().stream().filter(e -> e.getValue() == s).findFirst()
                .orElseThrow().getKey());
        assertEquals(a.nodeKey(), frame.get("Node").get("Key").asText());
        assertEquals(4 + TestControlClient.JSON.writeValueAsBytes(frame).length, s.body.size(), "exactly one frame");
    }

    @Test
    void tenThousandPeerMapAndADelta() throws Exception {
        TestControlClient.Device a = new TestControlClient.Device();
        io.tailnode.control.h2.H2Config wide = new io.tailnode.control.h2.H2Config();
        wide.streamWindow = 1 << 20; // 6 MB through a 16 KiB window would take 800 round trips
        TestControlClient ca = connect(a, 130, wide);
        assertTrue(register(ca, a, null, server.createAuthKey(false, null), "a").get("MachineAuthorized").asBoolean());
        List<Long> ids = server.addSyntheticNodes(10_000, "tag:sensor");
        int map = openMap(ca, a, "a");
        JsonNode full = ca.nextFrame(map);
        assertTrue(ca.stream(map).body.size() > 6_000_000, "about 640 bytes of JSON per peer");
        assertEquals(10_000, full.get("Peers").size());
        assertEquals(ids.get(9_999).longValue(), full.get("Peers").get(9_999).get("ID").asLong(), "sorted by ID");
        assertEquals("100.64.39.17/32", full.get("Peers").get(9_999).get("Addresses").get(0).asText(),
                "address 10,001 = 100.64.0.0 + 0x2711");
        assertTrue(server.removeNode(ids.get(5_000)));
        JsonNode delta = ca.nextFrameWhere(map, f -> f.has("PeersRemoved"));
        assertEquals(List.of(ids.get(5_000)), TestControlClient.ids(delta.get("PeersRemoved")));
        assertFalse(delta.has("PeersChanged"));
    }
}
