package io.tailnode.control.client;

import static io.tailnode.control.client.ControlClientFlowTest.PEER2_KEY;
import static io.tailnode.control.client.ControlClientFlowTest.PEER_KEY;
import static io.tailnode.control.client.ControlClientFlowTest.fullMap;
import static io.tailnode.control.client.ControlClientFlowTest.peer;
import static io.tailnode.control.client.ControlClientFlowTest.standardServer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the client does when things go wrong or change: AuthURL and Followup, register Error, 120 s watchdog,
 * backoff and Retry-After, node-key expiry (from the map and from NodeKeyExpired), a map frame that fails to parse,
 * and the lite update after every reconnect.
 */
class ControlClientFailureTest {
    static final String MAP = fullMap("0001-01-01T00:00:00Z", peer(7, PEER_KEY, "100.64.0.7"), peer(8, PEER2_KEY, "100.64.0.8"));

    static ClientRig connectedRig() {
        ClientRig rig = new ClientRig();
        rig.servers = () -> {
            FakeControl s = new FakeControl();
            s.onRequest = (srv, r) -> standardServer(srv, r, MAP);
            return s;
        };
        rig.client.start(rig.now);
        rig.step();
        assertEquals("connected", rig.state(), rig.states.toString());
        return rig;
    }

    static int mapStream(FakeControl s) {
        for (FakeControl.Request r : s.requests) {
            if (r.body().contains("\"Stream\":true")) {
                return r.stream();
            }
        }
        throw new AssertionError("no map request");
    }

    @Test
    void authUrlIsReportedThenFollowedUpUntilApproved() {
        ClientRig rig = new ClientRig();
        rig.authKey = null;
        List<String> registers = new ArrayList<>();
        rig.servers = () -> {
            FakeControl s = new FakeControl();
            s.onRequest = (srv, r) -> {
                if (r.path().equals("/machine/register")) {
                    registers.add(r.body());
                    srv.respond(r.stream(), 200, r.body().contains("Followup") ? "{\"MachineAuthorized\":true}"
                            : "{\"AuthURL\":\"https://login.example/a/xyz\"}");
                } else {
                    standardServer(srv, r, MAP);
                }
            };
            return s;
        };
        rig.client.start(rig.now);
        rig.step();
        assertEquals("https://login.example/a/xyz", rig.authUrlSeen);
        assertTrue(rig.states.contains("needs-auth(needs-auth)"), rig.states.toString());
        assertEquals(2, registers.size());
        assertFalse(registers.get(0).contains("\"Auth\""), "no auth key provisioned: no Auth object");
        assertTrue(registers.get(1).contains("\"Followup\":\"https://login.example/a/xyz\""), registers.get(1));
        assertEquals("connected", rig.state());
        assertEquals(0, rig.client.authUrlLength(), "approved: the URL is no longer pending");
    }

    @Test
    void authUrlAgainAfterFollowupBacksOffAndKeepsTheUrl() {
        ClientRig rig = new ClientRig();
        rig.authKey = null;
        rig.servers = () -> {
            FakeControl s = new FakeControl();
            s.onRequest = (srv, r) -> srv.respond(r.stream(), 200, "{\"AuthURL\":\"https://login.example/a/2\"}");
            return s;
        };
        rig.client.start(rig.now);
        rig.step();
        assertEquals("backoff", rig.state());
        assertEquals(ControlClientReason.NEEDS_AUTH, rig.client.lastReason());
        assertEquals("https://login.example/a/2", new String(rig.client.authUrl(), 0, rig.client.authUrlLength()));
    }

    @Test
    void registerErrorBacksOff() {
        ClientRig rig = new ClientRig();
        rig.servers = () -> {
            FakeControl s = new FakeControl();
            s.onRequest = (srv, r) -> srv.respond(r.stream(), 200, "{\"Error\":\"invalid auth key\"}");
            return s;
        };
        rig.client.start(rig.now);
        rig.step();
        assertEquals("backoff", rig.state());
        assertEquals(ControlClientReason.REGISTER_ERROR, rig.client.lastReason());
        assertFalse(rig.registered);
        assertEquals(0, rig.registeredCalls);
    }

