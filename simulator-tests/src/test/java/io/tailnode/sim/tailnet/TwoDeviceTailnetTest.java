package io.tailnode.sim.tailnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.sim.SimDevice;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two simulated devices register with the development control server (pre-auth key) and reach each other over
 * WireGuard direct UDP on loopback: UDP echo both ways and each other's /status fetched over TCP in the tunnel.
 */
class TwoDeviceTailnetTest {
    @TempDir
    Path dir;
    TailnetFixture t;

    @AfterEach
    void close() throws Exception {
        if (t != null) {
            t.close();
        }
    }

    @Test
    void twoDevicesRegisterPingAndFetchEachOthersStatus() throws Exception {
        t = new TailnetFixture(dir);
        t.startServer();
        String key = t.server.createAuthKey(true, null);
        SimDevice a = t.device("dev-a", key);
        SimDevice b = t.device("dev-b", key);
        assertTrue(t.meshUp(1, 10000), t::logs);
        String va = a.tunnelAddressV4();
        String vb = b.tunnelAddressV4();
        assertNotNull(va, t::logs);
        assertNotNull(vb, t::logs);
        assertEquals(2, t.server.nodes().size());

        try (Tunnel.Pinger ab = new Tunnel.Pinger(a, vb); Tunnel.Pinger ba = new Tunnel.Pinger(b, va)) {
            assertTrue(ab.reachable(5000), t::logs);
            assertTrue(ba.reachable(5000), t::logs);
        }
        String status = Tunnel.httpGet(a, vb, "/status", 5000);
        assertTrue(status.startsWith("HTTP/1.1 200"), status);
        assertTrue(status.contains("dev-b"), status);
        String back = Tunnel.httpGet(b, va, "/status", 5000);
        assertTrue(back.contains("dev-a"), back);
        assertEquals(0, a.filterDrops());
        assertEquals(0, b.filterDrops());
        // direct UDP: each side's endpoint for the other is the other's loopback socket
        assertEquals("127.0.0.1:" + a.localPort(), b.endpointOf(b.slotOf(a.publicKeyBase64())));
    }
}
