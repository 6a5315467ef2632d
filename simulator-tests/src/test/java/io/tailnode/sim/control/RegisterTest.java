package io.tailnode.sim.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** /machine/register with each kind of pre-auth key, AuthURL, node-key expiry and rotation (protocol §2.5). */
class RegisterTest extends ControlTestBase {
    @BeforeEach
    void up() throws Exception {
        start();
    }

    @Test
    void singleUseKeyRegistersOnceOnly() throws Exception {
        String key = server.createAuthKey(false, null);
        TestControlClient.Device a = new TestControlClient.Device();
        TestControlClient.Device b = new TestControlClient.Device();
        joined(a, key, "a");
        JsonNode r = register(connect(b), b, null, key, "b");
        assertEquals("auth key already used", r.get("Error").asText());
        assertFalse(r.get("MachineAuthorized").asBoolean());
        assertEquals(1, server.nodes().size());
    }

    @Test
    void reusableKeyRegistersManyWithConsecutiveAddresses() throws Exception {
        String key = server.createAuthKey(true, null);
        for (int i = 1; i <= 3; i++) {
            TestControlClient.Device d = new TestControlClient.Device();
            joined(d, key, "dev");
            JsonNode n = node(server.nodeId(d.nodeKey()));
            assertEquals("100.64.0." + i, n.get("addresses").get(0).asText());
            assertEquals("fd7a:115c:a1e0::" + i, n.get("addresses").get(1).asText());
            assertEquals(i == 1 ? "dev" : "dev-" + (i - 1), n.get("name").asText(), "names stay unique");
        }
    }

    @Test
    void taggedKeyGivesTaggedNodeWithoutKeyExpiry() throws Exception {
        String key = server.createAuthKey(false, null, "tag:plc");
        TestControlClient.Device d = new TestControlClient.Device();
        TestControlClient c = joined(d, key, "plc");
        JsonNode self = c.nextFrame(openMap(c, d, "plc")).get("Node");
        assertEquals("tag:plc", self.get("Tags").get(0).asText());
        assertEquals(MapBuilder.ZERO_TIME, self.get("KeyExpiry").asText());
        assertEquals(Tailnet.TAGGED_USER_ID, self.get("User").asLong());
    }

    @Test
    void approvedAuthUrlAuthorizesTheFollowup() throws Exception {
        TestControlClient.Device d = new TestControlClient.Device();
        TestControlClient c = connect(d);
        String url = register(c, d, null, null, "d").get("AuthURL").asText();
        assertFalse(server.approveAuth("0000"));
        assertFalse(register(c, d, null, null, "d").get("MachineAuthorized").asBoolean(), "not approved yet");
        assertTrue(server.approveAuth(url.substring(url.lastIndexOf('/') + 1)));
        JsonNode r = register(c, d, null, null, "d");
        assertTrue(r.get("MachineAuthorized").asBoolean(), r.toString());
        assertEquals(1, server.nodes().size());
        assertTrue(server.nodes().get(0).get("tags").isEmpty());
    }

    @Test
    void followupLongPollEndsWhenApproved() throws Exception {
        server.config().followupWaitMillis = 20_000;
        TestControlClient.Device d = new TestControlClient.Device();
        TestControlClient c = connect(d);
        String url = register(c, d, null, null, "d").get("AuthURL").asText();
        var followup = (com.fasterxml.jackson.databind.node.ObjectNode) TestControlClient.JSON.readTree(
                TestControlClient.registerJson(d.nodeKey(), null, null, "d"));
        followup.put("Followup", url);
        int sid = c.open("/machine/register", followup.toString());
        assertFalse(c.stream(sid).ended, "held open until approval");
        assertTrue(server.approveAuth(url));
        c.drive(() -> c.stream(sid).ended);
        assertTrue(c.stream(sid).json().get("MachineAuthorized").asBoolean(), c.stream(sid).bodyText());
        assertEquals(1, server.nodes().size());
    }

    @Test
    void expiringKeyIsRefusedAfterItsTime() throws Exception {
        String key = server.createAuthKey(true, Duration.ofSeconds(60));
        TestControlClient.Device a = new TestControlClient.Device();
        joined(a, key, "a");
        clock.advance(Duration.ofSeconds(61));
        TestControlClient.Device b = new TestControlClient.Device();
        assertEquals("auth key expired", register(connect(b), b, null, key, "b").get("Error").asText());
    }

