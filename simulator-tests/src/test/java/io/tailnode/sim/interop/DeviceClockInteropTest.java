package io.tailnode.sim.interop;

import static io.tailnode.sim.interop.DeviceHarness.DEVICE_V4;
import static io.tailnode.sim.interop.DeviceHarness.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * Issue #4 interop scenario 7: after a handshake with a wireguard-go peer that keeps running, the device
 * restarts with its wall clock at the Unix epoch (untrusted, as a board without RTC). The peer only accepts an
 * initiation whose TAI64N is newer than the last one it saw from this key; the clock floor persisted in the
 * device's flash image keeps it so, and a new handshake completes within 10 s. Negative control: the same key
 * booted on a blank flash image (no floor) at the epoch starts from the firmware's build time, which is older
 * than the first handshake's timestamp, and the peer rejects its initiations.
 */
@Tag("interop")
class DeviceClockInteropTest {
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

    private static SimDevice.Options atEpoch() {
        SimDevice.Options o = new SimDevice.Options();
        o.wallTrusted = false;
        o.wallOffsetMillis = -System.currentTimeMillis();
        return o;
    }

    private long repliesReceived() {
        return device.sim.onLoop(l -> SimDevice.ipDrops(l, IpReason.NOT_ECHO_REQUEST));
    }

    private boolean deviceHandshakeWithin(long ms) throws Exception {
        int slot = device.sim.slotOf(peer.publicKey());
        device.sim.sendInner(DeviceHarness.echoRequestV4(DEVICE_V4, peer.tunnelV4(), 84, 0x7777, 1));
        return waitFor(ms, () -> device.sim.handshakes(slot) >= 1 && repliesReceived() >= 1);
    }

    @Test
    void restartAtEpochHandshakesThanksToClockFloor() throws Exception {
        long t0 = System.nanoTime();
        peer = WgPeerNamespace.up(1);
        WgKeys me = WgKeys.generate();
        String conf = DeviceHarness.config(me, -1, List.of(DevicePeer.of(peer, true)));
        peer.addDevice(me.publicKey(), null, null, 0);

        device = DeviceHarness.start(dir.resolve("run1"), conf, peer.rootAddressV4(), null);
        assertTrue(deviceHandshakeWithin(5000), device::output);
        long firstHandshake = peer.latestHandshake(me.publicKey());
        assertTrue(firstHandshake > 0);
        device.close();
        device = null;

        // Negative control: same key, blank flash (no floor), wall clock at the epoch -> rejected by the peer.
        device = DeviceHarness.start(dir.resolve("blank"), conf, peer.rootAddressV4(), atEpoch());
        assertFalse(deviceHandshakeWithin(2500), "without the floor the peer must reject the old timestamp\n"
                + device.output());
        device.close();
        device = null;

        // The real restart: the same flash image (floor inside), wall clock at the epoch.
        long restartAt = System.nanoTime();
        device = DeviceHarness.start(dir.resolve("run1"), conf, peer.rootAddressV4(), atEpoch());
        assertTrue(deviceHandshakeWithin(10000), () -> "no handshake within 10 s after the restart at the epoch\n"
                + device.output());
        long ms = (System.nanoTime() - restartAt) / 1_000_000;
        assertTrue(device.output().contains("CLOCK_BOOTED"), device.output());
        assertTrue(peer.latestHandshake(me.publicKey()) >= firstHandshake);
        assertEquals(1, device.sim.handshakes(device.sim.slotOf(peer.publicKey())));
        System.out.printf("scenario 7 (restart at the epoch): new handshake %d ms after the restart; total %d ms%n", ms,
                (System.nanoTime() - t0) / 1_000_000);
    }
}
