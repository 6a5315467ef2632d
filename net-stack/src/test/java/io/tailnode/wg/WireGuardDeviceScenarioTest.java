package io.tailnode.wg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.wg.DeviceNet.Node;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Issue 4 scenarios on virtual time: many peers, source filtering, roaming, replay, rekey, restart, cookies. */
class WireGuardDeviceScenarioTest {
    static final String A4 = "100.64.0.1";
    static final String B4 = "100.64.0.2";
    static final String C4 = "100.64.0.3";

    final DeviceNet net = new DeviceNet();

    private Node[] pair() {
        Node a = net.node("a", 11, DeviceNet.v4addr(198, 18, 0, 1, 51820));
        Node b = net.node("b", 22, DeviceNet.v4addr(198, 18, 0, 2, 51820));
        DeviceNet.connect(a, b, null, B4 + "/32");
        DeviceNet.connect(b, a, null, A4 + "/32");
        net.send(a, Ip.packet(A4, B4, 100, 1));
        assertEquals(1, b.tunnel.size());
        return new Node[] {a, b};
    }

    private static byte[] endpointOf(Node n, int slot) {
        byte[] out = new byte[WgConstants.SOURCE_MAX_SIZE];
        int len = n.dev.endpoint(slot, out, 0);
        return Arrays.copyOf(out, len);
    }

    /** Seals an inner packet on {@code from} and returns the datagram without delivering it. */
    private byte[] sealOnly(Node from, byte[] inner) {
        byte[] buf = new byte[16 + inner.length + 32];
        System.arraycopy(inner, 0, buf, 16, inner.length);
        assertEquals(WgResult.WRITE_TO_NETWORK, from.dev.send(buf, 16, inner.length, net.now, from.r));
        return Arrays.copyOfRange(from.r.buffer, from.r.offset, from.r.offset + from.r.length);
    }

    @Test
    void sixteenPeersWithDistinctAllowedIpsAreAllReachable() {
        WgDeviceConfig cfg = new WgDeviceConfig();
        cfg.maxPeers = 16;
        Node hub = net.node("hub", 1, DeviceNet.v4addr(198, 18, 1, 100, 51820), cfg, null);
        Node[] spokes = new Node[16];
        for (int i = 0; i < 16; i++) {
            spokes[i] = net.node("s" + i, 100 + i, DeviceNet.v4addr(198, 18, 1, i + 1, 51820));
            int slot = DeviceNet.connect(hub, spokes[i], null, "100.64.1." + (i + 1) + "/32",
                    "fd7a:115c:a1e0::1:" + Integer.toHexString(i + 1) + "/128");
            assertEquals(i, slot);
            DeviceNet.connect(spokes[i], hub, null, "100.64.1.100/32", "fd7a:115c:a1e0::1:100/128");
        }
        for (int i = 0; i < 16; i++) {
            byte[] p = Ip.packet("100.64.1.100", "100.64.1." + (i + 1), 60 + i, i);
            net.send(hub, p);
            assertEquals(1, spokes[i].tunnel.size(), "spoke " + i);
            assertArrayEquals(p, spokes[i].tunnel.get(0));
        }
        for (int i = 0; i < 16; i++) {
            byte[] p = Ip.packet("fd7a:115c:a1e0::1:" + Integer.toHexString(i + 1), "fd7a:115c:a1e0::1:100",
                    80 + i, i);
            net.send(spokes[i], p);
            assertArrayEquals(p, hub.tunnel.get(hub.tunnel.size() - 1));
            assertEquals(i, hub.tunnelPeers.get(hub.tunnelPeers.size() - 1));
        }
        assertEquals(0, hub.dev.totalDrops());
        assertEquals(WgReason.TABLE_FULL, hub.dev.addPeer(new byte[32], 0, null, 0, 0) < 0
                ? WgReason.TABLE_FULL : 0);
    }

