package io.tailnode.ip.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Handshake, bulk data both ways and close between two of our stacks over the netsim, with and without loss. */
class TcpTransferTest {
    static final int MB = 1 << 20;

    /** Result of one run, printed for the report. */
    static final class Result {
        long virtualMs;
        int retransmissions;
        int fastRetransmits;
        int dropped;
    }

    static Result transfer(Netsim sim, int version, int bytesAtoB, int bytesBtoA, long limitMs) {
        int l = sim.a.listen(80);
        assertTrue(l >= 0);
        Pipe server = new Pipe(sim.a, bytesAtoB, 1);
        Pipe client = new Pipe(sim.b, bytesBtoA, 2);
        server.closeWhenSent = true;
        client.closeWhenSent = true;
        client.handle = sim.b.connect(version, version == 6 ? Netsim.A_V6 : Netsim.A_V4, 0, 80, sim.now);
        assertTrue(client.handle >= 0, "connect " + client.handle);
        long start = sim.now;
        boolean done = sim.run(limitMs, () -> {
            if (server.handle < 0) {
                int h = sim.a.accept(l);
                if (h >= 0) {
                    server.handle = h;
                }
            }
            server.step();
            client.step();
        }, () -> server.closed && client.closed && sim.a.socketsInUse() == 0 && sim.b.socketsInUse() == 0);
        assertTrue(done, "not done: server rx " + server.received + " tx " + server.sent + " client rx "
                + client.received + " tx " + client.sent + " at " + (sim.now - start) + " ms; errors "
                + server.lastError + "/" + client.lastError);
        assertEquals(bytesBtoA, server.received);
        assertEquals(bytesAtoB, client.received);
        assertArrayEquals(Pipe.sha(server.data), client.digest());
        assertArrayEquals(Pipe.sha(client.data), server.digest());
        Result r = new Result();
        r.virtualMs = sim.now - start;
        r.retransmissions = sim.a.retransmissions() + sim.b.retransmissions();
        r.fastRetransmits = sim.a.fastRetransmits() + sim.b.fastRetransmits();
        r.dropped = sim.dropped;
        return r;
    }

    static void report(String name, Result r) {
        System.out.println("[netsim] " + name + ": " + r.virtualMs + " virtual ms, retransmissions "
                + r.retransmissions + ", fast retransmits " + r.fastRetransmits + ", link drops " + r.dropped);
    }

    @Test
    void smallExchangeV4() {
        Netsim sim = new Netsim(Netsim.testConfig(), 1);
        report("small v4", transfer(sim, 4, 5000, 300, 60_000));
    }

    @Test
    void oneMegabyteBothWaysLosslessV4() {
        Netsim sim = new Netsim(Netsim.testConfig(), 2);
        Result r = transfer(sim, 4, MB, MB, 120_000);
        report("1 MiB each way, v4, 0% loss", r);
        assertEquals(0, r.retransmissions);
    }

    @Test
    void oneMegabyteBothWaysLosslessV6() {
        Netsim sim = new Netsim(Netsim.testConfig(), 3);
        report("1 MiB each way, v6, 0% loss", transfer(sim, 6, MB, MB, 120_000));
    }

    @Test
    void oneMegabyteBothWaysTwoPercentLossOnePercentReorder() {
        Netsim sim = new Netsim(Netsim.testConfig(), 4);
        sim.loss = 0.02;
        sim.reorder = 0.01;
        Result r = transfer(sim, 4, MB, MB, 600_000);
        report("1 MiB each way, v4, 2% loss + 1% reorder", r);
        assertTrue(r.fastRetransmits > 0);
    }

    @Test
    void oneMegabyteBothWaysTenPercentLossWithDuplicates() {
        Netsim sim = new Netsim(Netsim.testConfig(), 5);
        sim.loss = 0.10;
        sim.reorder = 0.02;
        sim.duplicate = 0.01;
        report("1 MiB each way, v6, 10% loss + 2% reorder + 1% dup", transfer(sim, 6, MB, MB, 3_600_000));
    }
}
