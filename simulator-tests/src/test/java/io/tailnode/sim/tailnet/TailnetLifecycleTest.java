package io.tailnode.sim.tailnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.filter.FilterReason;
import io.tailnode.sim.SimDevice;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the admin does to a two-device tailnet and what the devices make of it: node removal, node-key expiry
 * (reusable key: re-registration and a WireGuard key change without restart; single-use key: AuthURL), a
 * control-server restart under a 5 Hz ping, and a policy that denies one direction.
 */
class TailnetLifecycleTest {
    @TempDir
    Path dir;
    TailnetFixture t;

    @BeforeEach
    void server() throws Exception {
        t = new TailnetFixture(dir);
        t.startServer();
    }

    @AfterEach
    void close() throws Exception {
        t.close();
    }

    private static long mapFrames(SimDevice d) {
        return d.onLoop(l -> d.controlDriver().client().mapFrames());
    }

    private static String nodeKey(SimDevice d) {
        return "nodekey:" + java.util.HexFormat.of().formatHex(java.util.Base64.getDecoder().decode(d.publicKeyBase64()));
    }

    @Test
    void removedNodeLeavesTheOthersNetmapWithinOneDelta() throws Exception {
        String key = t.server.createAuthKey(true, null);
        SimDevice a = t.device("dev-a", key);
        SimDevice b = t.device("dev-b", key);
        assertTrue(t.meshUp(1, 10000), t::logs);
        long id = t.server.nodeId(nodeKey(a));
        assertTrue(id > 0);
        // let the lite-update deltas settle, then count
        Thread.sleep(300);
        long before = mapFrames(b);
        assertTrue(t.server.removeNode(id));
        assertTrue(TailnetFixture.waitFor(5000, () -> b.netmapPeerCount() == 0), t::logs);
        assertEquals(before + 1, mapFrames(b), "one delta");
        assertEquals(-1, b.slotOf(a.publicKeyBase64()), "gone from the WireGuard device too");
    }

    @Test
    void expiredKeyWithReusableAuthKeyReRegistersAndTheTunnelComesBackUnderTheNewKey() throws Exception {
        String key = t.server.createAuthKey(true, null);
        SimDevice.Options oa = t.options("dev-a", key);
        oa.authKeyReusable = true;
        SimDevice a = t.device(oa);
        SimDevice b = t.device("dev-b", key);
        assertTrue(t.meshUp(1, 10000), t::logs);
        String va = a.tunnelAddressV4();
        String vb = b.tunnelAddressV4();
        try (Tunnel.Pinger ab = new Tunnel.Pinger(a, vb)) {
            assertTrue(ab.reachable(5000), t::logs);
        }
        String oldKey = a.publicKeyBase64();
        long id = t.server.nodeId(nodeKey(a));
        assertTrue(t.server.expireNode(id));
        assertTrue(TailnetFixture.waitFor(10000, () -> a.onLoop(l -> a.controlDriver().rotationsApplied()) > 0),
                t::logs);
        String newKey = a.wireGuardPublicKeyBase64();
        assertNotEquals(oldKey, newKey);
        assertTrue(TailnetFixture.waitFor(10000, () -> TailnetFixture.connected(a)
                && a.netmapPeerCount() == 1 && b.slotOf(newKey) >= 0), t::logs);
        assertEquals(id, t.server.nodeId("nodekey:" + java.util.HexFormat.of()
                .formatHex(java.util.Base64.getDecoder().decode(newKey))), "same node, new key");
        assertEquals(va, a.tunnelAddressV4(), "addresses kept");
        try (Tunnel.Pinger ab = new Tunnel.Pinger(a, vb); Tunnel.Pinger ba = new Tunnel.Pinger(b, va)) {
            assertTrue(ab.reachable(8000), t::logs);
            assertTrue(ba.reachable(5000), t::logs);
        }
        assertTrue(a.status().contains("WireGuard on the new key"), a.status());
    }

    @Test
    void expiredKeyWithItsSingleUseKeyConsumedShowsTheAuthUrl() throws Exception {
        String single = t.server.createAuthKey(false, null);
        SimDevice a = t.device("dev-a", single);
        assertTrue(TailnetFixture.waitFor(10000, () -> TailnetFixture.connected(a)), t::logs);
        assertTrue(t.server.expireNode(t.server.nodeId(nodeKey(a))));
        assertTrue(TailnetFixture.waitFor(10000, () -> a.authUrl() != null), t::logs);
        String url = a.authUrl();
        assertTrue(url.startsWith(t.server.controlUrl() + "/a/"), url);
        assertTrue(a.status().contains("auth URL: " + url), a.status());
        // the human approves: the device registers and comes back
        assertTrue(t.server.approveAuth(url));
        assertTrue(TailnetFixture.waitFor(15000, () -> TailnetFixture.connected(a)), t::logs);
    }

