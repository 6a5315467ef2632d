package io.tailnode.sim.derp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.control.map.NetmapApplier;
import io.tailnode.control.map.NetmapConfig;
import io.tailnode.crypto.CryptoBox;
import io.tailnode.crypto.Tai64n;
import io.tailnode.crypto.X25519;
import io.tailnode.derp.CertPin;
import io.tailnode.derp.DerpClient;
import io.tailnode.derp.DerpMapFixture;
import io.tailnode.derp.DerpReason;
import io.tailnode.derp.DerpRegions;
import io.tailnode.firmware.derp.DerpDriver;
import io.tailnode.firmware.hal.HalStatus;
import io.tailnode.firmware.hal.TlsTransport;
import io.tailnode.sim.hal.HostTlsTransport;
import io.tailnode.wg.WgDeviceConfig;
import io.tailnode.wg.WireGuardDevice;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * From a MapResponse carrying a DERP map to a logged-in connection over real loopback TLS: the device's scanner
 * fills {@link DerpRegions} (the maps come from the shared {@link DerpMapFixture}, or the development relay's own
 * {@code derpMapJson}, which carries its {@code sha256-raw:} pin as CertName), and the device's {@link DerpDriver}
 * dials the home region through the simulator's {@link HostTlsTransport}: pin mode with the map's pin (no trust
 * anchor for the relay anywhere), chain mode with the HostName when the map has no CertName, a wrong pin refused
 * and counted, a pinned node skipped on a platform that cannot pin. A relay that accepts TCP and never answers the
 * TLS handshake does not hold the loop: every iteration stays short, the dial times out and is retried on the
 * client's backoff.
 */
class DerpMapDialTest {
    static final int REGION = 900;

    DevDerpRelay relay;
    TlsDerpDriver d;
    Rig rig;
    ServerSocket silent;
    final List<Socket> held = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws IOException {
        if (d != null) {
            d.close();
        }
        if (rig != null) {
            rig.close();
        }
        if (relay != null) {
            relay.close();
        }
        if (silent != null) {
            silent.close();
        }
        for (Socket s : held) {
            s.close();
        }
    }

    /** The device's DERP driver with two slots over HostTlsTransports; its clock is wall time in ms. */
    static final class Rig {
        final DerpRegions regions = new DerpRegions(8, 64);
        final DerpClient[] clients = new DerpClient[2];
        final HostTlsTransport[] transports = new HostTlsTransport[2];
        final DerpDriver driver;
        final byte[] nodePublic = new byte[32];
        final long t0 = System.nanoTime();
        long longestIterationNanos;
        long iterations;
        /** The clock value the last iteration ran at. */
        long lastNow;

        Rig(SSLContext chain, boolean canPin, int dialTimeoutMs) {
            byte[] nodePrivate = NaclBox.newPrivateKey();
            System.arraycopy(NaclBox.publicKey(nodePrivate), 0, nodePublic, 0, 32);
            WgDeviceConfig wc = new WgDeviceConfig();
            wc.maxPeers = 4;
            wc.maxAllowedIps = 16;
            WireGuardDevice wg = new WireGuardDevice(nodePrivate, 0, wc, new X25519(),
                    (b, off, len) -> java.util.Arrays.fill(b, off, off + len, (byte) 5), max -> 0, (out, off, mono) -> {
                        Tai64n.encode(1_700_000_000_000L + mono, 0, false, out, off);
                        return 12;
                    });
            NetmapConfig nc = new NetmapConfig();
            nc.maxPeers = 4;
            NetmapApplier applier = new NetmapApplier(nc, wg);
            applier.setDerpRegions(regions);
            DerpDriver.Holder holder = new DerpDriver.Holder();
            java.security.SecureRandom rnd = new java.security.SecureRandom();
            for (int i = 0; i < clients.length; i++) {
                clients[i] = new DerpClient(new CryptoBox(), (b, off, len) -> {
                    byte[] t = new byte[len];
                    rnd.nextBytes(t);
                    System.arraycopy(t, 0, b, off, len);
                }, DerpDriver.listenerFor(holder, i), 1500, 16384, 256);
                clients[i].setNodeKey(nodePrivate, 0, nodePublic, 0);
                transports[i] = new HostTlsTransport(chain, canPin);
            }
            driver = new DerpDriver(regions, applier, clients, transports, null, dialTimeoutMs, 5, 16384);
            holder.set(driver);
        }

