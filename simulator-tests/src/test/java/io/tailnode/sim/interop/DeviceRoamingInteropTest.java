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
import io.tailnode.wg.SessionReason;
import io.tailnode.wg.WgDrop;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #4 interop scenarios 4 (peer restart with the same key), 6 (captured packets replayed from another
 * address: dropped, counted, endpoint unchanged; then a fresh packet from that address moves it) and 5 (the
 * peer's underlay address changes: the device follows after an authenticated packet).
 */
@Tag("interop")
class DeviceRoamingInteropTest {
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

    private int upWithHandshake(WgKeys me) throws Exception {
        peer = WgPeerNamespace.up(1);
        device = DeviceHarness.start(dir, DeviceHarness.config(me, -1, List.of(DevicePeer.of(peer, true))),
                peer.rootAddressV4(), null);
        peer.addDevice(me.publicKey(), device.endpoint(), null, 0);
        PingResult first = peer.ping(DEVICE_V4, 2, 1392, true, null);
        assertTrue(first.allReceived(), first.output() + "\n" + device.output());
        return device.sim.slotOf(peer.publicKey());
    }

    /**
     * wireguard-go 0.0.20220316 pins the source address of its replies (IP_PKTINFO "sticky" source learned from
     * the device's packets). After its address is removed, sendmsg fails with ENETUNREACH ("Failed to send data
     * packet: network is unreachable" in its log) and it clears the pin only on EINVAL, so it would never send
     * again. Setting its endpoint for the device again ({@code wg set ... endpoint}) drops the pin; the kernel
     * then picks the new address. The device still learns the new address only from an authenticated packet.
     */
    private void clearStickySource(WgKeys me) {
        peer.addDevice(me.publicKey(), device.endpoint(), null, 0);
    }

    private long repliesReceived() {
        return device.sim.onLoop(l -> SimDevice.ipDrops(l, IpReason.NOT_ECHO_REQUEST));
    }

    @Test
    void peerRestartsWithSameKey() throws Exception {
        long t0 = System.nanoTime();
        WgKeys me = WgKeys.generate();
        int slot = upWithHandshake(me);
        assertEquals(1, device.sim.handshakes(slot));
        long pid = peer.wireguardPid();
        peer.restart();
        assertTrue(peer.wireguardPid() != pid, "a new wireguard-go process");
        assertEquals(0, peer.latestHandshake(me.publicKey()), "the restarted peer has no session");
        PingResult after = peer.ping(DEVICE_V4, 3, 1392, true, null);
        assertTrue(after.allReceived(), after.output() + "\n" + device.output());
        PingResult after6 = peer.ping(DEVICE_V6, 2, 1372, true, null);
        assertTrue(after6.allReceived(), after6.output());
        assertEquals(2, device.sim.handshakes(slot), "one new handshake, same device");
        long before = repliesReceived();
        device.sim.sendInner(DeviceHarness.echoRequestV4(DEVICE_V4, peer.tunnelV4(), 1420, 0x7171, 1));
        assertTrue(waitFor(3000, () -> repliesReceived() > before), device::output);
        System.out.printf("scenario 4 (peer restart): %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    }

    @Test
    void replayFromAnotherAddressIsDroppedThenFreshPacketMovesEndpoint() throws Exception {
        long t0 = System.nanoTime();
        WgKeys me = WgKeys.generate();
        int slot = upWithHandshake(me);
        int port = device.sim.localPort();
        Path pcap = dir.resolve("replay.pcap");
        WgPeerNamespace.Capture cap = peer.capture(null, 10, "udp and dst port " + port, pcap);
        PingResult r = peer.ping(DEVICE_V4, 3, 1392, true, null);
        assertTrue(r.allReceived(), r.output());
        List<PcapUdp.Datagram> captured = PcapUdp.read(cap.stop()).stream()
                .filter(d -> d.source().equals(peer.underlayV4()) && d.wireGuardType() == 4).toList();
        assertTrue(captured.size() >= 3, "captured " + captured.size() + " transport messages");

        String other = "198.18.1.9";
        Cmd.must("ip", "addr", "add", other + "/32", "dev", peer.rootInterface());
        Map<String, Long> dropsBefore = device.sim.dropCounters();
        long replayedBefore = device.sim.drops(WgDrop.session(SessionReason.REPLAYED));
        long tunnelBefore = device.sim.onLoop(l -> l.tunnelPackets());
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(other), 0))) {
            InetSocketAddress to = new InetSocketAddress(InetAddress.getByName(peer.rootAddressV4()), port);
            for (PcapUdp.Datagram d : captured) {
                s.send(new DatagramPacket(d.payload(), d.payload().length, to));
            }
        }
        int n = captured.size();
        assertTrue(waitFor(3000, () -> device.sim.drops(WgDrop.session(SessionReason.REPLAYED)) - replayedBefore >= n),
                () -> "replays counted: " + device.sim.dropCounters());
        assertEquals(n, device.sim.drops(WgDrop.session(SessionReason.REPLAYED)) - replayedBefore);
        assertEquals(tunnelBefore, (long) device.sim.onLoop(l -> l.tunnelPackets()), "nothing reached the tunnel");
        assertEquals(peer.endpointV4(), device.sim.endpointOf(slot), "endpoint unchanged by replays");
        assertEquals(1, device.sim.handshakes(slot));

        // Positive control: the address moves to the peer, whose next (fresh, authenticated) packet comes from it.
        Cmd.must("ip", "addr", "del", other + "/32", "dev", peer.rootInterface());
        peer.changeUnderlayAddress(9);
        clearStickySource(me);
        PingResult moved = peer.ping(DEVICE_V4, 2, 1392, true, null);
        assertTrue(moved.allReceived(), moved.output() + "\n" + device.output());
        assertEquals(other + ":" + peer.listenPort(), device.sim.endpointOf(slot), "fresh packet moved the endpoint");
        System.out.printf("scenario 6 (replay from another address): %d ms, %d replayed, drops before %s after %s%n",
                (System.nanoTime() - t0) / 1_000_000, n, dropsBefore, device.sim.dropCounters());
    }

    @Test
    void peerUnderlayChangesDeviceFollows() throws Exception {
        long t0 = System.nanoTime();
        WgKeys me = WgKeys.generate();
        int slot = upWithHandshake(me);
        assertEquals(peer.endpointV4(), device.sim.endpointOf(slot));
        peer.changeUnderlayAddress(5);
        clearStickySource(me);
        // The first authenticated packet from the new address (the ping's transport data) moves the endpoint;
        // the echo replies then go to the new address, so the ping succeeding proves the device followed.
        PingResult r = peer.ping(DEVICE_V4, 3, 1392, true, null);
        assertTrue(r.allReceived(), r.output() + "\n" + device.output());
        assertEquals("198.18.1.5:" + peer.listenPort(), device.sim.endpointOf(slot));
        long before = repliesReceived();
        device.sim.sendInner(DeviceHarness.echoRequestV6(DEVICE_V6, peer.tunnelV6(), 1420, 0x5555, 1));
        assertTrue(waitFor(3000, () -> repliesReceived() > before), device::output);
        assertEquals(1, device.sim.handshakes(slot), "no handshake needed to roam");
        assertTrue(device.output().contains("endpoint 198.18.1.5:" + peer.listenPort()), device.output());
        System.out.printf("scenario 5 (underlay change): %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    }
}
