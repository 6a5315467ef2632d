package io.tailnode.sim.ctlclient;

import static io.tailnode.sim.ctlclient.DerpTailnetTest.options;
import static io.tailnode.sim.ctlclient.DerpTailnetTest.pingUntilAnswered;
import static io.tailnode.sim.ctlclient.TailnetDeviceTest.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tailnode.disco.PathSelector;
import io.tailnode.sim.SimDevice;
import io.tailnode.sim.control.ControlConfig;
import io.tailnode.sim.control.DevControlServer;
import io.tailnode.sim.derp.DevDerpRelay;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #7 on loopback: "the device's underlay address changes → it re-STUNs and peers follow". Two devices on a
 * direct path (dev control server with its relay and STUN responder); device A's socket moves from 127.0.0.1 to
 * 127.0.0.7. A's STUN-learned endpoint becomes the new address, the lite update puts it in the server's node
 * record (and the old one leaves it), A dials its DERP and control connections again (made from the old address,
 * they would be dead behind a NAT: see sim.nat.NatUnderlayChangeTest), B's WireGuard endpoint for A becomes the
 * new address and pings keep working.
 * <p>
 * B follows at once, the way Go's magicsock does, not after its trust in A's old address lapses (6.5 s): A's
 * CallMeMaybe after the rebind replaces the previous one, so B drops the old address (and the trusted best), sends
 * via DERP and pings the new one. The netmap update alone would not do it (A pinged B from the old address within
 * 45 s). The CallMeMaybe rides DERP, which re-dials at once after the rebind; one that found no relay goes at the
 * login. Measured (3 runs): re-STUN 38–48 ms and lite update at the server 38–48 ms after the rebind; B direct on
 * A's new address 113–145 ms after it. Before, 7.1–7.2 s (B trusted the old address until its 6.5 s lapsed).
 * Asserted: under half the trust window, and the old address gone from B's candidates.
 */
class UnderlayChangeTest {
    static final int REGION = DerpTailnetTest.REGION;
    static final String NEW_ADDRESS = "127.0.0.7";

    @TempDir
    Path dir;

