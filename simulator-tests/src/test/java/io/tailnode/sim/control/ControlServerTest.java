package io.tailnode.sim.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * End to end through the device's control pieces: Noise upgrade, HTTP/2 by Jetty, register, streaming map with
 * a full map first and then deltas when a second node registers, updates its endpoints and is removed.
 */
class ControlServerTest {
    DevControlServer server;

    @BeforeEach
    void start() throws Exception {
        ControlConfig c = new ControlConfig();
        c.adminPort = -1;
        server = DevControlServer.start(c);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    static TestControlClient.Stream register(TestControlClient c, TestControlClient.Device d, String key, String host)
            throws Exception {
        return c.post("/machine/register", TestControlClient.registerJson(d.nodeKey(), null, key, host));
    }

    @Test
    void registerThenStreamFullMapAndDeltas() throws Exception {
        String key = server.createAuthKey(true, null);
        TestControlClient.Device a = new TestControlClient.Device();
        TestControlClient.Device b = new TestControlClient.Device();
        try (TestControlClient ca = TestControlClient.connect(server, a.machine)) {
            assertTrue(ca.channel.earlyPayloadLength() > 0, "early payload seen and skipped");
            TestControlClient.Stream reg = register(ca, a, key, "plc-a");
            assertEquals(200, reg.status);
            JsonNode r = reg.json();
            assertTrue(r.get("MachineAuthorized").asBoolean(), reg.bodyText());
            assertEquals("", r.get("AuthURL").asText());

            int map = ca.open("/machine/map", TestControlClient.mapJson("plc-a", a.nodeKey(), a.discoKey(), true, false, 0, null));
            JsonNode full = ca.nextFrame(map);
            assertEquals(200, ca.stream(map).status);
            JsonNode self = full.get("Node");
            assertEquals(a.nodeKey(), self.get("Key").asText());
            assertEquals(a.discoKey(), self.get("DiscoKey").asText());
            assertEquals("100.64.0.1/32", self.get("Addresses").get(0).asText());
            assertEquals("fd7a:115c:a1e0::1/128", self.get("Addresses").get(1).asText());
            assertEquals("plc-a.tailnet.dev.", self.get("Name").asText());
            assertEquals(0, full.get("Peers").size());
            assertTrue(full.get("DERPMap").get("Regions").has("900"));
            assertEquals("*", full.get("PacketFilter").get(0).get("SrcIPs").get(0).asText());
            assertTrue(full.has("ControlTime"));

            try (TestControlClient cb = TestControlClient.connect(server, b.machine)) {
                assertEquals(200, register(cb, b, key, "plc-b").status);
                JsonNode delta = ca.nextFrameWhere(map, f -> f.has("PeersChanged"));
                JsonNode peer = delta.get("PeersChanged").get(0);
                assertEquals(b.nodeKey(), peer.get("Key").asText());
                assertEquals("100.64.0.2/32", peer.get("Addresses").get(0).asText());
                long bId = peer.get("ID").asLong();

                // Lite update from B: endpoints, home DERP, disco key -> a patch at A.
                TestControlClient.Stream lite = cb.post("/machine/map", TestControlClient.mapJson("plc-b", b.nodeKey(),
                        b.discoKey(), false, true, 900, List.of("198.18.0.2:41641", "[2001:2::2]:41641")));
                assertEquals(200, lite.status);
                assertEquals(0, lite.body.size());
                JsonNode patch = ca.nextFrameWhere(map, f -> f.has("PeersChangedPatch")
                        && f.get("PeersChangedPatch").get(0).has("Endpoints"));
                JsonNode pc = patch.get("PeersChangedPatch").get(0);
                assertEquals(bId, pc.get("NodeID").asLong());
                assertEquals(900, pc.get("DERPRegion").asInt());
                assertEquals("198.18.0.2:41641", pc.get("Endpoints").get(0).asText());
                assertEquals("[2001:2::2]:41641", pc.get("Endpoints").get(1).asText());
                assertEquals(b.discoKey(), pc.get("DiscoKey").asText());
                assertFalse(patch.has("PeersChanged"), "an endpoint change travels as a patch only");

                assertTrue(server.removeNode(bId));
                JsonNode removed = ca.nextFrameWhere(map, f -> f.has("PeersRemoved"));
                assertEquals(List.of(bId), TestControlClient.ids(removed.get("PeersRemoved")));
            }
        }
    }
}