        long now() {
            return (System.nanoTime() - t0) / 1_000_000 + 1_000_000;
        }

        /** One loop iteration, timed. */
        void iterate() {
            long a = System.nanoTime();
            lastNow = now();
            driver.onIteration(lastNow);
            long took = System.nanoTime() - a;
            longestIterationNanos = Math.max(longestIterationNanos, took);
            iterations++;
        }

        /** Iterates (1 ms pauses, as a loop waiting on its socket would) until {@code done}; 10 s hang guard. */
        void iterateUntil(BooleanSupplier done) throws InterruptedException {
            long end = System.nanoTime() + 10_000_000_000L;
            while (!done.getAsBoolean()) {
                if (System.nanoTime() > end) {
                    throw new AssertionError("not reached: dials " + driver.dials() + ", last dial error "
                            + driver.lastDialError() + ", client state " + clients[0].state());
                }
                iterate();
                Thread.sleep(1);
            }
        }

        void map(byte[] mapResponse) {
            DerpMapFixture.scan(regions, mapResponse);
        }

        void close() {
            for (HostTlsTransport t : transports) {
                t.close();
            }
        }
    }

    static SSLContext defaultContext() throws Exception {
        return SSLContext.getDefault();
    }

    @Test
    void dialTheHomeRegionFromTheMapWithItsPin() throws Exception {
        relay = DevDerpRelay.start();
        DerpRegions regions = new DerpRegions(8, 64);
        DerpMapFixture.scan(regions, DerpMapFixture.mapResponse(relay.derpMapJson(REGION, 3478)));
        int home = regions.homeRegion(0);
        assertEquals(REGION, home);
        int i = regions.indexOf(home);
        assertEquals(relay.port(), regions.derpPort(i));
        assertEquals(3478, regions.stunPort(i));
        byte[] addr = new byte[5];
        addr[0] = 4;
        assertTrue(regions.derpIpv4(i, addr, 1));
        byte[] host = new byte[64];
        int hostLen = regions.derpHost(i, host, 0);
        byte[] pin = new byte[32];
        assertTrue(regions.derpPin(i, pin, 0), "the relay's map carries its pin as CertName");
        byte[] expected = new byte[32];
        byte[] cn = relay.pin().getBytes(StandardCharsets.US_ASCII);
        assertTrue(CertPin.parse(cn, 0, cn.length, expected, 0));
        assertArrayEquals(expected, pin);

        d = new TlsDerpDriver();
        // no trust anchor for the relay: only the pin from the map can make this handshake succeed
        assertEquals(HalStatus.OK, d.connect(null, addr, regions.derpPort(i), host, hostLen, pin));
        TlsDerpDriver.pumpUntil(() -> d.client.state() == DerpClient.STATE_OPEN, d);
        assertEquals(DerpReason.OK, d.client.notePreferred(true));
        TlsDerpDriver.pumpUntil(() -> Boolean.TRUE.equals(relay.preferred(d.nodePublic)), d);
    }

    @Test
    void theDriverDialsInPinModeWhenTheMapHasAPin() throws Exception {
        relay = DevDerpRelay.start();
        rig = new Rig(defaultContext(), true, 5000);
        rig.map(DerpMapFixture.mapResponse(relay.derpMapJson(REGION, -1)));
        rig.iterateUntil(() -> rig.driver.isConnected(REGION) && Boolean.TRUE.equals(relay.preferred(rig.nodePublic)));
        assertEquals(1, rig.driver.dials());
        assertEquals(0, rig.driver.dialFailures());
        assertTrue(relay.isConnected(rig.nodePublic));
    }

    @Test
    void aWrongPinIsRefusedAndCounted() throws Exception {
        relay = DevDerpRelay.start();
        rig = new Rig(relay.certificate().clientContext(), true, 5000);
        // the chain context would trust the relay: the pin alone decides, and it is wrong
        String wrongPin = "sha256-raw:" + "00".repeat(32);
        rig.map(DerpMapFixture.mapResponse(DerpMapFixture.oneRegion(REGION, "127.0.0.1", wrongPin, "127.0.0.1",
                relay.port(), -1)));
        rig.iterateUntil(() -> rig.driver.dialFailures() >= 1);
        assertEquals(1, rig.driver.certificateFailures());
        assertEquals(TlsTransport.ERR_CERTIFICATE, rig.driver.lastDialError());
        assertEquals(TlsTransport.ERR_CERTIFICATE, rig.driver.slotError(0));
        assertFalse(rig.driver.isConnected(REGION));
        assertEquals(0, relay.clientCount(), "no DERP login reached the relay");
        assertEquals(DerpClient.STATE_CLOSED, rig.clients[0].state());
        assertTrue(rig.clients[0].reconnectAt() > rig.now(), "retried on the backoff");
    }

