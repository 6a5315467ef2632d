package io.tailnode.control.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The client's whole path against the in-memory server: upgrade, Noise, HTTP/2, register, map long poll, peers
 * in the WireGuardDevice, the lite update after the first frame, ControlTime and self addresses.
 */
class ControlClientFlowTest {
    static final String PEER_KEY = "ab".repeat(32);
    static final String PEER2_KEY = "cd".repeat(32);

    static String peer(long id, String keyHex, String addr) {
        return "{\"ID\":" + id + ",\"StableID\":\"n" + id + "\",\"Key\":\"nodekey:" + keyHex + "\",\"DiscoKey\":\"discokey:"
                + "11".repeat(32) + "\",\"Addresses\":[\"" + addr + "/32\"],\"Endpoints\":[\"198.18.0." + id
                + ":41641\"],\"HomeDERP\":1}";
    }

    static String fullMap(String expiry, String... peers) {
        return "{\"Node\":{\"ID\":1,\"Key\":\"nodekey:" + "22".repeat(32) + "\",\"KeyExpiry\":\"" + expiry
                + "\",\"Addresses\":[\"100.64.0.1/32\",\"fd7a:115c:a1e0::1/128\"]},\"ControlTime\":\"2026-11-27T00:00:00Z\","
                + "\"Peers\":[" + String.join(",", peers) + "]}";
    }

    /** A server that authorizes every register and answers the map with {@code firstFrame}. */
    static void standardServer(FakeControl s, FakeControl.Request r, String firstFrame) {
        if (r.path().equals("/machine/register")) {
            s.respond(r.stream(), 200, "{\"User\":{\"ID\":5,\"LoginName\":\"x\"},\"Login\":{},\"MachineAuthorized\":true,"
                    + "\"AuthURL\":\"\"}");
        } else if (r.body().contains("\"Stream\":true")) {
            s.mapHeaders(r.stream());
            s.mapFrame(r.stream(), firstFrame);
        } else {
            s.respond(r.stream(), 200, "");
        }
    }

    @Test
    void registersMapsAndPutsPeersIntoTheDevice() {
        ClientRig rig = new ClientRig();
        String map = fullMap("2027-06-01T00:00:00Z", peer(7, PEER_KEY, "100.64.0.7"), peer(8, PEER2_KEY, "100.64.0.8"));
        rig.servers = () -> {
            FakeControl s = new FakeControl();
            s.onRequest = (srv, r) -> standardServer(srv, r, map);
            return s;
        };
        rig.client.start(rig.now);
        rig.step();

        assertEquals("connected", rig.state(), rig.states.toString());
        FakeControl s = rig.server;
        assertTrue(s.upgradeRequest.startsWith("POST /ts2021 HTTP/1.1\r\nHost: control.test:80\r\n"), s.upgradeRequest);
        assertEquals(130, ((s.initiation[0] & 0xFF) << 8) | (s.initiation[1] & 0xFF));
        assertEquals(130, s.noise.version);
        // register (with the auth key: not registered yet), then the map poll, then the lite update
        assertEquals(List.of("/machine/register", "/machine/map", "/machine/map"),
                s.requests.stream().map(FakeControl.Request::path).toList());
        assertTrue(s.requests.get(0).body().contains("\"Auth\":{\"AuthKey\":\"tskey-auth-test\"}"));
        assertTrue(s.requests.get(1).body().contains("\"Stream\":true"));
        assertTrue(s.requests.get(2).body().contains("\"OmitPeers\":true"));
        assertEquals(List.of(":method: POST", ":scheme: https", ":path: /machine/register", ":authority: control.test:80",
                "content-type: application/json"), s.requests.get(0).headers());
        assertEquals(1, rig.registeredCalls);
        assertTrue(rig.registered);

        // peers are WireGuard peers with their addresses as allowed IPs and their endpoints
        int slot = rig.device.peerSlot(HexFormat.of().parseHex(PEER_KEY), 0);
        assertTrue(slot >= 0);
        assertTrue(rig.device.peerSlot(HexFormat.of().parseHex(PEER2_KEY), 0) >= 0);
        assertEquals(2, rig.applier.peers().size());
        byte[] ep = new byte[32];
        assertEquals(7, rig.device.endpoint(slot, ep, 0));
        assertEquals(7, ep[4]);

        assertEquals(List.of("100.64.0.1/32", "fd7a:115c:a1e0:0:0:0:0:1/128"), rig.selfAddresses);
        assertEquals(1795737600000L, rig.lastControlTime);
        assertEquals(1, rig.controlTimeCount);
        assertEquals(1811808000000L, rig.client.keyExpiry());
        assertEquals(1, rig.client.liteUpdates());
    }

    @Test
    void deltaRemovesAPeerAndKeepAlivesFeedTheWatchdog() {
        ClientRig rig = new ClientRig();
        rig.registered = true;
        String map = fullMap("0001-01-01T00:00:00Z", peer(7, PEER_KEY, "100.64.0.7"), peer(8, PEER2_KEY, "100.64.0.8"));
        rig.servers = () -> {
            FakeControl s = new FakeControl();
            s.onRequest = (srv, r) -> standardServer(srv, r, map);
            return s;
        };
        rig.client.start(rig.now);
        rig.step();
        assertEquals("connected", rig.state());
        assertEquals(0, rig.server.count("/machine/register"), "registered already: straight to the map");
        assertEquals(0, rig.client.keyExpiry(), "zero time = never");
        int mapStream = rig.server.requests.get(0).stream();
        for (int i = 0; i < 5; i++) {
            rig.advance(100_000);
            rig.server.mapFrame(mapStream, "{\"KeepAlive\":true}");
            rig.step();
        }
        assertEquals("connected", rig.state(), "keep-alives every 100 s hold off the 120 s watchdog");
        rig.server.mapFrame(mapStream, "{\"PeersRemoved\":[7]}");
        rig.step();
        assertEquals(-1, rig.device.peerSlot(HexFormat.of().parseHex(PEER_KEY), 0));
        assertEquals(1, rig.applier.peers().size());
        assertEquals(1, rig.connections.size());
        assertNotNull(rig.server);
    }
}
