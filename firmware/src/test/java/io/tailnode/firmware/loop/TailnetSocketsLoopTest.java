package io.tailnode.firmware.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.crypto.X25519;
import io.tailnode.firmware.api.LoopExecutor;
import io.tailnode.firmware.api.PeerListener;
import io.tailnode.firmware.api.TailnetSockets;
import io.tailnode.firmware.examples.LineUpperService;
import io.tailnode.firmware.hal.HalStatus;
import io.tailnode.firmware.hal.LogSink;
import io.tailnode.firmware.log.LogEvents;
import io.tailnode.firmware.log.LogLevel;
import io.tailnode.firmware.log.Logger;
import io.tailnode.firmware.loop.TunnelLoopAllocationTest.CountingRandom;
import io.tailnode.firmware.loop.TunnelLoopAllocationTest.ManualClock;
import io.tailnode.firmware.loop.TunnelLoopAllocationTest.MemTransport;
import io.tailnode.firmware.loop.TunnelLoopAllocationTest.Pipe;
import io.tailnode.firmware.loop.TunnelLoopAllocationTest.StepTai;
import io.tailnode.firmware.services.DeviceServices;
import io.tailnode.firmware.services.DeviceStatus;
import io.tailnode.firmware.services.ServicesConfig;
import io.tailnode.wg.SourceAddress;
import io.tailnode.wg.WgConstants;
import io.tailnode.wg.WgDeviceConfig;
import io.tailnode.wg.WireGuardDevice;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The socket API wired into real {@link TunnelLoop}s: A's TCP talks to B's example line service (8502) through
 * WireGuard; B's {@link TailnetSockets} is B's loop's PeerEvents (peer up on the handshake, down after
 * REJECT_AFTER_TIME without one); a task posted from another thread runs on B's loop thread.
 */
class TailnetSocketsLoopTest {
    private static final LogSink NULL_SINK = new LogSink() {
        @Override
        public int write(byte[] line, int off, int len) {
            return HalStatus.OK;
        }
    };

    private final ManualClock clock = new ManualClock();
    private final Pipe aToB = new Pipe(256);
    private final Pipe bToA = new Pipe(256);
    private final List<String> peerEvents = new ArrayList<>();

    private DeviceServices services(WireGuardDevice wg, int host) {
        ServicesConfig sc = new ServicesConfig();
        sc.ip.mtu = 1420;
        DeviceStatus status = new DeviceStatus(wg, clock, "node" + host, "power-on");
        byte[] secret = new byte[32];
        secret[0] = (byte) host;
        DeviceServices s = new DeviceServices(sc, secret, 0, status);
        s.setAddressV4(new byte[] {100, 64, 0, (byte) host}, 0);
        return s;
    }

    private WireGuardDevice wg(byte[] priv, byte[] peerPub, int host, int peerHost) {
        WgDeviceConfig c = new WgDeviceConfig();
        c.maxPeers = 2;
        CountingRandom r = new CountingRandom(host);
        WireGuardDevice wg = new WireGuardDevice(priv, 0, c, new X25519(), r, r, new StepTai());
        int slot = wg.addPeer(peerPub, 0, null, 0, 0);
        wg.addAllowedIp(slot, new byte[] {100, 64, 0, (byte) peerHost}, 0, 4, 32);
        byte[] ep = new byte[7];
        SourceAddress.ipv4(ep, 0, new byte[] {(byte) 198, 18, 0, (byte) peerHost}, 0, 51820);
        wg.setEndpoint(slot, ep, 0, 7);
        return wg;
    }

    @Test
    void lineServiceThroughBothLoopsWithPeerEventsAndPostedTasks() throws Exception {
        X25519 x = new X25519();
        byte[] privA = new byte[32];
        byte[] privB = new byte[32];
        for (int i = 0; i < 32; i++) {
            privA[i] = (byte) (i + 1);
            privB[i] = (byte) (101 + i);
        }
        byte[] pubA = new byte[32];
        byte[] pubB = new byte[32];
        x.publicKey(pubA, 0, privA, 0);
        x.publicKey(pubB, 0, privB, 0);
        Logger log = new Logger(NULL_SINK, LogEvents.TAGS, 120, LogLevel.INFO, 5, 1000);

        WireGuardDevice wgA = wg(privA, pubB, 1, 2);
        DeviceServices sa = services(wgA, 1);
        TunnelLoop a = new TunnelLoop(wgA, new MemTransport(bToA, aToB, 1), clock, null, sa, log, 1420, 50, null);

        WireGuardDevice wgB = wg(privB, pubA, 2, 1);
        DeviceServices sb = services(wgB, 2);
        LoopExecutor executor = new LoopExecutor(4);
        TailnetSockets sockets = new TailnetSockets(sb, 2, 4, wgB.peerCapacity(), executor, null);
        sockets.setPeerListener(new PeerListener() {
            @Override
            public void onPeerUp(int slot, long nowMs) {
                peerEvents.add("up " + slot);
            }

            @Override
            public void onPeerDown(int slot, long nowMs) {
                peerEvents.add("down " + slot);
            }
        });
        assertTrue(new LineUpperService(sockets, 2).start() >= 0);
        TunnelLoop b = new TunnelLoop(wgB, new MemTransport(aToB, bToA, 2), clock, null, sb, log, 1420, 50, sockets);

        int c = sa.tcp().connect(4, new byte[] {100, 64, 0, 2}, 0, LineUpperService.PORT, a.now());
        assertTrue(c >= 0);
        for (int i = 0; i < 20; i++) {
            clock.now++;
            b.runOnce();
            a.runOnce();
        }
        assertEquals(List.of("up 0"), peerEvents);
        assertTrue(sockets.isPeerUp(0));
        assertEquals(1, sockets.connections());

        byte[] req = "read holding 40001\n".getBytes(StandardCharsets.US_ASCII);
        assertEquals(req.length, sa.tcp().write(c, req, 0, req.length));
        byte[] in = new byte[64];
        int got = 0;
        for (int i = 0; i < 50 && got < req.length; i++) {
            clock.now++;
            a.runOnce();
            b.runOnce();
            int r = sa.tcp().read(c, in, got, in.length - got);
            if (r > 0) {
                got += r;
            }
        }
        assertEquals("READ HOLDING 40001\n", new String(in, 0, got, StandardCharsets.US_ASCII));

        // Another OEM thread hands work to B's loop; it runs on the loop's (this) thread.
        final Thread[] ranOn = new Thread[1];
        final Runnable task = new Runnable() {
            @Override
            public void run() {
                ranOn[0] = Thread.currentThread();
            }
        };
        Thread poster = new Thread(() -> assertTrue(executor.post(task)));
        poster.start();
        poster.join();
        clock.now++;
        b.runOnce();
        assertSame(Thread.currentThread(), ranOn[0]);

        // No handshake for REJECT_AFTER_TIME: B reports the peer down (A stays silent meanwhile).
        clock.now += WgConstants.REJECT_AFTER_TIME_MS;
        b.runOnce();
        assertTrue(peerEvents.contains("down 0"), peerEvents.toString());
    }
}
