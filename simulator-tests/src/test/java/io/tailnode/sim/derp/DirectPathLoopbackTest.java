package io.tailnode.sim.derp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.crypto.CryptoBox;
import io.tailnode.derp.DerpClient;
import io.tailnode.disco.DiscoActions;
import io.tailnode.disco.DiscoKeys;
import io.tailnode.disco.DiscoMessageView;
import io.tailnode.disco.DiscoResponder;
import io.tailnode.disco.DiscoWire;
import io.tailnode.disco.PathSelector;
import io.tailnode.firmware.hal.HalStatus;
import io.tailnode.stun.StunReason;
import io.tailnode.stun.StunClient;
import io.tailnode.stun.StunWire;
import io.tailnode.wg.WgRandom;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The three cores together on loopback, no NAT (the namespace NAT tests are issue #7's later part): two peers
 * log in to the development relay, learn their UDP endpoint from the development STUN responder, know nothing
 * of each other's endpoints at first, exchange CallMeMaybe over DERP, ping over UDP and both adopt the direct
 * path; then one side stops answering UDP and the other falls back to DERP within the 6.5 s trust window.
 * Socket I/O is real; the selectors' clock is virtual (100 ms per round).
 */
class DirectPathLoopbackTest {
    static final WgRandom RANDOM = new WgRandom() {
        final SecureRandom r = new SecureRandom();

        @Override
        public void nextBytes(byte[] b, int off, int len) {
            byte[] t = new byte[len];
            r.nextBytes(t);
            System.arraycopy(t, 0, b, off, len);
        }
    };

    /** One simulated device: DERP driver, UDP socket, disco keys, responder and path selector. */
    static final class Peer implements DiscoActions {
        final TlsDerpDriver derp = new TlsDerpDriver();
        final DatagramSocket udp;
        final byte[] discoPriv = NaclBox.newPrivateKey();
        final byte[] discoPub = NaclBox.publicKey(discoPriv);
        final DiscoKeys keys = new DiscoKeys(new CryptoBox(), RANDOM, 4);
        final DiscoResponder responder = new DiscoResponder(keys);
        final PathSelector path = new PathSelector(RANDOM, 4);
        final DiscoMessageView view = new DiscoMessageView();
        final byte[] stunEndpoint = new byte[18];
        final byte[] plain = new byte[256];
        final byte[] pkt = new byte[512];
        Peer other;
        int peerSlot;
        boolean udpDeaf;
        long now;
        int udpPongs;

        Peer() throws Exception {
            udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            udp.setSoTimeout(5);
            keys.setLocal(discoPriv, 0, discoPub, 0);
        }

        /** The device's StunClient against the development responder, over the same UDP socket disco uses. */
        void learnEndpoint(DevStunServer stun) throws Exception {
            StunClient sc = new StunClient(RANDOM);
            sc.restart(0);
            byte[] req = new byte[64];
            int n = sc.poll(0, req, 0, req.length);
            udp.send(new DatagramPacket(req, n, InetAddress.getLoopbackAddress(), stun.port()));
            udp.setSoTimeout(5000);
            DatagramPacket p = new DatagramPacket(new byte[1500], 1500);
            udp.receive(p);
            udp.setSoTimeout(5);
            assertTrue(StunWire.looksLikeStun(p.getData(), 0, p.getLength()));
            assertEquals(StunReason.OK, sc.receive(p.getData(), 0, p.getLength(), 10));
            assertTrue(sc.changed());
            byte[] src = new byte[19];
            assertEquals(7, sc.endpoint(10, src, 0));
            assertEquals(udp.getLocalPort(), ((src[5] & 0xFF) << 8) | (src[6] & 0xFF));
            DiscoWire.endpointFromSource(src, 0, stunEndpoint, 0);
        }

        @Override
        public void sendPing(int index, byte[] addr, int off, int len, byte[] txId, int txOff) {
            int n = DiscoWire.writePing(plain, 0, plain.length, txId, txOff, derp.nodePublic, 0, 0);
            n = keys.seal(peerSlot, plain, 0, n, pkt, 0, pkt.length);
            int port = ((addr[off + 5] & 0xFF) << 8) | (addr[off + 6] & 0xFF);
            try {
                InetAddress ip = InetAddress.getByAddress(Arrays.copyOfRange(addr, off + 1, off + 5));
                udp.send(new DatagramPacket(pkt, n, ip, port));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }

        @Override
        public void sendCallMeMaybe() {
            int n = DiscoWire.writeCallMeMaybe(plain, 0, plain.length, stunEndpoint, 0, 1);
            n = keys.seal(peerSlot, plain, 0, n, pkt, 0, pkt.length);
            derp.client.send(other.derp.nodePublic, 0, pkt, 0, n);
        }

        /** One round at virtual time t: selector timers, DERP, UDP. */
        void round(long t) throws Exception {
            now = t;
            derp.now = t;
            path.noteActivity(t); // the tunnel is busy: keep discovery and heartbeats going
            path.poll(t, this);
            derp.pump();
            while (!derp.packets.isEmpty()) {
                byte[] p = derp.packets.remove(0);
                derp.sources.remove(0);
                int n = keys.open(p, 0, p.length, plain, 0, plain.length);
                if (n < 0) {
                    continue;
                }
                int type = view.point(plain, 0, n).check();
                if (type == DiscoWire.TYPE_CALL_ME_MAYBE) {
                    byte[] src = new byte[19];
                    path.beginCallMeMaybe();
                    for (int i = 0; i < view.endpointCount(); i++) {
                        DiscoWire.endpointToSource(plain, view.endpointOffset(i), src, 0);
                        path.callMeMaybeEndpoint(src, 0, t);
                    }
                    path.endCallMeMaybe(t, this);
                } else if (type == DiscoWire.TYPE_PING) {
                    int m = responder.answerDerp(keys.openedSlot(), view, 900, pkt, 0, pkt.length);
                    derp.client.send(other.derp.nodePublic, 0, pkt, 0, m);
                }
            }
            while (true) {
                DatagramPacket d = new DatagramPacket(new byte[1500], 1500);
                try {
                    udp.receive(d);
                } catch (SocketTimeoutException e) {
                    break;
                }
                if (udpDeaf || !DiscoWire.looksLikeDisco(d.getData(), 0, d.getLength())) {
                    continue;
                }
                int n = keys.open(d.getData(), 0, d.getLength(), plain, 0, plain.length);
                if (n < 0) {
                    continue;
                }
                int type = view.point(plain, 0, n).check();
                if (type == DiscoWire.TYPE_PING) {
                    byte[] src = new byte[7];
                    src[0] = 4;
                    System.arraycopy(d.getAddress().getAddress(), 0, src, 1, 4);
                    src[5] = (byte) (d.getPort() >>> 8);
                    src[6] = (byte) d.getPort();
                    path.onPing(src, 0, plain, view.txIdOffset(), t);
                    int m = responder.answerUdp(keys.openedSlot(), view, src, 0, pkt, 0, pkt.length);
                    udp.send(new DatagramPacket(pkt, m, d.getSocketAddress()));
                } else if (type == DiscoWire.TYPE_PONG && path.onPong(plain, view.txIdOffset(), t) >= 0) {
                    udpPongs++;
                }
            }
        }

        void close() {
            derp.close();
            udp.close();
        }
    }

    DevDerpRelay relay;
    DevStunServer stun;
    Peer a;
    Peer b;

    @AfterEach
    void stop() {
        for (Peer p : new Peer[] {a, b}) {
            if (p != null) {
                p.close();
            }
        }
        if (stun != null) {
            stun.close();
        }
        if (relay != null) {
            relay.close();
        }
    }

    @Test
    void directPathThroughStunAndCallMeMaybeThenFallbackToDerp() throws Exception {
        relay = DevDerpRelay.start();
        stun = DevStunServer.start();
        a = new Peer();
        b = new Peer();
        a.other = b;
        b.other = a;
        a.peerSlot = a.keys.add(b.discoPub, 0);
        b.peerSlot = b.keys.add(a.discoPub, 0);
        assertEquals(HalStatus.OK, a.derp.connect(null, relay, true));
        assertEquals(HalStatus.OK, b.derp.connect(null, relay, true));
        TlsDerpDriver.pumpUntil(() -> a.derp.client.state() == DerpClient.STATE_OPEN
                && b.derp.client.state() == DerpClient.STATE_OPEN && relay.clientCount() == 2, a.derp, b.derp);
        a.learnEndpoint(stun);
        b.learnEndpoint(stun);
        assertEquals(0, a.path.candidateCount(), "no endpoints from a netmap: only CallMeMaybe can tell");
        assertEquals(PathSelector.PATH_DERP, a.path.sendPath(0));

        long t = 0;
        long guard = System.nanoTime() + 20_000_000_000L;
        while (a.path.sendPath(t) != PathSelector.PATH_DIRECT || b.path.sendPath(t) != PathSelector.PATH_DIRECT) {
            t += 100;
            a.round(t);
            b.round(t);
            assertTrue(System.nanoTime() < guard, "no direct path; a " + a.path.candidateCount() + " candidates");
        }
        long directAt = t;
        assertTrue(a.udpPongs > 0 && b.udpPongs > 0);
        byte[] best = new byte[19];
        assertEquals(7, a.path.candidate(a.path.best(), best, 0));
        assertEquals(b.udp.getLocalPort(), ((best[5] & 0xFF) << 8) | (best[6] & 0xFF));
        assertTrue(relay.packetsRelayed() >= 2, "CallMeMaybe went through the relay");

        // Heartbeats keep it direct for a while.
        for (int i = 0; i < 50; i++) {
            t += 100;
            a.round(t);
            b.round(t);
        }
        assertEquals(PathSelector.PATH_DIRECT, a.path.sendPath(t));

        // b stops answering UDP (the route is gone): a falls back to DERP within the trust window.
        b.udpDeaf = true;
        long lastTrust = a.path.trustUntil();
        long deaf = t;
        while (a.path.sendPath(t) == PathSelector.PATH_DIRECT) {
            t += 100;
            a.round(t);
            b.round(t);
        }
        assertEquals(PathSelector.PATH_DERP_AND_UDP, a.path.sendPath(t));
        assertTrue(t - deaf <= PathSelector.TRUST_MS, "fell back after " + (t - deaf) + " ms");
        assertTrue(t >= lastTrust);
        System.out.println("[direct path] both DIRECT after " + directAt + " ms (virtual), relay carried "
                + relay.packetsRelayed() + " packets; fallback to DERP " + (t - deaf) + " ms after UDP went deaf");
    }
}
