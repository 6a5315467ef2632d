package io.tailnode.firmware.derp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.control.map.NetmapApplier;
import io.tailnode.control.map.PeerTable;
import io.tailnode.crypto.CryptoBox;
import io.tailnode.crypto.X25519;
import io.tailnode.derp.DerpClient;
import io.tailnode.derp.DerpRegions;
import io.tailnode.disco.DiscoKeys;
import io.tailnode.disco.DiscoMessageView;
import io.tailnode.disco.DiscoWire;
import io.tailnode.disco.PathSelector;
import io.tailnode.firmware.hal.TlsTransport;
import io.tailnode.firmware.loop.LoopPair.CountingRandom;
import io.tailnode.stun.StunClient;
import io.tailnode.wg.WireGuardDevice;
import org.junit.jupiter.api.Test;

/**
 * The disco path-selector pool (disco_paths on a board): two peers with disco keys share one selector. The peer
 * that got it at the netmap keeps it while it is active; the other stays on DERP (its pings still answered,
 * {@link DiscoDriver#pathOf} PATH_DERP, the refusal counted) until the holder has been idle for
 * {@link PathSelector#SESSION_ACTIVE_MS}; then the other's CallMeMaybe takes the selector, which starts from that
 * peer's own netmap endpoint, and the former holder goes back to DERP.
 */
class DiscoPathPoolTest {
    private static final byte[] UDP_A = {4, (byte) 198, 18, 0, 2, (byte) 0xa2, 0x29}; // 198.18.0.2:41513
    private static final byte[] UDP_B = {4, (byte) 198, 18, 0, 3, (byte) 0xa2, 0x29}; // 198.18.0.3:41513
    private static final byte[] CMM_B = {4, (byte) 203, 0, 113, 3, 0x10, 0x00}; // 203.0.113.3:4096

    private final CountingRandom random = new CountingRandom(11);
    private final DiscoDriverAllocationTest.Udp udp = new DiscoDriverAllocationTest.Udp();
    private final byte[] ourDiscoPublic = new byte[32];
    private final byte[][] nodeKey = new byte[2][32];
    private final DiscoKeys[] peer = new DiscoKeys[2];
    private final int[] peerSlotOfUs = new int[2];
    private final int[] wgSlot = new int[2];
    private final byte[] plain = new byte[256];
    private final byte[] pkt = new byte[512];
    private final DiscoMessageView view = new DiscoMessageView();
    private DiscoDriver disco;
    private long now = 1_000_000;
    private int txSeq;

    /** Our device with two peers (disco keys, one netmap endpoint each) and {@code pathSlots} selectors. */
    void build(int pathSlots) {
        X25519 x = new X25519();
        byte[] ourPriv = new byte[32];
        byte[] ourPub = new byte[32];
        byte[] ourDiscoPriv = new byte[32];
        random.nextBytes(ourPriv, 0, 32);
        random.nextBytes(ourDiscoPriv, 0, 32);
        x.publicKey(ourPub, 0, ourPriv, 0);
        x.publicKey(ourDiscoPublic, 0, ourDiscoPriv, 0);
        byte[][] peerDiscoPublic = new byte[2][32];
        for (int p = 0; p < 2; p++) {
            byte[] priv = new byte[32];
            random.nextBytes(priv, 0, 32);
            x.publicKey(nodeKey[p], 0, priv, 0);
            byte[] discoPriv = new byte[32];
            random.nextBytes(discoPriv, 0, 32);
            x.publicKey(peerDiscoPublic[p], 0, discoPriv, 0);
            peer[p] = new DiscoKeys(new CryptoBox(), new CountingRandom(50 + p), 2);
            peer[p].setLocal(discoPriv, 0, peerDiscoPublic[p], 0);
            peerSlotOfUs[p] = peer[p].add(ourDiscoPublic, 0);
        }

        WireGuardDevice wg = MapJson.twoPeerDevice(ourPriv, x, random);
        DerpRegions regions = new DerpRegions(4, 64);
        byte[] map = MapJson.map(MapJson.node(1, ourPub, ourDiscoPublic, "100.64.0.1", "198.18.0.1:41641"),
                MapJson.node(2, nodeKey[0], peerDiscoPublic[0], "100.64.0.2", "198.18.0.2:41513"),
                MapJson.node(3, nodeKey[1], peerDiscoPublic[1], "100.64.0.3", "198.18.0.3:41513"));
        NetmapApplier applier = MapJson.applied(wg, regions, map);
        PeerTable t = applier.peers();
        assertEquals(2, t.size());
        for (int p = 0; p < 2; p++) {
            wgSlot[p] = t.wireGuardSlot(t.findKey(nodeKey[p], 0));
        }

        CryptoBox box = new CryptoBox();
        DerpDriver.Holder holder = new DerpDriver.Holder();
        DerpClient client = new DerpClient(box, random, DerpDriver.listenerFor(holder, 0), 1312, 1349, 64);
        client.setNodeKey(ourPriv, 0, ourPub, 0);
        DerpDriver derp = new DerpDriver(regions, applier, new DerpClient[] {client},
                new TlsTransport[] {new DiscoDriverAllocationTest.SinkTls()}, null, 1000, 20, 1349);
        holder.set(derp);
        derp.onIteration(now);
        DiscoKeys ours = new DiscoKeys(box, random, 2);
        ours.setLocal(ourDiscoPriv, 0, ourDiscoPublic, 0);
        disco = new DiscoDriver(wg, applier, udp, derp, ours, new StunClient(random), ourPub, random, pathSlots);
        derp.setDisco(disco);
        disco.onIteration(now); // the netmap: both disco keys; the one selector goes to the first peer read
    }

