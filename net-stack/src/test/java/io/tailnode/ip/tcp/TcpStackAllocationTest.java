package io.tailnode.ip.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.ip.wire.TcpHeader;
import io.tailnode.testing.AllocationMeter;
import org.junit.jupiter.api.Test;

/**
 * Runs in the allocation JVM (escape analysis off): 0 bytes per segment sent and received in steady state,
 * per rejected segment, per RST answered, per SYN dropped by a full backlog, per timer poll.
 */
class TcpStackAllocationTest {
    private final TcpStack a;
    private final TcpStack b;
    private final byte[] wire = new byte[2048];
    private final byte[] data = new byte[1240];
    private final byte[] sink = new byte[4096];
    private long now = 1_000;
    private int server;
    private int client;

    TcpStackAllocationTest() {
        byte[] secret = new byte[32];
        TcpConfig c = Netsim.testConfig();
        a = new TcpStack(c, secret, 0);
        b = new TcpStack(c, secret, 0);
        a.setAddressV4(Netsim.A_V4, 0);
        b.setAddressV4(Netsim.B_V4, 0);
        int l = a.listen(80);
        client = b.connect(4, Netsim.A_V4, 0, 80, now);
        shuttle();
        server = a.accept(l);
        assertTrue(server >= 0);
    }

    /** Moves packets both ways until both stacks are quiet (no allocation: one shared wire buffer). */
    private void shuttle() {
        boolean moved = true;
        while (moved) {
            moved = false;
            int n;
            while ((n = a.poll(now, wire, 0, wire.length)) > 0) {
                b.receive(wire, 0, n, now);
                moved = true;
            }
            while ((n = b.poll(now, wire, 0, wire.length)) > 0) {
                a.receive(wire, 0, n, now);
                moved = true;
            }
        }
    }

    private void oneSegmentEachWay() {
        now++;
        a.write(server, data, 0, data.length);
        b.write(client, data, 0, data.length);
        shuttle();
        a.read(server, sink, 0, sink.length);
        b.read(client, sink, 0, sink.length);
        shuttle();
    }

    @Test
    void steadyStateDataBothWaysAllocatesNothing() {
        long before = b.segmentsReceived();
        assertEquals(0, AllocationMeter.bytesPerCall(this::oneSegmentEachWay, 20_000, 50_000));
        assertTrue(b.segmentsReceived() - before >= 70_000 * 2);
        assertEquals(TcpSocket.ESTABLISHED, a.state(server));
    }

    @Test
    void rejectionsResetsAndBacklogDropsAllocateNothing() {
        byte[] badChecksum = Segs.build(Netsim.B_V4, Netsim.A_V4, 40000, 80, 1, 0, TcpHeader.SYN, 100, 0, null);
        badChecksum[badChecksum.length - 1] ^= 1;
        assertEquals(0, AllocationMeter.bytesPerCall(() -> a.receive(badChecksum, 0, badChecksum.length, now),
                10_000, 50_000));
        byte[] closedPort = Segs.build(Netsim.B_V4, Netsim.A_V4, 40000, 81, 1, 0, TcpHeader.SYN, 100, 0, null);
        assertEquals(0, AllocationMeter.bytesPerCall(() -> {
            a.receive(closedPort, 0, closedPort.length, now);
            a.poll(now, wire, 0, wire.length);
        }, 10_000, 50_000));
        // Fill the backlog (2) with SYNs nobody completes, then every further SYN is BACKLOG_FULL.
        byte[] syn = Segs.build(Netsim.B_V4, Netsim.A_V4, 40001, 80, 1, 0, TcpHeader.SYN, 100, 1240, null);
        byte[] syn2 = Segs.build(Netsim.B_V4, Netsim.A_V4, 40002, 80, 1, 0, TcpHeader.SYN, 100, 1240, null);
        byte[] syn3 = Segs.build(Netsim.B_V4, Netsim.A_V4, 40003, 80, 1, 0, TcpHeader.SYN, 100, 1240, null);
        a.receive(syn, 0, syn.length, now);
        a.receive(syn2, 0, syn2.length, now);
        assertEquals(TcpReason.BACKLOG_FULL, a.receive(syn3, 0, syn3.length, now));
        assertEquals(0, AllocationMeter.bytesPerCall(() -> a.receive(syn3, 0, syn3.length, now), 10_000, 50_000));
        assertEquals(0, AllocationMeter.bytesPerCall(() -> {
            a.poll(now, wire, 0, wire.length);
            a.nextDeadline();
        }, 10_000, 50_000));
    }
}
