package io.tailnode.sim.interop;

import static io.tailnode.sim.interop.DeviceHarness.DEVICE_V4;
import static io.tailnode.sim.interop.DeviceHarness.DEVICE_V6;
import static io.tailnode.sim.interop.DeviceHarness.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.ip.IpReason;
import io.tailnode.sim.SimDevice;
import io.tailnode.sim.interop.DeviceHarness.Device;
import io.tailnode.sim.interop.DeviceHarness.DevicePeer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #4, "Interop with real peers", scenario 1: our device (SimDevice in-process, UDP socket on the root end
 * of the peer's veth) against wireguard-go. Device-initiated traffic is an ICMP/ICMPv6 echo request the test
 * injects through the device loop's send path ({@link io.tailnode.firmware.loop.TunnelLoop#sendInner}): the
 * device holds it, initiates the handshake, sends it, and the peer kernel's echo reply comes back through the
 * tunnel (counted by the echo responder as "not an echo request", which is how a reply reaches a device that
 * has no stack yet). Peer-initiated traffic is {@code ping} in the peer's namespace, answered by the device.
 * Inner packets are 1420 bytes with DF set (ping -s 1392 / -s 1372 -M do).
 */
@Tag("interop")
class DeviceInteropTest {
    @TempDir
    Path dir;
    private WgPeerNamespace peer;
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
        if (peer != null) {
            peer.close();
        }
    }

    private long tunnelPackets() {
        return device.sim.onLoop(l -> l.tunnelPackets());
    }

    private long repliesReceived() {
        return device.sim.onLoop(l -> SimDevice.ipDrops(l, IpReason.NOT_ECHO_REQUEST));
    }

    @Test
    void deviceInitiatesThenPingsBothWays() throws Exception {
        long t0 = System.nanoTime();
        peer = WgPeerNamespace.up(1);
        WgKeys me = WgKeys.generate();
        device = DeviceHarness.start(dir, DeviceHarness.config(me, -1, List.of(DevicePeer.of(peer, true))),
                peer.rootAddressV4(), null);
        peer.addDevice(me.publicKey(), null, null, 0);
        int slot = device.sim.slotOf(peer.publicKey());

        device.sim.sendInner(DeviceHarness.echoRequestV4(DEVICE_V4, peer.tunnelV4(), 1420, 0x4242, 1));
        assertTrue(waitFor(5000, () -> repliesReceived() >= 1), () -> "no echo reply through the tunnel\n" + device.output());
        assertEquals(1, device.sim.handshakes(slot));
        assertTrue(peer.latestHandshake(me.publicKey()) > 0);
        assertEquals(device.endpoint(), peer.endpointOf(me.publicKey()), "peer learned the device's endpoint");

        device.sim.sendInner(DeviceHarness.echoRequestV6(DEVICE_V6, peer.tunnelV6(), 1420, 0x4243, 1));
        assertTrue(waitFor(3000, () -> repliesReceived() >= 2), () -> "no ICMPv6 echo reply\n" + device.output());

        PingResult p4 = peer.ping(DEVICE_V4, 3, 1392, true, null);
        assertTrue(p4.allReceived(), p4.output());
        PingResult p6 = peer.ping(DEVICE_V6, 3, 1372, true, null);
        assertTrue(p6.allReceived(), p6.output());
        assertEquals(1, device.sim.handshakes(slot), "no second handshake needed");
        assertTrue(device.output().contains("handshake completed with peer " + slot), device.output());
        System.out.printf("scenario 1 (device initiates): %d ms, status:%n%s%n", (System.nanoTime() - t0) / 1_000_000,
                device.sim.status());
    }

    @Test
    void peerInitiatesThenDeviceSends() throws Exception {
        long t0 = System.nanoTime();
        peer = WgPeerNamespace.up(1);
        WgKeys me = WgKeys.generate();
        device = DeviceHarness.start(dir, DeviceHarness.config(me, -1, List.of(DevicePeer.of(peer, false))),
                peer.rootAddressV4(), null);
        peer.addDevice(me.publicKey(), device.endpoint(), null, 0);
        int slot = device.sim.slotOf(peer.publicKey());
        assertEquals("(none)", device.sim.endpointOf(slot));

        PingResult p4 = peer.ping(DEVICE_V4, 3, 1392, true, null);
        assertTrue(p4.allReceived(), p4.output() + "\n" + device.output());
        assertEquals(1, device.sim.handshakes(slot));
        assertEquals(peer.endpointV4(), device.sim.endpointOf(slot), "endpoint learned from the initiation");
        PingResult p6 = peer.ping(DEVICE_V6, 3, 1372, true, null);
        assertTrue(p6.allReceived(), p6.output());

        long before = repliesReceived();
        device.sim.sendInner(DeviceHarness.echoRequestV4(DEVICE_V4, peer.tunnelV4(), 1420, 0x5151, 1));
        device.sim.sendInner(DeviceHarness.echoRequestV6(DEVICE_V6, peer.tunnelV6(), 1420, 0x5152, 1));
        assertTrue(waitFor(3000, () -> repliesReceived() >= before + 2), device::output);
        assertEquals(1, device.sim.handshakes(slot));
        System.out.printf("scenario 1 (peer initiates): %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    }

    @Test
    void ipv6Underlay() throws Exception {
        long t0 = System.nanoTime();
        peer = WgPeerNamespace.up(1);
        WgKeys me = WgKeys.generate();
        device = DeviceHarness.start(dir,
                DeviceHarness.config(me, -1, List.of(DevicePeer.of(peer, true).withEndpoint(peer.endpointV6()))),
                peer.rootAddressV6(), null);
        peer.addDevice(me.publicKey(), null, null, 0);
        int slot = device.sim.slotOf(peer.publicKey());
        device.sim.sendInner(DeviceHarness.echoRequestV4(DEVICE_V4, peer.tunnelV4(), 1420, 0x6161, 1));
        assertTrue(waitFor(5000, () -> repliesReceived() >= 1), device::output);
        assertEquals("[" + peer.rootAddressV6() + "]:" + device.sim.localPort(), peer.endpointOf(me.publicKey()));
        PingResult p4 = peer.ping(DEVICE_V4, 3, 1392, true, null);
        assertTrue(p4.allReceived(), p4.output());
        PingResult p6 = peer.ping(DEVICE_V6, 3, 1372, true, null);
        assertTrue(p6.allReceived(), p6.output());
        assertEquals(peer.endpointV6(), device.sim.endpointOf(slot));
        System.out.printf("scenario 1 (IPv6 underlay): %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    }
}