    @Test
    @Timeout(60)
    void peersFollowTheDeviceToItsNewUnderlayAddress() throws Exception {
        ByteArrayOutputStream outA = new ByteArrayOutputStream();
        ByteArrayOutputStream outB = new ByteArrayOutputStream();
        ControlConfig cc = new ControlConfig();
        cc.devRelay = true;
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
                String nodeKeyA = "nodekey:" + hex(java.util.Base64.getDecoder().decode(a.publicKeyBase64()));
                String oldA = "127.0.0.1:" + a.localPort();
                assertTrue(waitFor(10000, () -> oldA.equals(stunEndpoint(a))), a::status);
                assertTrue(waitFor(10000, () -> serverEndpoints(server, nodeKeyA).contains(oldA)),
                        () -> server.nodes().toString());
                pingUntilAnswered(a, b, 1);
                assertTrue(waitFor(15000, () -> {
                    try {
                        pingUntilAnswered(a, b, 2);
                    } catch (Exception e) {
                        return false;
                    }
                    return b.endpointOf(slotA).equals(oldA) && a.endpointOf(slotB).equals("127.0.0.1:" + b.localPort());
                }), () -> a.status() + b.status());

                int handshakesBefore = b.handshakes(slotA);
                long dialsBefore = a.onLoop(l -> a.derpDriver().dials());
                long controlConnectsBefore = a.onLoop(l -> a.controlDriver().client().connects());
                int outBAtRebind = outB.size();
                long t0 = System.nanoTime();
                int newPort = a.rebind(NEW_ADDRESS);
                String newA = NEW_ADDRESS + ":" + newPort;
                // re-STUN: the responder sees the new source
                assertTrue(waitFor(10000, () -> newA.equals(stunEndpoint(a))), a::status);
                long stunMs = (System.nanoTime() - t0) / 1_000_000;
                // lite update: the server's record for A has the new endpoint, the old one is gone
                assertTrue(waitFor(10000, () -> {
                    List<String> eps = serverEndpoints(server, nodeKeyA);
                    return eps.contains(newA) && !eps.contains(oldA);
                }), () -> server.nodes().toString());
                long liteMs = (System.nanoTime() - t0) / 1_000_000;
                // the DERP and control connections were made from the old address: both dialled again
                assertTrue(waitFor(10000, () -> a.onLoop(l -> a.derpDriver().dials()) > dialsBefore
                        && a.derpHome().equals(REGION + " connected")
                        && a.onLoop(l -> a.controlDriver().client().connects()) > controlConnectsBefore
                        && "connected".equals(a.controlState())), a::status);
                // a new handshake from the new socket, and B's endpoint for A follows (direct again)
                assertTrue(waitFor(20000, () -> {
                    try {
                        pingUntilAnswered(a, b, 3);
                    } catch (Exception e) {
                        return false;
                    }
                    return b.endpointOf(slotA).equals(newA);
                }), () -> a.status() + b.status() + outA + outB);
                long followMs = (System.nanoTime() - t0) / 1_000_000;
                // B did not wait for its trust in the old address to lapse
                assertTrue(followMs < PathSelector.TRUST_MS / 2, () -> "B on A's new address " + followMs
                        + " ms after the rebind, trust window " + PathSelector.TRUST_MS + " ms\n" + b.status() + outB);
                assertEquals(-1, candidateIndex(b, slotA, oldA), "A's old address is no candidate of B's any more");
                assertTrue(candidateIndex(b, slotA, newA) >= 0);
                assertTrue(b.handshakes(slotA) > handshakesBefore, "a new handshake after the rebind");
                pingUntilAnswered(b, a, 4);
                pingUntilAnswered(a, b, 5);
                assertEquals(newA, b.endpointOf(slotA));
                assertTrue(b.status().contains("path: direct"), b::status);
                assertTrue(a.isRunning() && b.isRunning());
                System.out.println("[rebind] " + oldA + " -> " + newA + ": re-STUN " + stunMs + " ms, lite update on the server " + liteMs
                        + " ms, peer on the new endpoint " + followMs + " ms after the rebind; B's endpoint for A since: "
                        + String.join(" -> ", outB.toString().substring(outBAtRebind).lines()
                                .filter(x -> x.contains(") endpoint "))
                                .map(x -> x.substring(x.indexOf(") endpoint ") + 11).replace("(kind 68)", "derp"))
                                .toList()));
            }
        }
    }

    /** A's STUN-learned public endpoint ("ip:port"), or "" while none is fresh. */
    static String stunEndpoint(SimDevice d) {
        return d.onLoop(l -> {
            byte[] e = new byte[19];
            int n = d.discoDriver().publicEndpoint(l.now(), e, 0);
            return n > 0 ? io.tailnode.sim.hal.UdpTransport.format(e, 0, n) : "";
        });
    }

    /** Index of "ip:port" among B's path candidates for slot {@code s} (on its loop thread), or -1. */
    static int candidateIndex(SimDevice d, int s, String ipPort) {
        int colon = ipPort.lastIndexOf(':');
        byte[] src = new byte[7];
        src[0] = 4;
        try {
            System.arraycopy(java.net.InetAddress.getByName(ipPort.substring(0, colon)).getAddress(), 0, src, 1, 4);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(ipPort, e);
        }
        int port = Integer.parseInt(ipPort.substring(colon + 1));
        src[5] = (byte) (port >>> 8);
        src[6] = (byte) port;
        return d.onLoop(l -> d.discoDriver().selector(s).indexOf(src, 0));
    }

    static List<String> serverEndpoints(DevControlServer server, String nodeKey) {
        List<String> eps = new ArrayList<>();
        for (JsonNode n : server.nodes()) {
            if (nodeKey.equals(n.get("nodeKey").asText())) {
                n.get("endpoints").forEach(e -> eps.add(e.asText()));
            }
        }
        return eps;
    }

    static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(Character.forDigit((x >> 4) & 15, 16)).append(Character.forDigit(x & 15, 16));
        }
        return sb.toString();
    }
}