    /** Peer {@code p} seals {@code plain[0..n)} to us into {@code pkt}. */
    private int from(int p, int n) {
        return peer[p].seal(peerSlotOfUs[p], plain, 0, n, pkt, 0, pkt.length);
    }

    private void udpPing(int p, byte[] source) {
        plain[2] = (byte) ++txSeq;
        int n = from(p, DiscoWire.writePing(plain, 0, plain.length, plain, 2, nodeKey[p], 0, 0));
        disco.onDatagram(pkt, 0, n, source, 7, now);
    }

    private void callMeMaybe(int p, byte[] endpoint) {
        int e = DiscoWire.endpointFromSource(endpoint, 0, plain, 200);
        int n = from(p, DiscoWire.writeCallMeMaybe(plain, 0, 200, plain, 200, e > 0 ? 1 : 0));
        disco.onDerpPacket(nodeKey[p], 0, pkt, 0, n, 1);
    }

    @Test
    void oneSelectorIsLentToAnActivePeerAndTheOtherStaysOnDerp() {
        build(1);
        assertEquals(1, disco.pathSlots());
        int holder = disco.selector(wgSlot[0]) != null ? 0 : 1;
        int other = 1 - holder;
        assertNotNull(disco.selector(wgSlot[holder]));
        assertNull(disco.selector(wgSlot[other]), "one selector for two peers");
        assertEquals(PathSelector.PATH_DERP, disco.pathOf(wgSlot[other], now), "no selector: via DERP");
        byte[] holderUdp = holder == 0 ? UDP_A : UDP_B;
        byte[] otherUdp = holder == 0 ? UDP_B : UDP_A;
        assertTrue(disco.selector(wgSlot[holder]).indexOf(holderUdp, 0) >= 0, "its netmap endpoint is a candidate");

        // The holder is active; the other peer probes us: answered, but it gets no selector.
        now += 1000;
        disco.onIteration(now);
        callMeMaybe(holder, holderUdp);
        long answered = disco.pingsAnswered();
        now += 1000;
        udpPing(other, otherUdp);
        assertEquals(answered + 1, disco.pingsAnswered(), "a peer without a selector is still answered");
        callMeMaybe(other, CMM_B);
        assertNull(disco.selector(wgSlot[other]));
        assertEquals(2, disco.pathsRefused(), "the ping and the CallMeMaybe found no selector free");
        assertEquals(PathSelector.PATH_DERP, disco.pathOf(wgSlot[other], now));

        // The holder has been idle for the session timeout: the other peer's CallMeMaybe takes its selector.
        now += PathSelector.SESSION_ACTIVE_MS;
        disco.onIteration(now); // the loop's clock (DERP-relayed disco takes the iteration's time)
        assertNotNull(disco.selector(wgSlot[holder]), "idle, but nobody asked for its selector yet");
        callMeMaybe(other, CMM_B);
        PathSelector lent = disco.selector(wgSlot[other]);
        assertNotNull(lent, "an idle holder's selector is lent on");
        assertNull(disco.selector(wgSlot[holder]));
        assertEquals(PathSelector.PATH_DERP, disco.pathOf(wgSlot[holder], now), "the former holder: via DERP");
        assertTrue(lent.indexOf(otherUdp, 0) >= 0, "it starts from its new peer's netmap endpoint");
        assertTrue(lent.indexOf(CMM_B, 0) >= 0, "and the CallMeMaybe endpoint");
        assertTrue(lent.indexOf(holderUdp, 0) < 0, "nothing of the former holder's candidates");
        assertEquals(2, disco.pathsRefused());
    }

    @Test
    void aPoolAsLargeAsThePeerSlotsGivesEveryPeerItsOwn() {
        build(64); // the host: disco_paths 0 or above the peer slots is one per slot
        assertEquals(2, disco.pathSlots(), "capped at the peer capacity");
        assertTrue(disco.selector(wgSlot[0]).indexOf(UDP_A, 0) >= 0);
        assertTrue(disco.selector(wgSlot[1]).indexOf(UDP_B, 0) >= 0);
        now += 1000;
        callMeMaybe(0, UDP_A);
        callMeMaybe(1, CMM_B);
        assertEquals(0, disco.pathsRefused());
        assertTrue(disco.selector(wgSlot[1]).indexOf(CMM_B, 0) >= 0);
    }
}