    @Test
    void innerSourceOutsideAllowedIpsIsDroppedAndCountedOthersUnaffected() {
        Node a = net.node("a", 11, DeviceNet.v4addr(198, 18, 0, 1, 51820));
        Node b = net.node("b", 22, DeviceNet.v4addr(198, 18, 0, 2, 51820));
        Node c = net.node("c", 33, DeviceNet.v4addr(198, 18, 0, 3, 51820));
        DeviceNet.connect(a, b, null, B4 + "/32");
        DeviceNet.connect(b, a, null, A4 + "/32");
        DeviceNet.connect(c, b, null, B4 + "/32");
        DeviceNet.connect(b, c, null, C4 + "/32");
        net.send(a, Ip.packet(A4, B4, 100, 1));
        net.send(c, Ip.packet(C4, B4, 100, 2));
        assertEquals(2, b.tunnel.size());
        long before = DeviceNet.status(b, 0).rxPackets;
        // a claims c's tunnel address (the wireguard-lwip family checked the destination here).
        net.send(a, Ip.packet(C4, B4, 100, 3));
        assertEquals(2, b.tunnel.size());
        assertEquals(1, b.dev.drops(WgDrop.session(SessionReason.NOT_ALLOWED_SOURCE)));
        assertEquals(before, DeviceNet.status(b, 0).rxPackets);
        byte[] fromC = Ip.packet(C4, B4, 120, 4);
        net.send(c, fromC);
        assertArrayEquals(fromC, b.tunnel.get(2));
        byte[] fromA = Ip.packet(A4, B4, 120, 5);
        net.send(a, fromA);
        assertArrayEquals(fromA, b.tunnel.get(3));
    }

    @Test
    void endpointRoamsOnlyAfterAnAuthenticatedPacket() {
        Node[] ab = pair();
        Node a = ab[0];
        Node b = ab[1];
        byte[] oldAddr = a.addr.clone();
        byte[] newAddr = DeviceNet.v4addr(198, 18, 0, 77, 40000);
        assertArrayEquals(oldAddr, endpointOf(b, 0));
        // A forged transport packet (valid index, tampered ciphertext) from the new address: no move.
        byte[] forged = sealOnly(a, Ip.packet(A4, B4, 100, 9));
        forged[forged.length - 1] ^= 1;
        assertEquals(WgResult.DROPPED, net.receive(b, forged, newAddr));
        assertEquals(1, b.dev.drops(WgDrop.session(SessionReason.AUTH_FAILED)));
        // A replayed (captured) initiation from the new address: mac1 valid, stale timestamp: no move.
        byte[] init = a.sent.stream().filter(d -> d[0] == 1).findFirst().orElseThrow();
        assertEquals(WgResult.DROPPED, net.receive(b, init, newAddr));
        assertEquals(1, b.dev.drops(WgReason.REPLAYED_TIMESTAMP));
        assertArrayEquals(oldAddr, endpointOf(b, 0));
        // The real a moves and sends: b follows, and its replies go to the new address.
        a.addr = newAddr;
        net.send(a, Ip.packet(A4, B4, 100, 10));
        assertArrayEquals(newAddr, endpointOf(b, 0));
        byte[] reply = Ip.packet(B4, A4, 90, 11);
        net.send(b, reply);
        assertArrayEquals(reply, a.tunnel.get(a.tunnel.size() - 1));
    }

    @Test
    void replayFromAnotherSourceIsDroppedThenFreshPacketMovesEndpoint() {
        Node[] ab = pair();
        Node a = ab[0];
        Node b = ab[1];
        byte[] captured = sealOnly(a, Ip.packet(A4, B4, 200, 3));
        assertEquals(WgResult.WRITE_TO_TUNNEL, net.receive(b, captured, a.addr));
        int delivered = b.tunnel.size();
        long digest = b.dev.stateDigest();
        byte[] attacker = DeviceNet.v4addr(203, 0, 113, 5, 6666);
        byte[] copy = captured.clone();
        assertEquals(WgResult.DROPPED, b.dev.receive(copy, 0, copy.length, attacker, 0, attacker.length, net.now, b.r));
        assertEquals(WgDrop.session(SessionReason.REPLAYED), b.r.reason);
        assertEquals(1, b.dev.drops(WgDrop.session(SessionReason.REPLAYED)));
        assertArrayEquals(a.addr, endpointOf(b, 0));
        assertEquals(delivered, b.tunnel.size());
        assertEquals(digest, b.dev.stateDigest());
        // Positive control: a fresh authenticated packet from that address moves the endpoint.
        byte[] fresh = sealOnly(a, Ip.packet(A4, B4, 200, 4));
        assertEquals(WgResult.WRITE_TO_TUNNEL, net.receive(b, fresh, attacker));
        assertArrayEquals(attacker, endpointOf(b, 0));
    }