    @Test
    void withoutCertNameTheHostNameIsVerifiedInChainMode() throws Exception {
        relay = DevDerpRelay.start();
        rig = new Rig(relay.certificate().clientContext(), true, 5000);
        // the relay's certificate names localhost (and 127.0.0.1): the HostName is what it is checked against
        rig.map(DerpMapFixture.mapResponse(DerpMapFixture.oneRegion(REGION, "localhost", null, "127.0.0.1",
                relay.port(), -1)));
        rig.iterateUntil(() -> rig.driver.isConnected(REGION));
        assertTrue(relay.isConnected(rig.nodePublic));
        rig.close();

        // A HostName the certificate does not carry is refused, though the chain is trusted.
        Rig other = new Rig(relay.certificate().clientContext(), true, 5000);
        rig = other;
        other.map(DerpMapFixture.mapResponse(DerpMapFixture.oneRegion(REGION, "derp.invalid", null, "127.0.0.1",
                relay.port(), -1)));
        other.iterateUntil(() -> other.driver.dialFailures() >= 1);
        assertEquals(TlsTransport.ERR_CERTIFICATE, other.driver.lastDialError());
        assertEquals(1, other.driver.certificateFailures());
    }

    @Test
    void aPinnedNodeIsSkippedWhereThePlatformCannotPin() throws Exception {
        relay = DevDerpRelay.start();
        rig = new Rig(relay.certificate().clientContext(), false, 5000);
        rig.map(DerpMapFixture.mapResponse(relay.derpMapJson(REGION, -1)));
        rig.iterateUntil(() -> rig.driver.pinSkips() >= 1);
        for (int i = 0; i < 20; i++) {
            rig.iterate();
        }
        assertEquals(0, rig.driver.dials(), "never dialled, so never unverified");
        assertEquals(TlsTransport.ERR_PIN_UNSUPPORTED, rig.driver.slotError(0));
        assertEquals(0, relay.clientCount());
    }

    @Test
    void aRelayThatNeverAnswersTheHandshakeDoesNotHoldTheLoop() throws Exception {
        silent = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    held.add(silent.accept()); // accepted, then silent: the TLS ClientHello is never answered
                }
            } catch (IOException closed) {
                // test over
            }
        }, "silent-relay");
        acceptor.setDaemon(true);
        acceptor.start();
        int dialTimeoutMs = 1500;
        rig = new Rig(defaultContext(), true, dialTimeoutMs);
        rig.map(DerpMapFixture.mapResponse(DerpMapFixture.oneRegion(REGION, "127.0.0.1",
                "sha256-raw:" + "11".repeat(32), "127.0.0.1", silent.getLocalPort(), -1)));
        rig.iterateUntil(() -> rig.driver.dialTimeouts() >= 1);
        long timedOutAt = rig.lastNow;
        assertEquals(1, held.size(), "the TCP connection was made; the handshake hung");
        assertEquals(TlsTransport.ERR_DIAL_TIMEOUT, rig.driver.slotError(0));
        long reconnectAt = rig.clients[0].reconnectAt();
        assertEquals(timedOutAt + DerpClient.BACKOFF_INITIAL_MS, reconnectAt, "the first backoff step");
        rig.iterateUntil(() -> held.size() >= 2);
        assertEquals(2, rig.driver.dials(), "retried once the backoff was due");
        assertTrue(rig.now() >= reconnectAt);
        long longestMs = rig.longestIterationNanos / 1_000_000;
        System.out.println("silent relay: " + rig.iterations + " iterations, longest " + longestMs
                + " ms, dial timeout " + dialTimeoutMs + " ms");
        assertTrue(longestMs < dialTimeoutMs / 10, "longest iteration " + longestMs + " ms");
    }
}
