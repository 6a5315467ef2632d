package io.tailnode.firmware.derp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.control.map.NetmapApplier;
import io.tailnode.crypto.CryptoBox;
import io.tailnode.crypto.X25519;
import io.tailnode.derp.DerpClient;
import io.tailnode.derp.DerpRegions;
import io.tailnode.disco.DiscoKeys;
import io.tailnode.disco.DiscoMessageView;
import io.tailnode.disco.DiscoWire;
import io.tailnode.disco.PathSelector;
import io.tailnode.firmware.hal.Clock;
import io.tailnode.firmware.hal.DatagramTransport;
import io.tailnode.firmware.hal.HalStatus;
import io.tailnode.firmware.hal.TlsTransport;
import io.tailnode.firmware.loop.LoopPair.CountingRandom;
import io.tailnode.firmware.loop.RelayPath;
import io.tailnode.firmware.loop.TunnelLoop;
import io.tailnode.firmware.log.LogEvents;
import io.tailnode.firmware.log.LogLevel;
import io.tailnode.firmware.hal.LogSink;
import io.tailnode.firmware.log.Logger;
import io.tailnode.ip.EchoResponder;
import io.tailnode.stun.StunClient;
import io.tailnode.stun.StunWire;
import io.tailnode.testing.AllocationMeter;
import io.tailnode.wg.SourceAddress;
import io.tailnode.wg.WireGuardDevice;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs in the allocation JVM (escape analysis off): a {@link DiscoDriver} built as the device builds it (WireGuard,
 * netmap with one peer that has a disco key, a DERP driver whose home region has a STUN node, STUN client) and
 * driven from the peer's side with its own {@link DiscoKeys}. After warm-up each of these allocates 0 bytes: a
 * disco ping in with the pong out, our ping to the peer answered by its pong, a CallMeMaybe relayed by DERP, a
 * STUN round (request out, response in), an iteration with nothing due, and the dual-send query.
 * <p>
 * Dual send (Go's addrForSendLocked): a {@link TunnelLoop} over the same WireGuard device, with a counting relay
 * path and the driver as its {@code SecondaryUdpPath}, sends each WireGuard datagram for the peer (here its
 * handshake initiations) via DERP only while no direct path is known, to the direct address only while it is
 * trusted, and to both once that trust has lapsed.
 */
class DiscoDriverAllocationTest {
    private static final byte[] PEER_UDP = {4, (byte) 198, 18, 0, 2, (byte) 0xa2, 0x29}; // 198.18.0.2:41513
    private static final byte[] STUN_SERVER = {4, (byte) 198, 18, 0, 10, 0x0d, (byte) 0x96}; // 198.18.0.10:3478

    /** Keeps the last datagram sent to each kind of destination: disco (to the peer) and STUN. */
    static final class Udp implements DatagramTransport {
        final byte[] disco = new byte[1500];
        int discoLen;
        final byte[] discoDest = new byte[19];
        final byte[] stun = new byte[1500];
        int stunLen;
        int sent;

        @Override
        public int send(byte[] buf, int off, int len, byte[] dest, int destOff, int destLen) {
            sent++;
            if (StunWire.looksLikeStun(buf, off, len)) {
                System.arraycopy(buf, off, stun, 0, len);
                stunLen = len;
            } else {
                System.arraycopy(buf, off, disco, 0, len);
                System.arraycopy(dest, destOff, discoDest, 0, destLen);
                discoLen = len;
            }
            return len;
        }

        @Override
        public int receive(byte[] buf, int off, int capacity, byte[] source, int sourceOff, int timeoutMs) {
            return HalStatus.ERR_WOULD_BLOCK;
        }

        @Override
        public int localPort() {
            return 41641;
        }

        @Override
        public void close() {
        }
    }

    /** A TLS connection that connects and takes every write; nothing is ever read. */
    static final class SinkTls implements TlsTransport {
        @Override
        public int connect(byte[] addr, int addrOff, int port, byte[] sni, int sniOff, int sniLen, int verifyMode,
                byte[] pin, int pinOff, int timeoutMs) {
            return HalStatus.OK;
        }

        @Override
        public int state() {
            return TlsTransport.STATE_CONNECTED;
        }

        @Override
        public int failure() {
            return 0;
        }

        @Override
        public boolean canPinCertificates() {
            return false;
        }

        @Override
        public int write(byte[] buf, int off, int len) {
            return len;
        }

        @Override
        public int read(byte[] buf, int off, int cap) {
            return HalStatus.ERR_WOULD_BLOCK;
        }

        @Override
        public void close() {
        }
    }

    private final CountingRandom random = new CountingRandom(7);
    private final Udp udp = new Udp();
    private final byte[] ourDiscoPublic = new byte[32];
    private final byte[] peerNodeKey = new byte[32];
    private final byte[] plain = new byte[256];
    private final byte[] pkt = new byte[512];
    private final byte[] stunAnswer = new byte[32];
    private final DiscoMessageView view = new DiscoMessageView();
    private DiscoKeys peer;
    private int peerSlotOfUs;
    private DiscoDriver disco;
    private DerpDriver derp;
    private WireGuardDevice wg;
    private long now = 1_000_000;
    private int txSeq;

    @BeforeEach
    void build() {
        X25519 x = new X25519();
        byte[] ourPriv = new byte[32];
        byte[] ourPub = new byte[32];
        byte[] ourDiscoPriv = new byte[32];
        byte[] peerPriv = new byte[32];
        byte[] peerDiscoPriv = new byte[32];
        byte[] peerDiscoPublic = new byte[32];
        random.nextBytes(ourPriv, 0, 32);
        random.nextBytes(ourDiscoPriv, 0, 32);
        random.nextBytes(peerPriv, 0, 32);
        random.nextBytes(peerDiscoPriv, 0, 32);
        x.publicKey(ourPub, 0, ourPriv, 0);
        x.publicKey(ourDiscoPublic, 0, ourDiscoPriv, 0);
        x.publicKey(peerNodeKey, 0, peerPriv, 0);
        x.publicKey(peerDiscoPublic, 0, peerDiscoPriv, 0);

        wg = MapJson.twoPeerDevice(ourPriv, x, random);
        DerpRegions regions = new DerpRegions(4, 64);
        byte[] map = MapJson.map(MapJson.node(1, ourPub, ourDiscoPublic, "100.64.0.1", "198.18.0.1:41641"),
                MapJson.node(2, peerNodeKey, peerDiscoPublic, "100.64.0.2", "198.18.0.2:41513"));
        NetmapApplier applier = MapJson.applied(wg, regions, map);
        assertEquals(1, applier.peers().size());
        assertEquals(1, regions.size());

        CryptoBox box = new CryptoBox();
        DerpDriver.Holder holder = new DerpDriver.Holder();
        DerpClient client = new DerpClient(box, random, DerpDriver.listenerFor(holder, 0), 1312, 1349, 64);
        client.setNodeKey(ourPriv, 0, ourPub, 0);
        derp = new DerpDriver(regions, applier, new DerpClient[] {client}, new TlsTransport[] {new SinkTls()}, null,
                1000, 20, 1349);
        holder.set(derp);
        derp.onIteration(now); // home region 1: dialled (the login itself never completes here)
        assertEquals(1, derp.homeRegion());

        DiscoKeys ours = new DiscoKeys(box, random, 2);
        ours.setLocal(ourDiscoPriv, 0, ourDiscoPublic, 0);
        disco = new DiscoDriver(wg, applier, udp, derp, ours, new StunClient(random), ourPub, random, 2);
        derp.setDisco(disco);
        disco.setLocalEndpoint(new byte[] {4, (byte) 198, 18, 0, 1, (byte) 0xa2, 0x29}, 0, 7);

        peer = new DiscoKeys(new CryptoBox(), new CountingRandom(99), 2);
        peer.setLocal(peerDiscoPriv, 0, peerDiscoPublic, 0);
        peerSlotOfUs = peer.add(ourDiscoPublic, 0);
        assertTrue(peerSlotOfUs >= 0);
        disco.onIteration(now); // takes the netmap: the peer's disco key and endpoint
    }

    /** The peer seals {@code plain[0..n)} to us into {@code pkt}; returns the packet length. */
    private int fromPeer(int n) {
        return peer.seal(peerSlotOfUs, plain, 0, n, pkt, 0, pkt.length);
    }

    private void pingIn() {
        plain[2] = (byte) ++txSeq; // a fresh TxID
        int n = fromPeer(DiscoWire.writePing(plain, 0, plain.length, plain, 2, peerNodeKey, 0, 0));
        disco.onDatagram(pkt, 0, n, PEER_UDP, 7, now);
    }

    @Test
    void pingInPongOutAllocatesNothing() {
        long answered = disco.pingsAnswered();
        pingIn();
        assertEquals(answered + 1, disco.pingsAnswered());
        int n = peer.open(udp.disco, 0, udp.discoLen, plain, 0, plain.length);
        assertTrue(n > 0, "the pong opens with the peer's key");
        assertEquals(DiscoWire.TYPE_PONG, view.point(plain, 0, n).check());

        long per = AllocationMeter.bytesPerCall(this::pingIn, 2_000, 10_000);
        System.out.println("disco driver: ping in, pong out: " + per + " B");
        assertEquals(0, per);
        assertTrue(disco.pingsAnswered() >= answered + 12_001);
    }

    private void callMeMaybeIn() {
        // CallMeMaybe with one endpoint (the peer's public one), relayed by DERP region 1
        int e = DiscoWire.endpointFromSource(PEER_UDP, 0, plain, 200);
        int n = fromPeer(DiscoWire.writeCallMeMaybe(plain, 0, 200, plain, 200, e > 0 ? 1 : 0));
        disco.onDerpPacket(peerNodeKey, 0, pkt, 0, n, 1);
    }

    @Test
    void callMeMaybeRelayedByDerpAllocatesNothing() {
        long before = disco.callMeMaybes();
        callMeMaybeIn();
        assertEquals(before + 1, disco.callMeMaybes());
        long per = AllocationMeter.bytesPerCall(this::callMeMaybeIn, 2_000, 10_000);
        System.out.println("disco driver: CallMeMaybe in (DERP): " + per + " B");
        assertEquals(0, per);
        assertEquals(before + 12_001, disco.callMeMaybes());
    }

    /**
     * Time moves on by a ping interval; the iteration sends our ping to the peer (the session is active: a
     * CallMeMaybe came), and the peer's pong for it comes back.
     */
    private void ourPingAnswered() {
        now += PathSelector.PING_INTERVAL_MS + 1;
        callMeMaybeIn();
        udp.discoLen = 0;
        disco.onIteration(now);
        if (udp.discoLen == 0) {
            return;
        }
        int n = peer.open(udp.disco, 0, udp.discoLen, plain, 0, plain.length);
        if (n <= 0 || view.point(plain, 0, n).check() != DiscoWire.TYPE_PING) {
            return;
        }
        // The pong: the ping's TxID and the source the peer saw (our endpoint).
        System.arraycopy(plain, view.txIdOffset(), plain, 100, DiscoWire.TXID);
        DiscoWire.endpointFromSource(udp.discoDest, 0, plain, 120);
        int m = fromPeer(DiscoWire.writePong(plain, 0, 64, plain, 100, plain, 120));
        disco.onDatagram(pkt, 0, m, PEER_UDP, 7, now + 5);
    }

    @Test
    void ourPingAndThePeersPongAllocateNothing() {
        long pongs = disco.pongs();
        for (int i = 0; i < 3; i++) {
            ourPingAnswered();
        }
        assertTrue(disco.pongs() > pongs, "pongs for our pings were taken");
        assertEquals(PathSelector.PATH_DIRECT, disco.pathOf(0, now + 5), "a pong makes the path direct");
        long before = disco.pongs();
        long per = AllocationMeter.bytesPerCall(this::ourPingAnswered, 500, 2_000);
        System.out.println("disco driver: iteration with our ping due, pong in: " + per + " B");
        assertEquals(0, per);
        assertTrue(disco.pongs() - before >= 2_000, "every ping was answered: " + (disco.pongs() - before));
    }

    /** A STUN round: the refresh is due, the request goes out, the binding response comes back. */
    private void stunRound() {
        now += StunClient.REFRESH_MS + 20; // due again: 20 s after the last answer (10 ms after its request)
        udp.stunLen = 0;
        disco.onIteration(now);
        if (udp.stunLen < StunWire.HEADER) {
            return;
        }
        // Success response to that request: its header with one XOR-MAPPED-ADDRESS (IPv4).
        System.arraycopy(udp.stun, 0, stunAnswer, 0, StunWire.HEADER);
        stunAnswer[0] = 0x01;
        stunAnswer[1] = 0x01;
        stunAnswer[2] = 0;
        stunAnswer[3] = 12;
        stunAnswer[20] = 0;
        stunAnswer[21] = 0x20;
        stunAnswer[22] = 0;
        stunAnswer[23] = 8;
        stunAnswer[24] = 0;
        stunAnswer[25] = 1;
        disco.onDatagram(stunAnswer, 0, 32, STUN_SERVER, 7, now + 10);
    }

    @Test
    void stunRequestAndResponseAllocateNothing() {
        long sent = disco.stunRequestsSent();
        stunRound();
        assertEquals(sent + 1, disco.stunRequestsSent());
        byte[] ep = new byte[19];
        assertEquals(7, disco.publicEndpoint(now + 10, ep, 0), "the STUN answer gave our public endpoint");
        long per = AllocationMeter.bytesPerCall(this::stunRound, 500, 2_000);
        System.out.println("disco driver: STUN request out, response in: " + per + " B");
        assertEquals(0, per);
        assertEquals(sent + 2_501, disco.stunRequestsSent());
        assertEquals(7, disco.publicEndpoint(now + 10, ep, 0));
    }

    /** WireGuard datagrams of the loop: a socket of their own here, so disco traffic does not mix in. */
    private final Udp wgUdp = new Udp();
    private long relayed;

    private TunnelLoop loop() {
        Clock clock = new Clock() {
            @Override
            public long monotonicMillis() {
                return now - 1; // the loop adds 1: its now is the test's
            }

            @Override
            public long wallMillis() {
                return 0;
            }

            @Override
            public boolean wallTrusted() {
                return false;
            }

            @Override
            public void setWallMillis(long unixMillis) {
            }
        };
        EchoResponder echo = new EchoResponder(1420);
        echo.setAddressV4(new byte[] {100, 64, 0, 1}, 0);
        LogSink sink = new LogSink() {
            @Override
            public int write(byte[] line, int off, int len) {
                return len;
            }
        };
        TunnelLoop l = new TunnelLoop(wg, wgUdp, clock, null, echo,
                new Logger(sink, LogEvents.TAGS, 120, LogLevel.INFO, 5, 1000), 1420, 50, null);
        l.setRelayPath(new RelayPath() {
            @Override
            public int sendRelayed(int slot, byte[] endpoint, int epOff, byte[] p, int off, int len) {
                relayed++;
                return len;
            }
        });
        l.setSecondaryUdpPath(disco);
        return l;
    }

    /** An IPv4 ICMP echo request 100.64.0.1 → 100.64.0.2 (the peer): WireGuard output for the peer. */
    private static final byte[] REQUEST = {0x45, 0, 0, 28, 0, 0, 0x40, 0, 64, 1, 0, 0, 100, 64, 0, 1, 100, 64, 0, 2,
        8, 0, 0, 0, 0, 1, 0, 1};

    /**
     * Time moves on past WireGuard's handshake retry, the driver's iteration applies the path, and the loop sends
     * to the peer (the held packet's handshake initiation goes out again). Returns {relayed, UDP} sends it made.
     */
    private long[] sendAfter(TunnelLoop loop, long ms) {
        now += ms;
        disco.onIteration(now);
        long r = relayed;
        int u = wgUdp.sent;
        loop.sendInner(REQUEST, 0, REQUEST.length);
        return new long[] {relayed - r, wgUdp.sent - u};
    }

    @Test
    void dualSendGoesToDerpAndTheStaleDirectAddressOnlyWhileTrustHasLapsed() {
        TunnelLoop loop = loop();
        long[] d = sendAfter(loop, 1);
        assertEquals(PathSelector.PATH_DERP, disco.pathOf(0, now), "no direct path yet");
        assertEquals(1, d[0], "DERP carries the handshake");
        assertEquals(0, d[1], "and nothing else does");
        assertEquals(0, loop.dualSends());

        for (int i = 0; i < 3; i++) {
            ourPingAnswered();
        }
        d = sendAfter(loop, 10);
        assertEquals(PathSelector.PATH_DIRECT, disco.pathOf(0, now), "a pong made the path direct");
        assertEquals(0, d[0], "a trusted direct path: nothing to DERP");
        assertTrue(d[1] >= 1, "the retried initiation went over UDP");
        assertArrayEquals(PEER_UDP, java.util.Arrays.copyOf(wgUdp.discoDest, 7));
        assertEquals(0, loop.dualSends());

        d = sendAfter(loop, PathSelector.TRUST_MS);
        assertEquals(PathSelector.PATH_DERP_AND_UDP, disco.pathOf(0, now), "no pong for the trust window");
        assertTrue(d[0] >= 1, "DERP carries it");
        assertEquals(d[0], d[1], "and every datagram also goes to the stale direct address");
        assertArrayEquals(PEER_UDP, java.util.Arrays.copyOf(wgUdp.discoDest, 7));
        assertEquals(d[1], loop.dualSends());
        assertEquals(0, loop.transportErrors());

        byte[] out = new byte[19];
        assertEquals(7, disco.secondaryUdpEndpoint(0, now, out, 0));
        long per = AllocationMeter.bytesPerCall(() -> disco.secondaryUdpEndpoint(0, now, out, 0), 2_000, 10_000);
        System.out.println("disco driver: dual-send query (stale direct address): " + per + " B");
        assertEquals(0, per);
        assertEquals(0, disco.secondaryUdpEndpoint(1, now, out, 0), "no peer in slot 1");
    }

    private void idleIteration() {
        now += 1;
        disco.onIteration(now);
        disco.nextDeadline(now);
    }

    @Test
    void anIterationWithNothingDueAllocatesNothing() {
        stunRound();
        int sent = udp.sent;
        long per = AllocationMeter.bytesPerCall(this::idleIteration, 2_000, 10_000);
        System.out.println("disco driver: iteration, nothing due: " + per + " B");
        assertEquals(0, per);
        assertTrue(udp.sent - sent <= 1, "an idle iteration sends (almost) nothing: " + (udp.sent - sent));
    }
}
