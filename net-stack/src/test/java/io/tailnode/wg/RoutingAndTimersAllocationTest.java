package io.tailnode.wg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tailnode.testing.AllocationMeter;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** 0 bytes per allowed-IPs lookup / source check and per timer event + poll. */
class RoutingAndTimersAllocationTest {
    @Test
    void allowedIpsLookupAllocatesNothing() {
        AllowedIps t = new AllowedIps(64);
        Random r = new Random(5);
        for (int i = 0; i < 64; i++) {
            byte[] a = new byte[16];
            r.nextBytes(a);
            int v = i % 2 == 0 ? 4 : 6;
            t.insert(a, 0, r.nextInt(v == 4 ? 33 : 129), v, i % 16);
        }
        byte[] pkt4 = new byte[60];
        pkt4[0] = 0x45;
        byte[] pkt6 = new byte[60];
        pkt6[0] = 0x60;
        assertEquals(0, AllocationMeter.bytesPerCall(() -> {
            t.lookup(pkt6, 8, 6);
            t.routeDestination(pkt4, 0, pkt4.length);
            t.checkSource(pkt6, 0, pkt6.length, 3);
        }, 10000, 10000));
    }

    @Test
    void timerEventsAndPollAllocateNothing() {
        PeerSessions sessions = new PeerSessions();
        Keypair[] kp = SessionFixtures.mirrored(9, 1, 2, 1, true);
        sessions.install(kp[0]);
        PeerTimers timers = new PeerTimers(sessions, max -> 7);
        timers.setPersistentKeepaliveSeconds(25);
        long[] now = {1000};
        assertEquals(0, AllocationMeter.bytesPerCall(() -> {
            long t = now[0] += 37;
            timers.onDataSent(t);
            timers.onDataReceived(t);
            timers.onAuthenticatedPacketReceived(t);
            timers.onAnyAuthenticatedPacketTraversal(t);
            timers.poll(t);
            timers.nextDeadline();
        }, 10000, 10000));
    }
}
