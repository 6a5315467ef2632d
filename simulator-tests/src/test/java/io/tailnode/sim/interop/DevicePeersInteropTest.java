package io.tailnode.sim.interop;

import static io.tailnode.sim.interop.DeviceHarness.DEVICE_V4;
import static io.tailnode.sim.interop.DeviceHarness.DEVICE_V6;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.sim.interop.DeviceHarness.Device;
import io.tailnode.sim.interop.DeviceHarness.DevicePeer;
import io.tailnode.wg.SessionReason;
import io.tailnode.wg.WgDrop;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #4 interop scenarios 2 (preshared key) and 3 (three peers, cryptokey routing, a spoofed inner source
 * dropped and counted under the allowed-IPs reason).
 */
@Tag("interop")
class DevicePeersInteropTest {
    @TempDir
    Path dir;
    private final List<WgPeerNamespace> peers = new ArrayList<>();
    private Device device;

    @BeforeAll
    static void check() {
        DeviceHarness.requireInterop();
    }

    @AfterEach
    void down() {
        if (device != null) {
            device.close();
        }
        for (WgPeerNamespace p : peers) {
            p.close();
        }
    }

    @Test
    void presharedKey() throws Exception {
        long t0 = System.nanoTime();
        WgPeerNamespace peer = WgPeerNamespace.up(1);
        peers.add(peer);
        WgKeys me = WgKeys.generate();
        String psk = WgKeys.generatePsk();
        device = DeviceHarness.start(dir, DeviceHarness.config(me, -1, List.of(DevicePeer.of(peer, true).withPsk(psk))),
                peer.rootAddressV4(), null);
        peer.addDevice(me.publicKey(), device.endpoint(), psk, 0);
        PingResult p4 = peer.ping(DEVICE_V4, 3, 1392, true, null);
        assertTrue(p4.allReceived(), p4.output() + "\n" + device.output());
        int slot = device.sim.slotOf(peer.publicKey());
        assertEquals(1, device.sim.handshakes(slot));
        // A second handshake with the PSK after the peer lost its session (restart); whichever side initiates
        // first (the peer's ping, usually), both must mix the same PSK in.
        peer.restart();
        long before = device.sim.handshakes(slot);
        PingResult again = peer.ping(DEVICE_V6, 3, 1372, true, null);
        assertTrue(again.allReceived(), again.output() + "\n" + device.output());
        assertTrue(device.sim.handshakes(slot) > before, "a new handshake with the PSK completed");
        System.out.printf("scenario 2 (preshared key): %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    }

    @Test
    void threePeersAndSpoofedSource() throws Exception {
        long t0 = System.nanoTime();
        List<DevicePeer> specs = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            WgPeerNamespace p = WgPeerNamespace.up(i);
            peers.add(p);
            specs.add(DevicePeer.of(p, true));
            if (i > 1) {
                // The device's socket is on peer 1's veth (198.18.1.1); the root namespace answers for it on any
                // interface, so peers 2 and 3 only need a host route to it.
                Cmd.must("ip", "-n", p.name(), "route", "add", peers.get(0).rootAddressV4() + "/32", "via",
                        p.rootAddressV4());
            }
        }
        WgKeys me = WgKeys.generate();
        device = DeviceHarness.start(dir, DeviceHarness.config(me, -1, specs), peers.get(0).rootAddressV4(), null);
        for (WgPeerNamespace p : peers) {
            p.addDevice(me.publicKey(), device.endpoint(), null, 0);
        }
        for (WgPeerNamespace p : peers) {
            PingResult r = p.ping(DEVICE_V4, 2, 1392, true, null);
            assertTrue(r.allReceived(), p.name() + ": " + r.output() + "\n" + device.output());
            PingResult r6 = p.ping(DEVICE_V6, 2, 1372, true, null);
            assertTrue(r6.allReceived(), p.name() + ": " + r6.output());
            assertEquals(1, device.sim.handshakes(device.sim.slotOf(p.publicKey())));
        }
        WgPeerNamespace p1 = peers.get(0);
        WgPeerNamespace p2 = peers.get(1);
        int notAllowed = WgDrop.session(SessionReason.NOT_ALLOWED_SOURCE);
        long dropsBefore = device.sim.drops(notAllowed);
        long rx1 = device.sim.peerStatus(0).rxPackets;
        p2.addTunnelAddress(p1.tunnelV4() + "/32");
        PingResult spoof = p2.ping(DEVICE_V4, 3, 56, false, p1.tunnelV4());
        assertEquals(0, spoof.received(), spoof.output());
        long dropped = device.sim.drops(notAllowed) - dropsBefore;
        assertEquals(3, dropped, "each spoofed echo counted under NOT_ALLOWED_SOURCE\n" + device.sim.status());
        PingResult still = p1.ping(DEVICE_V4, 3, 1392, true, null);
        assertTrue(still.allReceived(), "peer 1 unaffected: " + still.output());
        assertEquals(1, device.sim.handshakes(device.sim.slotOf(p1.publicKey())));
        assertTrue(device.sim.peerStatus(0).rxPackets > rx1);
        System.out.printf("scenario 3 (three peers, spoofed source): %d ms, drops %s%n",
                (System.nanoTime() - t0) / 1_000_000, device.sim.dropCounters());
    }
}
