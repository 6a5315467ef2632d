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
        assertTrue(DeviceNet.status(a, 0).hasSession && DeviceNet.status(b, 0).hasSession);
        assertEquals(0, a.dev.totalDrops());
        assertEquals(0, b.dev.totalDrops());
        assertTrue(DeviceNet.status(a, 0).lastHandshakeMs > 0);
        assertTrue(DeviceNet.status(b, 0).rxPackets >= 2 && DeviceNet.status(b, 0).txPackets >= 2);
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
    @Test
    void removedPeerIsUnroutableAndItsSlotReusable() {
        pair(null);
        net.send(a, Ip.packet(A4, B4, 100, 1));
        assertEquals(1, b.tunnel.size());
        long indicesDigest = a.dev.stateDigest();
        assertTrue(a.dev.removePeer(0));
        assertTrue(!a.dev.isPeer(0));
        byte[] buf = new byte[200];
        byte[] p = Ip.packet(A4, B4, 100, 2);
        System.arraycopy(p, 0, buf, 16, p.length);
        assertEquals(WgResult.DROPPED, a.dev.send(buf, 16, p.length, net.now, a.r));
        assertEquals(WgDrop.session(SessionReason.NO_ROUTE), a.r.reason);
        assertTrue(indicesDigest != a.dev.stateDigest());
        // b's old session is gone on a: b's packets now name an unknown index.
        net.send(b, Ip.packet(B4, A4, 100, 3));
        assertTrue(a.dev.drops(WgReason.UNKNOWN_INDEX) >= 1);
        // Re-adding reuses the slot; a fresh handshake restores traffic both ways (after wireguard-go's
        // 20 ms per-peer initiation flood limit on b).
        net.advance(1000);
        assertEquals(0, DeviceNet.connect(a, b, null, B4 + "/32"));
        byte[] q = Ip.packet(A4, B4, 100, 4);
        net.send(a, q);
        assertDelivered(b, q);
        byte[] r = Ip.packet(B4, A4, 100, 5);
        net.send(b, r);
        assertDelivered(a, r);
    }

    @Test
    void persistentKeepaliveKeepsPacketsFlowingWhenIdle() {
        int slot = a.dev.addPeer(b.publicKey, 0, null, 0, 25);
        a.dev.setEndpoint(slot, b.addr, 0, b.addr.length);
        DeviceNet.addAllowed(a, slot, B4 + "/32");
        DeviceNet.connect(b, a, null, A4 + "/32");
        net.send(a, Ip.packet(A4, B4, 100, 1));
        long rx = DeviceNet.status(b, 0).rxPackets;
        // b's passive keepalive at +10 s is the last traversal; a's persistent keepalives follow at +35 s, +60 s.
        net.advance(65_000);
        assertTrue(DeviceNet.status(b, 0).rxPackets >= rx + 2, "keepalives every 25 s");
        assertEquals(2, a.sent.stream().filter(d -> d.length == 32).count());
    }

    @Test
    void heldRingDropsOldestWhenFull() {
        pair(null);
        b.addr = DeviceNet.v4addr(198, 18, 9, 9, 1);
        for (int i = 0; i < 6; i++) {
            net.send(a, Ip.packet(A4, B4, 60, i));
        }
        assertEquals(4, DeviceNet.status(a, 0).heldPackets);
        assertEquals(2, a.dev.drops(WgDrop.HELD_DISCARDED));
    }

    /** A pool of 3 held packets shared by two peers, at most 2 each: fair when full, freed on removal. */
    @Test
    void sharedHeldPoolIsFairAndReleasedWhenAPeerGoes() {
        WgDeviceConfig config = new WgDeviceConfig();
        config.heldPacketsPerPeer = 2;
        config.heldPacketsShared = 3;
        Node s = net.node("s", 33, DeviceNet.v4addr(198, 18, 0, 3, 51820), config, null);
        int toB = DeviceNet.connect(s, b, null, B4 + "/32");
        int toA = DeviceNet.connect(s, a, null, A4 + "/32");
        // a and b do not know s yet: its initiations go unanswered and everything is held.
        for (int i = 1; i <= 3; i++) {
            net.send(s, Ip.packet("100.64.0.3", B4, 60, i));
        }
        assertEquals(2, DeviceNet.status(s, toB).heldPackets);
        assertEquals(1, s.dev.drops(WgDrop.HELD_DISCARDED), "b's cap");
        byte[] p4 = Ip.packet("100.64.0.3", A4, 60, 4);
        byte[] p5 = Ip.packet("100.64.0.3", A4, 70, 5);
        net.send(s, p4);
        assertEquals(1, DeviceNet.status(s, toA).heldPackets);
        net.send(s, p5);
        // The pool was full: b, holding the most, gave up its oldest.
        assertEquals(2, DeviceNet.status(s, toA).heldPackets);
        assertEquals(1, DeviceNet.status(s, toB).heldPackets);
        assertEquals(2, s.dev.drops(WgDrop.HELD_DISCARDED));
        // Removing b releases (and counts) what it held; a keeps its two.
        assertTrue(s.dev.removePeer(toB));
        assertEquals(3, s.dev.drops(WgDrop.HELD_DISCARDED));
        assertEquals(2, DeviceNet.status(s, toA).heldPackets);
        // a learns s; the next initiation (REKEY_TIMEOUT) completes and the held packets arrive in order.
        DeviceNet.connect(a, s, null, "100.64.0.3/32");
        net.advance(6_000);
        assertEquals(2, a.tunnel.size());
        assertArrayEquals(p4, a.tunnel.get(0));
        assertArrayEquals(p5, a.tunnel.get(1));
        assertEquals(0, DeviceNet.status(s, toA).heldPackets);
    }
}
