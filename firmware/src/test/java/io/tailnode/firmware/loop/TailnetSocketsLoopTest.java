package io.tailnode.firmware.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.firmware.api.LoopExecutor;
import io.tailnode.firmware.api.PeerListener;
import io.tailnode.firmware.api.TailnetSockets;
import io.tailnode.firmware.examples.LineUpperService;
import io.tailnode.firmware.log.Logger;
import io.tailnode.firmware.services.DeviceServices;
import io.tailnode.firmware.services.DeviceStatus;
import io.tailnode.wg.WgConstants;
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
    private final LoopPair pair = new LoopPair(256);
    private final LoopPair.ManualClock clock = pair.clock;
    private final List<String> peerEvents = new ArrayList<>();

    private DeviceServices services(WireGuardDevice wg, int host) {
        return LoopPair.services(host, new DeviceStatus(wg, clock, "node" + host, "power-on"));
    }

    @Test
    void lineServiceThroughBothLoopsWithPeerEventsAndPostedTasks() throws Exception {
        Logger log = LoopPair.logger();

        WireGuardDevice wgA = pair.wgA();
        DeviceServices sa = services(wgA, 1);
        TunnelLoop a = new TunnelLoop(wgA, pair.transportA(), clock, null, sa, log, LoopPair.MTU, 50, null);

        WireGuardDevice wgB = pair.wgB();
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
        TunnelLoop b = new TunnelLoop(wgB, pair.transportB(), clock, null, sb, log, LoopPair.MTU, 50, sockets);

        int c = sa.tcp().connect(4, new byte[] {100, 64, 0, 2}, 0, LineUpperService.PORT, a.now());
        assertTrue(c >= 0);
        pair.steps(a, b, 20);
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
