package io.tailnode.ip.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.ip.wire.TcpHeader;
import org.junit.jupiter.api.Test;

/** Passive open, the SYN backlog under a SYN flood, and the listener API. */
class TcpListenTest {
    static final byte[] SPOOFED = {10, 0, 0, 99};

    @Test
    void synFloodFillsTheBacklogThenALegitimateConnectionIsServed() {
        TcpConfig c = Netsim.testConfig();
        c.synBacklog = 2;
        c.maxSockets = 4;
        Netsim sim = new Netsim(c, 30);
        int l = sim.a.listen(80);
        long floodEnd = sim.now + 5_000;
        int[] flood = {0};
        int client = sim.b.connect(4, Netsim.A_V4, 0, 80, sim.now);
        int[] server = {-1};
        byte[] reply = "HTTP/1.1 200 OK\r\n\r\n".getBytes();
        int[] got = {0};
        sim.maxStepMs = 1;
        boolean served = sim.run(120_000, () -> {
            // One spoofed SYN every millisecond of the flood (answers go to 10.0.0.99, nobody replies).
            while (sim.now < floodEnd && flood[0] < (sim.now - (floodEnd - 5_000))) {
                byte[] syn = Segs.build(SPOOFED, Netsim.A_V4, 1024 + (flood[0] % 60000), 80, flood[0] * 7919, 0,
                        TcpHeader.SYN, 65535, 1240, null);
                sim.a.receive(syn, 0, syn.length, sim.now);
                flood[0]++;
            }
            if (sim.now >= floodEnd) {
                sim.maxStepMs = Long.MAX_VALUE;
            }
            assertTrue(sim.a.socketsInUse() <= 2, "backlog bound");
            if (server[0] < 0) {
                server[0] = sim.a.accept(l);
                if (server[0] >= 0) {
                    assertEquals(TcpReason.OK, 0);
                    sim.a.write(server[0], reply, 0, reply.length);
                    sim.a.close(server[0]);
                }
            }
            int r = sim.b.read(client, new byte[100], 0, 100);
            if (r > 0) {
                got[0] += r;
            }
        }, () -> got[0] == reply.length);
        assertTrue(served, "legitimate client served after the flood");
        assertTrue(sim.now > floodEnd, "served at " + sim.now + " flood end " + floodEnd + " drops " + sim.a.dropCount(TcpReason.BACKLOG_FULL) + " flood " + flood[0]);
        assertTrue(flood[0] >= 4999);
        assertTrue(sim.a.dropCount(TcpReason.BACKLOG_FULL) >= flood[0] - 2 * 6,
                "backlog drops " + sim.a.dropCount(TcpReason.BACKLOG_FULL));
        System.out.println("[syn-flood] " + flood[0] + " SYNs, BACKLOG_FULL drops "
                + sim.a.dropCount(TcpReason.BACKLOG_FULL) + ", client served at +" + (sim.now - floodEnd + 5_000)
                + " ms");
    }

    @Test
    void listenerApi() {
        Netsim sim = new Netsim(Netsim.testConfig(), 31);
        int l = sim.a.listen(80);
        assertEquals(0, l);
        assertEquals(TcpReason.PORT_IN_USE, sim.a.listen(80));
        assertEquals(TcpReason.PORT_IN_USE, sim.a.listen(0));
        assertEquals(TcpReason.WOULD_BLOCK, sim.a.accept(l));
        assertEquals(TcpReason.BAD_HANDLE, sim.a.accept(3));
        assertEquals(TcpReason.BAD_HANDLE, sim.a.read(12345, new byte[1], 0, 1));
        int c = sim.b.connect(4, Netsim.A_V4, 0, 80, sim.now);
        sim.run(1000, () -> { }, () -> false);
        int s = sim.a.accept(l);
        assertTrue(s >= 0);
        assertEquals(TcpReason.WOULD_BLOCK, sim.a.accept(l));
        assertEquals(TcpSocket.ESTABLISHED, sim.a.state(s));
        assertEquals(TcpReason.OK, sim.a.abort(s));
        assertEquals(TcpReason.BAD_HANDLE, sim.a.state(s));
        assertEquals(TcpReason.OK, sim.a.unlisten(l));
        assertEquals(TcpReason.BAD_HANDLE, sim.a.unlisten(l));
        sim.run(1000, () -> { }, () -> false);
        assertEquals(TcpReason.CONNECTION_RESET, sim.b.read(c, new byte[1], 0, 1));
    }
}
