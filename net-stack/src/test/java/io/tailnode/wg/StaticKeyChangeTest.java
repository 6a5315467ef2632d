package io.tailnode.wg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.tailnode.wg.DeviceNet.Node;
import org.junit.jupiter.api.Test;

/**
 * {@link WireGuardDevice#setStaticPrivateKey}: a node-key rotation without restart. The old identity's sessions
 * go, a peer that still knows only the old key can no longer talk to us, a peer told the new key handshakes again.
 */
class StaticKeyChangeTest {
    private final DeviceNet net = new DeviceNet();
    private final Node a = net.node("a", 1, DeviceNet.v4addr(198, 18, 0, 1, 51820));
    private final Node b = net.node("b", 2, DeviceNet.v4addr(198, 18, 0, 2, 51820));
    private final byte[] aToB = Ip.packet("100.64.0.1", "100.64.0.2", 80, 1);
    private final byte[] bToA = Ip.packet("100.64.0.2", "100.64.0.1", 90, 2);
    private final byte[] newPrivate = new byte[32];
    private final byte[] newPublic = new byte[32];
    private final int slotB;
    private final int slotA;

    StaticKeyChangeTest() {
        slotB = DeviceNet.connect(a, b, null, "100.64.0.2/32");
        slotA = DeviceNet.connect(b, a, null, "100.64.0.1/32");
        new TestRandom(99).nextBytes(newPrivate, 0, 32);
        new CountingX25519().publicKey(newPublic, 0, newPrivate, 0);
    }

    @Test
    void newKeyDropsSessionsAndPeersThatLearnItHandshakeAgain() {
        net.send(a, aToB);
        assertEquals(1, b.tunnel.size());
        assertFalse(DeviceNet.status(a, slotB).lastHandshakeMs == 0);

        assertEquals(1, a.dev.setStaticPrivateKey(newPrivate, 0));
        byte[] pub = new byte[32];
        a.dev.staticPublic(pub, 0);
        assertArrayEquals(newPublic, pub);
        assertEquals(0, DeviceNet.status(a, slotB).lastHandshakeMs);

        // b still has the old session: its data to a is not accepted any more (a wiped the session keys).
        net.send(b, bToA);
        assertEquals(0, a.tunnel.size());

        // a's initiation under the new key: b does not know that key (mac1 is over b's key, so b decrypts the
        // initiator static and finds no such peer).
        int tunnelBefore = b.tunnel.size();
        net.send(a, aToB);
        assertEquals(tunnelBefore, b.tunnel.size());

        // The control plane tells b the new key: the tunnel comes back in both directions.
        b.dev.removePeer(slotA);
        System.arraycopy(newPublic, 0, a.publicKey, 0, 32);
        DeviceNet.connect(b, a, null, "100.64.0.1/32");
        net.advance(6000);
        net.send(a, aToB);
        assertArrayEquals(aToB, b.tunnel.get(b.tunnel.size() - 1));
        net.send(b, bToA);
        assertEquals(1, a.tunnel.size());
        assertArrayEquals(bToA, a.tunnel.get(0));
    }

    @Test
    void responderUsesTheNewKeyToo() {
        net.send(a, aToB);
        a.dev.setStaticPrivateKey(newPrivate, 0);
        b.dev.removePeer(slotA);
        System.arraycopy(newPublic, 0, a.publicKey, 0, 32);
        DeviceNet.connect(b, a, null, "100.64.0.1/32");
        net.send(b, bToA);
        assertEquals(1, a.tunnel.size());
        assertArrayEquals(bToA, a.tunnel.get(0));
    }
}