    @Test
    void rekeyAfterTimeKeepsTrafficFlowing() {
        Node[] ab = pair();
        Node a = ab[0];
        Node b = ab[1];
        long firstHandshake = DeviceNet.status(a, 0).lastHandshakeMs;
        for (int i = 0; i < 60; i++) {
            net.advance(10_000);
            byte[] p = Ip.packet(A4, B4, 100, i);
            net.send(a, p);
            assertArrayEquals(p, b.tunnel.get(b.tunnel.size() - 1), "a->b at step " + i);
            byte[] q = Ip.packet(B4, A4, 100, i);
            net.send(b, q);
            assertArrayEquals(q, a.tunnel.get(a.tunnel.size() - 1), "b->a at step " + i);
        }
        // 600 s of traffic: several rekeys (one per REKEY_AFTER_TIME at least), never a REJECT_AFTER_TIME gap.
        assertTrue(DeviceNet.status(a, 0).lastHandshakeMs > firstHandshake + 4 * WgConstants.REKEY_AFTER_TIME_MS);
        assertEquals(0, b.dev.drops(WgDrop.session(SessionReason.SESSION_EXPIRED)));
        assertEquals(0, a.dev.drops(WgDrop.HELD_DISCARDED) + b.dev.drops(WgDrop.HELD_DISCARDED));
    }

    @Test
    void peerRestartResumesTrafficAfterItsNewHandshake() {
        Node[] ab = pair();
        Node a = ab[0];
        Node b = ab[1];
        net.send(b, Ip.packet(B4, A4, 100, 1));
        net.nodes.remove(b);
        net.advance(2_000);
        // Same key, same address, fresh state (no sessions, no replay floor of a's timestamps).
        Node b2 = net.node("b2", 99, b.addr, new WgDeviceConfig(), b.privateKey);
        DeviceNet.connect(b2, a, null, A4 + "/32");
        // a still uses its old session: b2 cannot decrypt it.
        net.send(a, Ip.packet(A4, B4, 100, 2));
        assertEquals(0, b2.tunnel.size());
        assertEquals(1, b2.dev.drops(WgReason.UNKNOWN_INDEX));
        // KEEPALIVE + REKEY_TIMEOUT without a reply: a initiates; the new session carries traffic.
        net.advance(20_000);
        byte[] p = Ip.packet(A4, B4, 100, 3);
        net.send(a, p);
        assertArrayEquals(p, b2.tunnel.get(b2.tunnel.size() - 1));
        byte[] q = Ip.packet(B4, A4, 100, 4);
        net.send(b2, q);
        assertArrayEquals(q, a.tunnel.get(a.tunnel.size() - 1));
    }

    @Test
    void restartedPeerInitiatesAndIsAcceptedAtOnce() {
        Node[] ab = pair();
        Node a = ab[0];
        Node b = ab[1];
        net.nodes.remove(b);
        net.advance(1_000);
        Node b2 = net.node("b2", 98, b.addr, new WgDeviceConfig(), b.privateKey);
        DeviceNet.connect(b2, a, null, A4 + "/32");
        byte[] q = Ip.packet(B4, A4, 100, 4);
        net.send(b2, q);
        assertArrayEquals(q, a.tunnel.get(a.tunnel.size() - 1));
    }

    @Test
    void underLoadCookieRoundTrip() {
        Node a = net.node("a", 11, DeviceNet.v4addr(198, 18, 0, 1, 51820));
        Node b = net.node("b", 22, DeviceNet.v4addr(198, 18, 0, 2, 51820));
        DeviceNet.connect(a, b, null, B4 + "/32");
        DeviceNet.connect(b, a, null, A4 + "/32");
        b.dev.setUnderLoad(true);
        byte[] p = Ip.packet(A4, B4, 100, 1);
        net.send(a, p);
        // b answered the initiation with a cookie reply instead of a DH; a holds the packet.
        assertEquals(1, b.dev.drops(WgReason.NEED_COOKIE));
        assertEquals(0, b.tunnel.size());
        assertEquals(1, DeviceNet.status(a, 0).heldPackets);
        assertTrue(a.sent.size() == 1 && b.sent.size() == 1 && b.sent.get(0).length == 64);
        // The retransmission after REKEY_TIMEOUT carries mac2 under the cookie: b does the handshake.
        net.advance(6_000);
        assertEquals(1, b.dev.drops(WgReason.NEED_COOKIE));
        assertEquals(1, b.tunnel.size());
        assertArrayEquals(p, b.tunnel.get(0));
        assertNotEquals(0, DeviceNet.status(b, 0).lastHandshakeMs);
    }
}
