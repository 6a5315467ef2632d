package io.tailnode.wg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.wg.DeviceNet.Node;
import org.junit.jupiter.api.Test;

/** Two (or more) devices in one JVM on virtual time: handshakes, data both ways, both families, PSK. */
class WireGuardDeviceTest {
    static final String A4 = "100.64.0.1";
    static final String B4 = "100.64.0.2";
    static final String A6 = "fd7a:115c:a1e0::1";
    static final String B6 = "fd7a:115c:a1e0::2";

    final DeviceNet net = new DeviceNet();
    final Node a = net.node("a", 11, DeviceNet.v4addr(198, 18, 0, 1, 51820));
    final Node b = net.node("b", 22, DeviceNet.v4addr(198, 18, 0, 2, 51820));

    void pair(byte[] psk) {
        DeviceNet.connect(a, b, psk, B4 + "/32", B6 + "/128");
        DeviceNet.connect(b, a, psk, A4 + "/32", A6 + "/128");
    }

    static void assertDelivered(Node n, byte[] expected) {
        assertTrue(n.tunnel.size() > 0, n.name + " received nothing");
        assertArrayEquals(expected, n.tunnel.get(n.tunnel.size() - 1));
    }

    @Test
    void deviceAInitiatesAndDataFlowsBothWays() {
        pair(null);
        byte[] p1 = Ip.packet(A4, B4, 1420, 1);
        assertEquals(WgResult.WRITE_TO_NETWORK, net.send(a, p1));
        assertDelivered(b, p1);
        assertEquals(1, b.tunnel.size());
        byte[] p2 = Ip.packet(B4, A4, 64, 2);
        net.send(b, p2);
        assertDelivered(a, p2);
        assertTrue(a.dev.hasSession(0) && b.dev.hasSession(0));
        assertEquals(0, a.dev.totalDrops());
        assertEquals(0, b.dev.totalDrops());
        assertTrue(a.dev.lastHandshakeMs(0) > 0);
        assertTrue(b.dev.rxPackets(0) >= 2 && b.dev.txPackets(0) >= 2);
    }

    @Test
    void deviceBInitiatesWithIpv6() {
        pair(null);
        byte[] p1 = Ip.packet(B6, A6, 1280, 3);
        net.send(b, p1);
        assertDelivered(a, p1);
        byte[] p2 = Ip.packet(A6, B6, 41, 4);
        net.send(a, p2);
        assertDelivered(b, p2);
        byte[] p3 = Ip.packet(A4, B4, 20, 5);
        net.send(a, p3);
        assertDelivered(b, p3);
        assertEquals(0, a.dev.totalDrops() + b.dev.totalDrops());
    }

    @Test
    void presharedKeyHandshake() {
        byte[] psk = new byte[32];
        for (int i = 0; i < 32; i++) {
            psk[i] = (byte) (i * 7 + 1);
        }
        pair(psk);
        byte[] p1 = Ip.packet(A4, B4, 100, 6);
        net.send(a, p1);
        assertDelivered(b, p1);
        net.send(b, Ip.packet(B4, A4, 100, 7));
        assertEquals(1, a.tunnel.size());
    }

    @Test
    void mismatchedPresharedKeyNeverDelivers() {
        byte[] psk = new byte[32];
        psk[0] = 1;
        DeviceNet.connect(a, b, psk, B4 + "/32");
        DeviceNet.connect(b, a, null, A4 + "/32");
        net.send(a, Ip.packet(A4, B4, 100, 6));
        net.advance(1000);
        assertEquals(0, b.tunnel.size());
        assertTrue(a.dev.drops(WgReason.DECRYPT_FAILED) >= 1);
    }
}