    @Test
    void unknownKeyAndNoKey() throws Exception {
        server.createAuthKey(true, null);
        TestControlClient.Device d = new TestControlClient.Device();
        TestControlClient c = connect(d);
        assertEquals("invalid auth key", register(c, d, null, "tskey-auth-k1-00", "d").get("Error").asText());
        JsonNode r = register(c, d, null, null, "d");
        assertFalse(r.get("MachineAuthorized").asBoolean());
        String url = r.get("AuthURL").asText();
        assertTrue(url.startsWith(server.controlUrl() + "/a/"), url);
        // Followup with the URL long-polls the same pending authorization.
        var followup = TestControlClient.JSON.readTree(TestControlClient.registerJson(d.nodeKey(), null, null, "d"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) followup).put("Followup", url);
        assertEquals(url, c.post("/machine/register", followup.toString()).json().get("AuthURL").asText());
        assertEquals(0, server.nodes().size());
    }

    @Test
    void expiredNodeGetsNodeKeyExpiredThenAuthUrlOrReRegistersWithReusableKey() throws Exception {
        String single = server.createAuthKey(false, null);
        String reusable = server.createAuthKey(true, null);
        TestControlClient.Device d = new TestControlClient.Device();
        TestControlClient c = joined(d, single, "d");
        long id = server.nodeId(d.nodeKey());
        assertTrue(register(c, d, null, null, "d").get("MachineAuthorized").asBoolean(), "refresh without auth");

        assertTrue(server.expireNode(id));
        assertTrue(node(id).get("expired").asBoolean());
        JsonNode r = register(c, d, null, null, "d");
        assertTrue(r.get("NodeKeyExpired").asBoolean());
        assertFalse(r.get("MachineAuthorized").asBoolean());
        assertFalse(r.get("AuthURL").asText().isEmpty());

        // A new node key with OldNodeKey but no auth key: interactive approval needed.
        String old = d.nodeKey();
        d.node = TestControlClient.newKey();
        r = register(c, d, old, null, "d");
        assertFalse(r.get("MachineAuthorized").asBoolean());
        assertFalse(r.get("NodeKeyExpired").asBoolean());
        assertFalse(r.get("AuthURL").asText().isEmpty());
        // The used single-use key does not help; a reusable one does, keeping ID and addresses.
        assertEquals("auth key already used", register(c, d, old, single, "d").get("Error").asText());
        r = register(c, d, old, reusable, "d");
        assertTrue(r.get("MachineAuthorized").asBoolean(), r.toString());
        assertEquals(id, server.nodeId(d.nodeKey()));
        assertEquals("100.64.0.1", node(id).get("addresses").get(0).asText());
        assertFalse(node(id).get("expired").asBoolean());
    }

    @Test
    void keyLifetimeRunsOutOnTheClock() throws Exception {
        String key = server.createAuthKey(true, null);
        TestControlClient.Device d = new TestControlClient.Device();
        TestControlClient c = joined(d, key, "d");
        long id = server.nodeId(d.nodeKey());
        clock.advance(Duration.ofSeconds(server.config().nodeKeyLifetimeSeconds - 1));
        assertFalse(node(id).get("expired").asBoolean());
        clock.advance(Duration.ofSeconds(1));
        assertTrue(node(id).get("expired").asBoolean());
        JsonNode self = c.nextFrame(openMap(c, d, "d")).get("Node");
        assertTrue(self.get("Expired").asBoolean());
        assertEquals("2027-05-26T00:00:00Z", self.get("KeyExpiry").asText());
    }

    @Test
    void rotationSignedByValidOldKeyAndLogout() throws Exception {
        String key = server.createAuthKey(false, null);
        TestControlClient.Device d = new TestControlClient.Device();
        TestControlClient c = joined(d, key, "d");
        long id = server.nodeId(d.nodeKey());
        String old = d.nodeKey();
        d.node = TestControlClient.newKey();
        assertTrue(register(c, d, old, null, "d").get("MachineAuthorized").asBoolean());
        assertEquals(id, server.nodeId(d.nodeKey()));
        // Logout: a past Expiry on the current key.
        var req = (com.fasterxml.jackson.databind.node.ObjectNode) TestControlClient.JSON.readTree(
                TestControlClient.registerJson(d.nodeKey(), null, null, "d"));
        req.put("Expiry", "2020-01-01T00:00:00Z");
        assertTrue(c.post("/machine/register", req.toString()).json().get("NodeKeyExpired").asBoolean());
        assertTrue(node(id).get("expired").asBoolean());
    }

    @Test
    void mapForUnregisteredNodeIsForbiddenAndMalformedRegisterIs400() throws Exception {
        TestControlClient.Device d = new TestControlClient.Device();
        TestControlClient c = connect(d);
        TestControlClient.Stream s = c.post("/machine/map", TestControlClient.mapJson("d", d.nodeKey(), d.discoKey(),
                false, true, 0, null));
        assertEquals(403, s.status);
        assertEquals(400, c.post("/machine/register", "{\"NodeKey\":\"nodekey:12\"}").status);
        assertEquals(400, c.post("/machine/register", "[1,2]").status);
    }
}
