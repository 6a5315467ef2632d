package io.tailnode.wg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tailnode.testing.AllocationMeter;
import io.tailnode.wg.DeviceNet.Node;
import org.junit.jupiter.api.Test;

/**
 * 0 bytes per transport send+receive (1420 B and 64 B inner packets) and per full handshake through the façade
 * (initiation -> response -> confirming keepalive -> first data), measured with escape analysis off. Every step
 * asserts its action, so a path failing early cannot pass as allocation-free.
 */
class WireGuardDeviceAllocationTest {
    private final DeviceNet net = new DeviceNet();
    private final Node a = net.node("a", 11, DeviceNet.v4addr(198, 18, 0, 1, 51820));
    private final Node b = net.node("b", 22, DeviceNet.v4addr(198, 18, 0, 2, 51820));
    private final byte[] big = Ip.packet("100.64.0.1", "100.64.0.2", 1420, 1);
    private final byte[] small = Ip.packet("100.64.0.1", "100.64.0.2", 64, 2);
    private final byte[] bufA = new byte[16 + 1420 + 32];
    private final byte[] wire = new byte[2048];
    private final int slotB;
    private long now;
    private int checks;
    private int failures;
    private int firstFailure = -1;

    WireGuardDeviceAllocationTest() {
        slotB = DeviceNet.connect(a, b, null, "100.64.0.2/32");
        DeviceNet.connect(b, a, null, "100.64.0.1/32");
        net.send(a, small);
        now = net.now;
    }

    private void check(boolean ok) {
        checks++;
        if (!ok && failures++ == 0) {
            firstFailure = checks;
        }
    }

    private int copyOut(Node n) {
        System.arraycopy(n.r.buffer, n.r.offset, wire, 0, n.r.length);
        return n.r.length;
    }

    private void drain(Node n) {
        for (int i = 0; i < 16 && n.dev.poll(now, n.r) != WgResult.DONE; i++) {
            // Timer output is not expected at these times; discarded if it happens.
        }
    }

    private void transport(byte[] inner) {
        now += 1;
        System.arraycopy(inner, 0, bufA, 16, inner.length);
        check(a.dev.send(bufA, 16, inner.length, now, a.r) == WgResult.WRITE_TO_NETWORK);
        int n = copyOut(a);
        drain(a);
        check(b.dev.receive(wire, 0, n, a.addr, 0, a.addr.length, now, b.r) == WgResult.WRITE_TO_TUNNEL);
        check(b.r.length == inner.length);
        drain(b);
    }

    private void handshake() {
        now += 1000;
        check(a.dev.initiateHandshake(slotB, now, a.r) == WgResult.WRITE_TO_NETWORK);
        int n = copyOut(a);
        check(n == 148);
        check(b.dev.receive(wire, 0, n, a.addr, 0, a.addr.length, now, b.r) == WgResult.WRITE_TO_NETWORK);
        n = copyOut(b);
        check(n == 92);
        check(a.dev.receive(wire, 0, n, b.addr, 0, b.addr.length, now, a.r) == WgResult.WRITE_TO_NETWORK);
        n = copyOut(a);
        check(n == 32);
        check(b.dev.receive(wire, 0, n, a.addr, 0, a.addr.length, now, b.r) == WgResult.DONE);
        drain(a);
        drain(b);
        transport(small);
    }

    private void assertClean() {
        assertEquals(0, failures, "first failed check #" + firstFailure);
        assertEquals(0, a.dev.totalDrops());
        assertEquals(0, b.dev.totalDrops());
    }

    @Test
    void transport1420AllocatesNothing() {
        assertEquals(0, AllocationMeter.bytesPerCall(() -> transport(big), 2000, 2000));
        assertClean();
    }

    @Test
    void transport64AllocatesNothing() {
        assertEquals(0, AllocationMeter.bytesPerCall(() -> transport(small), 2000, 2000));
        assertClean();
    }

    @Test
    void fullHandshakeAllocatesNothing() {
        assertEquals(0, AllocationMeter.bytesPerCall(this::handshake, 100, 100));
        assertClean();
    }

    /**
     * Holding while no session exists, in a pool of 2 shared by two unanswering peers (1 each at most): every
     * send holds, drops the peer's older packet and may emit a retried initiation; none of it allocates.
     */
    @Test
    void holdingInASharedPoolAllocatesNothing() {
        WgDeviceConfig config = new WgDeviceConfig();
        config.heldPacketsPerPeer = 1;
        config.heldPacketsShared = 2;
        Node c = net.node("c", 33, DeviceNet.v4addr(198, 18, 0, 3, 51820), config, null);
        byte[] nowhere = DeviceNet.v4addr(198, 18, 0, 9, 51820);
        for (Node peer : new Node[] {a, b}) {
            int slot = c.dev.addPeer(peer.publicKey, 0, null, 0, 0);
            c.dev.setEndpoint(slot, nowhere, 0, nowhere.length);
        }
        DeviceNet.addAllowed(c, 0, "100.64.0.1/32");
        DeviceNet.addAllowed(c, 1, "100.64.0.2/32");
        byte[] toA = Ip.packet("100.64.0.3", "100.64.0.1", 1280, 3);
        byte[] toB = Ip.packet("100.64.0.3", "100.64.0.2", 64, 4);
        long before = c.dev.drops(WgDrop.HELD_DISCARDED);
        WgPeerStatus st0 = new WgPeerStatus();
        WgPeerStatus st1 = new WgPeerStatus();
        Runnable hold = () -> {
            now += 1;
            System.arraycopy(toA, 0, bufA, 16, toA.length);
            c.dev.send(bufA, 16, toA.length, now, c.r);
            drain(c);
            System.arraycopy(toB, 0, bufA, 16, toB.length);
            c.dev.send(bufA, 16, toB.length, now, c.r);
            drain(c);
            check(c.dev.peerStatus(0, st0) && c.dev.peerStatus(1, st1) && st0.heldPackets == 1
                    && st1.heldPackets == 1);
        };
        assertEquals(0, AllocationMeter.bytesPerCall(hold, 2000, 2000));
        assertEquals(0, failures, "first failed check #" + firstFailure);
        // Every send after the first of each peer replaced that peer's held packet.
        assertEquals(2 * 4000 - 2, c.dev.drops(WgDrop.HELD_DISCARDED) - before);
    }

    @Test
    void staticKeyChangeAllocatesNothing() {
        byte[] k1 = a.privateKey.clone();
        byte[] k2 = new byte[32];
        new TestRandom(77).nextBytes(k2, 0, 32);
        int[] turn = {0};
        assertEquals(0, AllocationMeter.bytesPerCall(() -> {
            check(a.dev.setStaticPrivateKey((turn[0]++ & 1) == 0 ? k2 : k1, 0) == 1);
        }, 200, 200));
        assertEquals(0, failures, "first failed check #" + firstFailure);
    }
}