    @Test
    void controlServerRestartKeepsTheDataPlaneRunning() throws Exception {
        String key = t.server.createAuthKey(true, null);
        SimDevice a = t.device("dev-a", key);
        SimDevice b = t.device("dev-b", key);
        assertTrue(t.meshUp(1, 10000), t::logs);
        String vb = b.tunnelAddressV4();
        try (Tunnel.Pinger ab = new Tunnel.Pinger(a, vb)) {
            assertTrue(ab.reachable(5000), t::logs);
            long connectsBefore = a.onLoop(l -> a.controlDriver().client().connects());
            int first = ab.sent();
            long start = System.nanoTime();
            boolean restarted = false;
            boolean reconnected = false;
            long reconnectMs = -1;
            long restartAt = 0;
            // ping every 200 ms; restart the server after 1 s; go on until both devices reconnected + 1 s, and for
            // at least 8 s (40 pings)
            long end = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(end, start + 20_000_000_000L)) {
                ab.ping();
                Thread.sleep(200);
                long ms = (System.nanoTime() - start) / 1_000_000;
                if (!restarted && ms >= 1000) {
                    restartAt = System.nanoTime();
                    t.restartServer();
                    restarted = true;
                }
                if (restarted && !reconnected && TailnetFixture.connected(a) && TailnetFixture.connected(b)
                        && a.onLoop(l -> a.controlDriver().client().connects()) > connectsBefore) {
                    reconnected = true;
                    reconnectMs = (System.nanoTime() - restartAt) / 1_000_000;
                    end = Math.max(System.nanoTime() + 1_000_000_000L, start + 8_000_000_000L);
                }
            }
            Thread.sleep(400);
            assertTrue(reconnected, t::logs);
            int sent = ab.sent() - first;
            int answered = 0;
            long maxGapMs = 0;
            long lastAnswer = ab.answeredAt.getOrDefault(first - 1, ab.sentAt.get(first));
            for (int s = first; s < ab.sent(); s++) {
                Long at = ab.answeredAt.get(s);
                if (at != null) {
                    answered++;
                    maxGapMs = Math.max(maxGapMs, (at - lastAnswer) / 1_000_000);
                    lastAnswer = Math.max(lastAnswer, at);
                }
            }
            double rate = answered / (double) sent;
            System.out.printf("control restart: %d/%d pings answered (%.1f%%), max gap %d ms, reconnect %d ms%n",
                    answered, sent, 100 * rate, maxGapMs, reconnectMs);
            assertTrue(rate >= 0.95, answered + "/" + sent + t.logs());
            assertTrue(maxGapMs <= 2000, "max gap " + maxGapMs);
        }
    }

    @Test
    void denyPolicyDropsAtTheDestinationAndCountsWhileRepliesToItsOwnPingsPass() throws Exception {
        String key = t.server.createAuthKey(true, null);
        SimDevice a = t.device("dev-a", key);
        SimDevice b = t.device("dev-b", key);
        assertTrue(t.meshUp(1, 10000), t::logs);
        String va = a.tunnelAddressV4();
        String vb = b.tunnelAddressV4();
        long framesA = mapFrames(a);
        long framesB = mapFrames(b);
        // B may open anything to A; A may only reach B's HTTP port (to read B's /status): A's UDP echo to B
        // matches no rule at B
        t.server.setPolicy("{\"acls\":[{\"src\":[\"" + vb + "\"],\"dst\":[\"" + va + ":*\"]},"
                + "{\"src\":[\"" + va + "\"],\"dst\":[\"" + vb + ":80\"],\"proto\":\"tcp\"}]}");
        assertTrue(TailnetFixture.waitFor(5000, () -> mapFrames(a) > framesA && mapFrames(b) > framesB), t::logs);
        try (Tunnel.Pinger ba = new Tunnel.Pinger(b, va); Tunnel.Pinger ab = new Tunnel.Pinger(a, vb)) {
            assertTrue(ba.reachable(5000), "B -> A allowed, and A's echo reply passes B's filter as a reply"
                    + t.logs());
            assertTrue(b.filterCount(FilterReason.ACCEPT_REPLY) >= 1, b::status);
            long dropsBefore = b.filterDrops();
            int s = ab.ping();
            assertTrue(TailnetFixture.waitFor(3000, () -> b.filterDrops() > dropsBefore), b::status);
            Thread.sleep(300);
            assertFalse(ab.answered(s), "A -> B denied");
            // B's /status (over the tunnel, allowed TCP 80) shows the drop
            String page = Tunnel.httpGet(a, vb, "/status", 5000);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("filter_no_rule\\D{0,4}(\\d+)").matcher(page);
            assertTrue(m.find(), page);
            assertTrue(Long.parseLong(m.group(1)) >= 1, page);
        }
    }
}
