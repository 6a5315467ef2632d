package io.tailnode.sim.ctlclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.sim.SimDevice;
import io.tailnode.sim.demo.TunnelPing;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two simulated devices in tailnet mode ({@code ./simulate device --control-url}) join a small control server over
 * loopback TCP: key fetch (one device) and pinned key (the other), register with the auth key, map long poll, lite
 * update, each other as WireGuard peers with the endpoints the lite update advertised; then a ping through the
 * tunnel, and a restart of one device re-uses its registration (no auth key needed).
 */
class TailnetDeviceTest {
    @TempDir
    Path dir;

    static boolean waitFor(long timeoutMs, BooleanSupplier cond) throws InterruptedException {
        long end = System.nanoTime() + timeoutMs * 1_000_000L;
        while (System.nanoTime() < end) {
            if (cond.getAsBoolean()) {
                return true;
            }
            Thread.sleep(20);
        }
        return cond.getAsBoolean();
    }

    static SimDevice.Options options(Path state, String name, String url) {
        return SimDevice.Options.tailnet(url, "tskey-test", state, name, "127.0.0.1");
    }

    @Test
    void twoDevicesJoinAndPingEachOther() throws Exception {
        ByteArrayOutputStream outA = new ByteArrayOutputStream();
        ByteArrayOutputStream outB = new ByteArrayOutputStream();
        try (MiniControlServer server = new MiniControlServer()) {
            SimDevice.Options oa = options(dir.resolve("a"), "dev-a", server.url());
            SimDevice.Options ob = options(dir.resolve("b"), "dev-b", server.url());
            ob.controlKey = server.publicKeyText();
            try (SimDevice a = SimDevice.start(oa, new PrintStream(outA, true));
                    SimDevice b = SimDevice.start(ob, new PrintStream(outB, true))) {
                assertTrue(waitFor(10000, () -> "connected".equals(a.controlState()) && "connected".equals(b.controlState())
                        && a.netmapPeerCount() == 1 && b.netmapPeerCount() == 1),
                        () -> a.status() + b.status() + outA + outB + server.logLines());
                assertTrue(server.logLines().contains("GET /key"), "device a fetched the key from a loopback server");
                assertEquals(1, server.logLines().stream().filter(l -> l.equals("GET /key")).count());
                String va = a.tunnelAddressV4();
                String vb = b.tunnelAddressV4();
                assertTrue(java.util.Set.of("100.64.0.1", "100.64.0.2").equals(java.util.Set.of(va, vb)), va + " " + vb);
                // the lite update told the server our UDP endpoint; the peer got it through PeersChanged (until
                // then the peer holds the netmap's DERP form, "derp:1", not "(none)")
                assertTrue(waitFor(5000, () -> ("127.0.0.1:" + a.localPort()).equals(
                        b.endpointOf(b.slotOf(a.publicKeyBase64())))), b::status);
                assertEquals("127.0.0.1:" + a.localPort(), b.endpointOf(b.slotOf(a.publicKeyBase64())));
                // and a has b's: until b's lite update lands, a's endpoint for b is the DERP form (the netmap's
                // HomeDERP), and this test has no relay, so a ping sent then would wait WireGuard's 5 s retry
                assertTrue(waitFor(5000, () -> ("127.0.0.1:" + b.localPort()).equals(a.endpointOf(a.slotOf(
                        b.publicKeyBase64())))), a::status);

                long before = b.onLoop(l -> ((io.tailnode.firmware.services.DeviceServices) l.services()).ip()
                        .echoReplyCount());
                a.sendInner(TunnelPing.echoRequestV4(va, vb, 84, 0x77, 1));
                assertTrue(waitFor(5000, () -> b.onLoop(l -> ((io.tailnode.firmware.services.DeviceServices) l.services())
                        .ip().echoReplyCount()) > before), () -> a.status() + b.status() + outA + outB);
                assertTrue(waitFor(5000, () -> a.onLoop(l -> l.tunnelPackets()) >= 1), a::status);
                String st = a.status();
                assertTrue(st.contains("control: connected"), st);
                assertTrue(st.contains("node key expiry: never"), st);
            }
            // restart a: registration persisted, the auth key was single-use and deleted, the map comes back
            int nodes = server.nodeCount();
            try (SimDevice a2 = SimDevice.start(options(dir.resolve("a"), "dev-a", server.url()), new PrintStream(outA, true))) {
                assertTrue(waitFor(10000, () -> "connected".equals(a2.controlState())), a2::status);
                assertEquals(nodes, server.nodeCount(), "same node key, no new node");
                assertNotNull(a2.tunnelAddressV4());
            }
        }
    }

    @Test
    void unreachableServerBacksOffAndAPublicServerWithoutPinnedKeyIsRefused() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        SimDevice.Options o = options(dir.resolve("c"), "dev-c", "http://127.0.0.1:" + closedPort);
        o.controlKey = "mkey:" + "5a".repeat(32);
        try (SimDevice c = SimDevice.start(o, new PrintStream(out, true))) {
            assertTrue(waitFor(5000, () -> c.status().contains("control: backoff (last failure transport-closed)")),
                    () -> c.status() + out);
        }
        SimDevice.Options p = options(dir.resolve("d"), "dev-d", "http://ctl.example.com:80");
        try (SimDevice d = SimDevice.start(p, new PrintStream(out, true))) {
            assertTrue(waitFor(5000, () -> d.status().contains("no control key")), () -> d.status() + out);
            assertEquals("stopped", d.controlState());
        }
    }
}