    @Test
    void watchdogResetsAfter120SecondsOfSilenceThenReconnectsAndSendsTheLiteUpdateAgain() {
        ClientRig rig = connectedRig();
        long digest = rig.device.stateDigest();
        rig.advance(119_999);
        assertEquals("connected", rig.state());
        rig.advance(1);
        assertEquals("backoff", rig.state());
        assertEquals(ControlClientReason.WATCHDOG, rig.client.lastReason());
        assertEquals(digest, rig.device.stateDigest(), "the data plane keeps its peers while control is down");
        assertEquals(2, rig.applier.peers().size());
        rig.runUntil(10_000, () -> "connected".equals(rig.state()));
        assertEquals(2, rig.connections.size());
        FakeControl second = rig.connections.get(1);
        assertEquals(1, second.requests.stream().filter(r -> r.body().contains("\"OmitPeers\":true")).count(),
                "lite update after the reconnect too");
        assertEquals(0, second.count("/machine/register"), "still registered");
    }

    @Test
    void backoffDoublesToItsCapAndResetsAfterSuccess() {
        ClientRig rig = new ClientRig();
        rig.jitter = Integer.MAX_VALUE; // the largest jitter: delay = the full step
        rig.refuseConnect = true;
        rig.client.start(rig.now);
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            rig.step();
            assertEquals("backoff", rig.state());
            delays.add(rig.client.retryAt() - rig.now);
            rig.now = rig.client.retryAt();
        }
        assertEquals(List.of(1000L, 2000L, 4000L, 8000L, 16000L, 32000L, 60000L, 60000L, 60000L), delays);
        rig.refuseConnect = false;
        rig.servers = () -> {
            FakeControl s = new FakeControl();
            s.onRequest = (srv, r) -> standardServer(srv, r, MAP);
            return s;
        };
        rig.step();
        assertEquals("connected", rig.state());
        assertEquals(0, rig.client.backoff().failures());
    }

    @Test
    void rateLimitedRegisterHonoursRetryAfter() {
        ClientRig rig = new ClientRig();
        rig.servers = () -> {
            FakeControl s = new FakeControl();
            s.onRequest = (srv, r) -> srv.respond(r.stream(), 429, "", "retry-after", "90");
            return s;
        };
        rig.client.start(rig.now);
        rig.step();
        assertEquals(ControlClientReason.RATE_LIMITED, rig.client.lastReason());
        assertEquals(90_000, rig.client.retryAt() - rig.now);
        assertEquals(1, rig.client.count(ControlClientReason.RATE_LIMITED));
    }

    @Test
    void mapFrameThatFailsToParseResetsAndLeavesTheNetmapUntouched() {
        ClientRig rig = connectedRig();
        long digest = rig.device.stateDigest();
        int stream = mapStream(rig.server);
        rig.server.mapFrame(stream, "{\"PeersRemoved\":[7],\"Peers\":[" + peer(9, "ef".repeat(32), "100.64.0.9") + ",{\"ID\":}]}");
        rig.step();
        assertEquals("backoff", rig.state());
        assertEquals(ControlClientReason.MAP_FRAME_REJECTED, rig.client.lastReason());
        assertEquals(digest, rig.device.stateDigest(), "rejected frame: WireGuard untouched");
        assertTrue(rig.device.peerSlot(HexFormat.of().parseHex(PEER_KEY), 0) >= 0);
        assertEquals(-1, rig.device.peerSlot(HexFormat.of().parseHex("ef".repeat(32)), 0));
        assertEquals(1, rig.applier.framesDiscarded());
    }

    @Test
    void expiryWithinFourteenDaysShowsAndExpiryRotatesTheKeyAndReRegistersWithTheOldOne() {
        ClientRig rig = new ClientRig();
        // ControlTime 2026-11-27T00:00Z; key expires 3 days later.
        String map = fullMap("2026-11-30T00:00:00Z", peer(7, PEER_KEY, "100.64.0.7"));
        List<String> registers = new ArrayList<>();
        rig.servers = () -> {
            FakeControl s = new FakeControl();
            s.onRequest = (srv, r) -> {
                if (r.path().equals("/machine/register")) {
                    registers.add(r.body());
                }
                standardServer(srv, r, map);
            };
            return s;
        };
        rig.client.start(rig.now);
        rig.step();
        assertEquals("connected", rig.state());
        assertTrue(rig.client.keyExpiringSoon(rig.now));
        assertEquals(1, registers.size());
        assertEquals(rig.now + 120_000, rig.client.nextDeadline(), "the watchdog comes before the expiry");
        // A later ControlTime (as in a keep-alive three days on) says the key has expired.
        rig.advance(60_000);
        rig.server.mapFrame(mapStream(rig.server), "{\"KeepAlive\":true,\"ControlTime\":\"2026-11-30T00:00:01Z\"}");
        rig.step();
        rig.step();
        assertEquals(1, rig.rotateCalls);
        assertEquals(1, rig.rotatedEvents);
        rig.runUntil(5_000, () -> registers.size() == 2 && "connected".equals(rig.state()));
        String again = registers.get(1);
        assertTrue(again.contains("\"NodeKey\":\"nodekey:" + "23".repeat(32) + "\""), again);
        assertTrue(again.contains("\"OldNodeKey\":\"nodekey:" + "22".repeat(32) + "\""), again);
        assertTrue(again.contains("\"AuthKey\":\"tskey-auth-test\""), "reusable key still provisioned: used again");
        assertEquals(2, rig.registeredCalls);
        assertNull(rig.oldNodePub, "confirmed: the old key is forgotten");
    }

    @Test
    void nodeKeyExpiredAnswerRotatesAndRegistersAgainOnTheSameConnection() {
        ClientRig rig = new ClientRig();
        List<String> registers = new ArrayList<>();
        rig.servers = () -> {
            FakeControl s = new FakeControl();
            s.onRequest = (srv, r) -> {
                if (r.path().equals("/machine/register")) {
                    registers.add(r.body());
                    srv.respond(r.stream(), 200, registers.size() == 1 ? "{\"NodeKeyExpired\":true}"
                            : "{\"MachineAuthorized\":true}");
                } else {
                    standardServer(srv, r, MAP);
                }
            };
            return s;
        };
        rig.client.start(rig.now);
        rig.step();
        assertEquals("connected", rig.state(), rig.states.toString());
        assertEquals(1, rig.connections.size());
        assertEquals(2, registers.size());
        assertTrue(registers.get(1).contains("\"OldNodeKey\":\"nodekey:" + "22".repeat(32) + "\""));
    }

    @Test
    void serverClosingTheConnectionReconnectsWithTheLiteUpdate() {
        ClientRig rig = connectedRig();
        rig.client.onClosed(rig.now);
        assertEquals(ControlClientReason.TRANSPORT_CLOSED, rig.client.lastReason());
        rig.runUntil(10_000, () -> "connected".equals(rig.state()));
        assertEquals(2, rig.client.liteUpdates());
        assertEquals(2, rig.connections.size());
    }

    @Test
    void mapStreamRefusedWith401ForgetsTheRegistration() {
        ClientRig rig = new ClientRig();
        rig.registered = true;
        rig.servers = () -> {
            FakeControl s = new FakeControl();
            s.onRequest = (srv, r) -> {
                if (r.path().equals("/machine/map")) {
                    srv.respond(r.stream(), 401, "");
                } else {
                    standardServer(srv, r, MAP);
                }
            };
            return s;
        };
        rig.client.start(rig.now);
        rig.step();
        assertEquals(ControlClientReason.HTTP_STATUS, rig.client.lastReason());
        assertEquals(1, rig.unregisteredCalls);
        assertFalse(rig.registered);
    }

    @Test
    void goAwayFromTheServerReconnects() {
        ClientRig rig = connectedRig();
        rig.server.h2.goAway(3, 0);
        rig.server.flushH2();
        rig.step();
        assertEquals(ControlClientReason.H2_FAILED, rig.client.lastReason());
        rig.runUntil(10_000, () -> "connected".equals(rig.state()));
        assertEquals(2, rig.connections.size());
        assertEquals(2, rig.applier.peers().size());
    }

    @Test
    void serverBytesSplitAtEveryOffsetGiveTheSameNetmap() {
        for (int piece : new int[] {1, 2, 3, 4, 5, 7, 13, 51, 52, 4096}) {
            ClientRig rig = new ClientRig();
            rig.pieceSize = piece;
            rig.servers = () -> {
                FakeControl s = new FakeControl();
                s.onRequest = (srv, r) -> standardServer(srv, r, MAP);
                return s;
            };
            rig.client.start(rig.now);
            rig.step();
            assertEquals("connected", rig.state(), "piece " + piece);
            assertEquals(2, rig.applier.peers().size(), "piece " + piece);
            assertTrue(rig.device.peerSlot(HexFormat.of().parseHex(PEER2_KEY), 0) >= 0);
        }
    }
}
