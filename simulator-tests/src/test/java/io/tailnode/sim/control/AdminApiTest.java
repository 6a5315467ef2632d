package io.tailnode.sim.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loopback admin API, the command line, /key and the state directory. */
class AdminApiTest extends ControlTestBase {
    final HttpClient http = HttpClient.newHttpClient();

    HttpResponse<String> call(String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.adminUrl() + path))
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode ok(String method, String path, String body) throws Exception {
        HttpResponse<String> r = call(method, path, body);
        assertEquals(200, r.statusCode(), r.body());
        return TestControlClient.JSON.readTree(r.body());
    }

    @Test
    void keysNodesExpireRemovePolicyQuirks() throws Exception {
        ControlConfig c = config();
        c.adminPort = 0;
        start(c);
        assertTrue(server.adminUrl().startsWith("http://127.0.0.1:"));
        String key = ok("POST", "/keys", "{\"reusable\":true,\"tags\":[\"tag:plc\"],\"expiresInSeconds\":3600}")
                .get("key").asText();
        JsonNode keys = ok("GET", "/keys", "");
        assertEquals(1, keys.size());
        assertTrue(keys.get(0).get("usable").asBoolean());
        assertFalse(keys.toString().contains(key.substring(key.lastIndexOf('-') + 1)), "listing never shows secrets");
        assertEquals("2026-11-27T01:00:00Z", keys.get(0).get("expires").asText());

        TestControlClient.Device d = new TestControlClient.Device();
        TestControlClient.Device e = new TestControlClient.Device();
        TestControlClient cd = joined(d, key, "plc");
        int map = openMap(cd, d, "plc");
        cd.nextFrame(map);
        joined(e, key, "hmi");
        JsonNode nodes = ok("GET", "/nodes", "");
        assertEquals(2, nodes.size());
        assertEquals(d.nodeKey(), nodes.get(0).get("nodeKey").asText());
        assertEquals("tag:plc", nodes.get(0).get("tags").get(0).asText());
        assertTrue(nodes.get(0).get("online").asBoolean());
        long eId = nodes.get(1).get("id").asLong();

        ok("POST", "/nodes/" + eId + "/expire", "");
        assertTrue(node(eId).get("expired").asBoolean());
        JsonNode changed = cd.nextFrameWhere(map, f -> f.has("PeersChanged")
                && f.get("PeersChanged").get(0).get("KeyExpiry").asText().equals("2026-11-27T00:00:00Z"));
        assertTrue(changed.get("PeersChanged").get(0).get("Expired").asBoolean());
        ok("DELETE", "/nodes/" + eId, "");
        assertEquals(List.of(eId), TestControlClient.ids(cd.nextFrameWhere(map, f -> f.has("PeersRemoved"))
                .get("PeersRemoved")));
        assertEquals(404, call("POST", "/nodes/" + eId + "/remove", "").statusCode());

        assertEquals(400, call("PUT", "/policy", "{\"acls\":[{\"src\":[\"*\"]}]}").statusCode());
        ok("PUT", "/policy", "{\"acls\":[{\"src\":[\"*\"],\"dst\":[\"tag:plc:502\"]}]}");
        assertEquals(502, cd.nextFrameWhere(map, f -> f.has("PacketFilter")).get("PacketFilter").get(0)
                .get("DstPorts").get(0).get("Ports").get("First").asInt());
        assertEquals("tag:plc:502", ok("GET", "/policy", "").get("acls").get(0).get("dst").get(0).asText());

        assertEquals(400, call("POST", "/quirks", "{\"split\":true,\"zeroLengthRecords\":\"x\"}").statusCode());
        assertFalse(server.config().split, "a rejected quirk update changes nothing");
        JsonNode q = ok("POST", "/quirks", "{\"split\":true,\"rateLimitNext\":2}");
        assertTrue(q.get("split").asBoolean());
        assertEquals(2, server.config().rateLimitNext);
        assertEquals(400, call("POST", "/quirks", "{\"port\":1}").statusCode());
        ok("POST", "/keys/1/revoke", "");
        assertFalse(ok("GET", "/keys", "").get(0).get("usable").asBoolean());
        assertEquals(404, call("GET", "/nothing", "").statusCode());
        assertTrue(call("GET", "", "").body().contains("/admin/nodes"));
    }

    @Test
    void keyEndpoint() throws Exception {
        start();
        String base = server.controlUrl() + "/key";
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "?v=130")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        JsonNode j = TestControlClient.JSON.readTree(r.body());
        assertEquals(server.serverKeyText(), j.get("publicKey").asText());
        assertTrue(j.get("legacyPublicKey").asText().startsWith("mkey:"));
        assertEquals(400, http.send(HttpRequest.newBuilder(URI.create(base)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        r = http.send(HttpRequest.newBuilder(URI.create(base + "?v=38")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(64, r.body().length(), "old clients get the bare hex key");
        assertEquals(404, http.send(HttpRequest.newBuilder(URI.create(server.controlUrl() + "/other")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        assertNull(server.adminUrl());
    }

    @Test
    void stateDirKeepsServerKeyNodesAndKeysAcrossRestart(@TempDir Path dir) throws Exception {
        ControlConfig c = config();
        c.stateDir = dir;
        start(c);
        String serverKey = server.serverKeyText();
        String key = server.createAuthKey(false, null);
        TestControlClient.Device d = new TestControlClient.Device();
        TestControlClient cl = joined(d, key, "d");
        cl.close();
        server.close();
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("control-keys.json"))));
        server = DevControlServer.start(c, clock);
        assertEquals(serverKey, server.serverKeyText());
        TestControlClient again = connect(d);
        JsonNode self = again.nextFrame(openMap(again, d, "d")).get("Node");
        assertEquals("100.64.0.1/32", self.get("Addresses").get(0).asText(), "known without registering again");
        TestControlClient.Device other = new TestControlClient.Device();
        assertEquals("auth key already used", register(connect(other), other, null, key, "o").get("Error").asText());
        server.createAuthKey(true, null);
        TestControlClient.Device third = new TestControlClient.Device();
        joined(third, server.createAuthKey(true, null), "t");
        assertEquals("100.64.0.2", node(server.nodeId(third.nodeKey())).get("addresses").get(0).asText());
    }

    @Test
    void commandLine() {
        ControlConfig c = ControlMain.parse(new String[] {"--port", "0", "--admin-port", "9", "--policy", "p.json",
            "--keep-alive", "3", "--min-cap-ver", "113", "--quirk", "split=true", "--quirk", "legacyDerp=true"});
        assertEquals(0, c.port);
        assertEquals(9, c.adminPort);
        assertEquals(Path.of("p.json"), c.policyFile);
        assertEquals(3000, c.keepAliveMillis);
        assertEquals(113, c.minCapVer);
        assertTrue(c.split && c.legacyDerp);
        ControlConfig d = ControlMain.parse(new String[0]);
        assertEquals(8080, d.port);
        assertEquals(8081, d.adminPort);
        assertThrows(IllegalArgumentException.class, () -> ControlMain.parse(new String[] {"--quirk", "nope=1"}));
        assertThrows(IllegalArgumentException.class, () -> ControlMain.parse(new String[] {"--port"}));
        assertThrows(IllegalArgumentException.class, () -> ControlMain.parse(new String[] {"--bogus", "1"}));
    }
}
