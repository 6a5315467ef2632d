package io.tailnode.sim.ctlclient;

import static io.tailnode.sim.ctlclient.TailnetDeviceTest.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.firmware.services.DeviceServices;
import io.tailnode.sim.SimDevice;
import io.tailnode.sim.control.ControlConfig;
import io.tailnode.sim.control.DevControlServer;
import io.tailnode.sim.demo.TunnelPing;
import io.tailnode.sim.derp.DevDerpRelay;
import io.tailnode.sim.derp.DevStunServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #7 on loopback: two simulated devices in tailnet mode, the development control server serving a DERP map
 * with the development relay (pinned by its map CertName, sha256-raw:) and STUN responder. With the test switch that
 * hides their UDP endpoints, the devices reach each other only through DERP: WireGuard handshake and pings go
 * through the relay, status says "relayed via DERP region 900". The relay announces a restart and drops everyone
 * → the devices reconnect after the advertised delay and traffic resumes; a forged frame → that device drops and
 * re-establishes its connection, nothing crashes, traffic resumes. With UDP endpoints advertised (and the relay
 * and STUN responder started by the control server itself, {@link ControlConfig#devRelay}), STUN answers, disco
 * pings the candidates, both adopt the direct path, the relay carries none of the following pings; the direct
 * path is cut (test switch: UDP from the peer's port dropped) and WireGuard is back on DERP within the 6.5 s trust,
 * each packet also sent to the stale direct address (dual send); when the route comes back the path is direct again.
 */
class DerpTailnetTest {
    static final int REGION = 900;

    @TempDir
    Path dir;

    @Test
    void devicesWithoutDirectPathsPingThroughDerpAndSurviveRestartAndForgedFrames() throws Exception {
        ByteArrayOutputStream outA = new ByteArrayOutputStream();
        ByteArrayOutputStream outB = new ByteArrayOutputStream();
        try (DevDerpRelay relay = DevDerpRelay.start();
                DevStunServer stun = DevStunServer.start();
                DevControlServer server = DevControlServer.start(new ControlConfig())) {
            server.setDerpMap(relay.derpMapJson(REGION, stun.port()));
            String key = server.createAuthKey(true, null);
            SimDevice.Options oa = options(dir.resolve("a"), "dev-a", server, key, relay);
            SimDevice.Options ob = options(dir.resolve("b"), "dev-b", server, key, relay);
            try (SimDevice a = SimDevice.start(oa, new PrintStream(outA, true));
                    SimDevice b = SimDevice.start(ob, new PrintStream(outB, true))) {
                assertTrue(waitFor(15000, () -> "connected".equals(a.controlState())
                        && "connected".equals(b.controlState()) && a.netmapPeerCount() == 1
                        && b.netmapPeerCount() == 1), () -> a.status() + b.status() + outA + outB);
                assertTrue(waitFor(10000, () -> a.derpHome().equals(REGION + " connected")
                        && b.derpHome().equals(REGION + " connected")), () -> a.status() + b.status());
                byte[] keyA = Base64.getDecoder().decode(a.publicKeyBase64());
                byte[] keyB = Base64.getDecoder().decode(b.publicKeyBase64());
                assertEquals(Boolean.TRUE, relay.preferred(keyA), "home connection sent NotePreferred");
                int slotB = a.slotOf(b.publicKeyBase64());
                int slotA = b.slotOf(a.publicKeyBase64());
                // the peer's home region reached us through the lite update (PreferredDERP) and the map
                assertTrue(waitFor(10000, () -> a.endpointOf(slotB).equals("derp:" + REGION)
                        && b.endpointOf(slotA).equals("derp:" + REGION)), () -> a.status() + b.status());

                long relayedBefore = relay.packetsRelayed();
                pingUntilAnswered(a, b, 1);
                assertTrue(relay.packetsRelayed() - relayedBefore >= 4, "handshake and ping went through the relay");
                assertTrue(a.status().contains("path: relayed via DERP region " + REGION), a::status);
                pingUntilAnswered(b, a, 2);
                // b's /status over HTTP through the relayed tunnel: a is a peer on DERP region 900
                String st = a.httpGet(b.tunnelAddressV4(), 80, "/status", 10000);
                assertTrue(st.startsWith("HTTP/1.1 200"), st);
                com.fasterxml.jackson.databind.JsonNode peers = new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(body(st)).get("peers");
                assertEquals("derp", peers.get(0).get("path").asText(), st);
                assertEquals(REGION, peers.get(0).get("derp_region").asInt(), st);
                assertEquals(0L, (long) a.onLoop(l -> l.datagramsOut()), "nothing went over UDP");

                // Restarting(1 s, 10 s), then every connection closed: both come back and traffic resumes
                long dialsA = a.onLoop(l -> a.derpDriver().dials());
                relay.restart(1000, 10000);
                assertTrue(waitFor(15000, () -> a.onLoop(l -> a.derpDriver().dials()) > dialsA
                        && a.derpHome().equals(REGION + " connected") && b.derpHome().equals(REGION + " connected")),
                        () -> a.status() + b.status());
                pingUntilAnswered(a, b, 3);

                // a forged frame (RecvPacket shorter than its 32-byte key) → a drops and re-establishes
                long frameErrors = b.onLoop(l -> b.derpDriver().frameErrors());
                assertTrue(relay.sendRaw(keyB, new byte[] {0x05, 0, 0, 0, 4, 1, 2, 3, 4}));
                assertTrue(waitFor(10000, () -> b.onLoop(l -> b.derpDriver().frameErrors()) == frameErrors + 1),
                        b::status);
                assertTrue(waitFor(15000, () -> b.derpHome().equals(REGION + " connected")), b::status);
                pingUntilAnswered(a, b, 4);
                assertTrue(a.isRunning() && b.isRunning());
            }
        }
    }

    @Test
    void directPathIsFoundWithDiscoAndTheRelayStopsCarryingData() throws Exception {
        ByteArrayOutputStream outA = new ByteArrayOutputStream();
        ByteArrayOutputStream outB = new ByteArrayOutputStream();
        ControlConfig cc = new ControlConfig();
        cc.devRelay = true; // the server starts the relay and STUN responder and serves them as region 900
        try (DevControlServer server = DevControlServer.start(cc)) {
            DevDerpRelay relay = server.derpRelay();
            String key = server.createAuthKey(true, null);
            SimDevice.Options oa = options(dir.resolve("a"), "dev-a", server, key, relay);
            SimDevice.Options ob = options(dir.resolve("b"), "dev-b", server, key, relay);
            oa.noDirectEndpoints = false;
            ob.noDirectEndpoints = false;
            try (SimDevice a = SimDevice.start(oa, new PrintStream(outA, true));
                    SimDevice b = SimDevice.start(ob, new PrintStream(outB, true))) {
                assertTrue(waitFor(15000, () -> a.netmapPeerCount() == 1 && b.netmapPeerCount() == 1
                        && a.derpHome().equals(REGION + " connected") && b.derpHome().equals(REGION + " connected")),
                        () -> a.status() + b.status() + outA + outB);
                int slotB = a.slotOf(b.publicKeyBase64());
                int slotA = b.slotOf(a.publicKeyBase64());
                // STUN answered: the public endpoint is known (on loopback it equals the local one)
                assertTrue(waitFor(10000, () -> a.onLoop(l -> a.discoDriver().stun().fresh(l.now()))), a::status);
                long t0 = System.nanoTime();
                pingUntilAnswered(a, b, 1);
                // data makes the session active: disco pings the candidates and both adopt the direct path
                assertTrue(waitFor(15000, () -> {
                    try {
                        pingUntilAnswered(a, b, 2);
                    } catch (Exception e) {
                        return false;
                    }
                    return a.endpointOf(slotB).equals("127.0.0.1:" + b.localPort())
                            && b.endpointOf(slotA).equals("127.0.0.1:" + a.localPort());
                }), () -> a.status() + b.status());
                long directMs = (System.nanoTime() - t0) / 1_000_000;
                assertTrue(a.status().contains("path: direct"), a::status);
                assertTrue(a.onLoop(l -> a.discoDriver().pongs()) > 0);
                long relayed = relay.packetsRelayed();
                for (int i = 0; i < 10; i++) {
                    pingUntilAnswered(a, b, 10 + i);
                }
                assertEquals(relayed, relay.packetsRelayed(), "the relay carried none of the 10 pings");

                // the direct path breaks both ways: within the 6.5 s trust window WireGuard is back on DERP
                a.blockUdpFrom(b.localPort());
                b.blockUdpFrom(a.localPort());
                long cut = System.nanoTime();
                assertTrue(waitFor(15000, () -> {
                    try {
                        a.sendInner(TunnelPing.echoRequestV4(a.tunnelAddressV4(), b.tunnelAddressV4(), 84, 0x99, 77));
                    } catch (Exception e) {
                        return false;
                    }
                    return a.endpointOf(slotB).equals("derp:" + REGION);
                }), () -> a.status() + b.status());
                long fallbackMs = (System.nanoTime() - cut) / 1_000_000;
                // trust lapses 6.5 s after the last pong; slack for a loaded machine (the loop and the polling here)
                assertTrue(fallbackMs <= io.tailnode.disco.PathSelector.TRUST_MS + 3000,
                        "fell back after " + fallbackMs + " ms");
                pingUntilAnswered(a, b, 50);
                assertTrue(relay.packetsRelayed() > relayed, "traffic went through the relay again");
                assertTrue(a.status().contains("path: relayed via DERP region " + REGION), a::status);
                // dual send: the direct address is stale, not forgotten, so every packet also went there (dropped
                // by the cut here; through a NAT these copies keep the mapping and the peer warm)
                long dual = a.onLoop(l -> l.dualSends());
                assertTrue(dual > 0, a::status);
                assertTrue(a.status().contains(" also to a stale direct path"), a::status);

                // the route comes back: the probes get pongs and the path is direct again
                a.blockUdpFrom(-1);
                b.blockUdpFrom(-1);
                long healed = System.nanoTime();
                assertTrue(waitFor(15000, () -> {
                    try {
                        pingUntilAnswered(a, b, 60);
                    } catch (Exception e) {
                        return false;
                    }
                    return a.endpointOf(slotB).equals("127.0.0.1:" + b.localPort());
                }), () -> a.status() + b.status());
                long backMs = (System.nanoTime() - healed) / 1_000_000;
                assertTrue(a.status().contains("path: direct"), a::status);
                System.out.println("[derp-wire] direct after " + directMs + " ms; relay carried " + relayed
                        + " packets before; fallback to DERP " + fallbackMs + " ms after the cut; " + dual
                        + " datagrams also sent to the stale direct address; direct again " + backMs
                        + " ms after the route came back");
            }
        }
    }

    /** The body of an HTTP/1.1 response, de-chunked if it is chunked. */
    static String body(String response) {
        int h = response.indexOf("\r\n\r\n");
        String head = response.substring(0, h).toLowerCase();
        String rest = response.substring(h + 4);
        if (!head.contains("transfer-encoding: chunked")) {
            return rest;
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (true) {
            int eol = rest.indexOf("\r\n", i);
            int n = Integer.parseInt(rest.substring(i, eol).trim(), 16);
            if (n == 0) {
                return out.toString();
            }
            out.append(rest, eol + 2, eol + 2 + n);
            i = eol + 2 + n + 2;
        }
    }

    static SimDevice.Options options(Path state, String name, DevControlServer server, String key,
            DevDerpRelay relay) {
        SimDevice.Options o = SimDevice.Options.tailnet(server.controlUrl(), key, state, name, "127.0.0.1");
        o.derp = true;
        o.noDirectEndpoints = true;
        return o;
    }

    /** a pings b until b has answered once more (resending every second: handshakes may need a retry). */
    static void pingUntilAnswered(SimDevice from, SimDevice to, int seq) throws Exception {
        String src = from.tunnelAddressV4();
        String dst = to.tunnelAddressV4();
        long before = from.onLoop(l -> ((DeviceServices) l.services()).ip().echoReplyCount());
        long tunnelBefore = from.onLoop(l -> l.tunnelPackets());
        for (int i = 0; i < 15; i++) {
            from.sendInner(TunnelPing.echoRequestV4(src, dst, 84, 0x99, seq * 100 + i));
            if (waitFor(1000, () -> from.onLoop(l -> l.tunnelPackets()) > tunnelBefore)) {
                return;
            }
        }
        throw new AssertionError("no echo reply from " + dst + " (" + before + ")\n" + from.status() + to.status());
    }
}
