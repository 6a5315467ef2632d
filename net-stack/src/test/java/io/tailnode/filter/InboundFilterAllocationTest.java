package io.tailnode.filter;

import static io.tailnode.filter.Pkt.ACK;
import static io.tailnode.filter.Pkt.SYN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.testing.AllocationMeter;
import org.junit.jupiter.api.Test;

/**
 * Runs in the allocation JVM (escape analysis off): 0 bytes per {@link InboundFilter#check} and per
 * {@link InboundFilter#noteOutbound}, over rule matches and misses (v4 and v6), replies, ICMP errors and a flow
 * table churning through evictions.
 */
class InboundFilterAllocationTest {
    private static final String ME = "100.64.0.1";
    private static final String ME6 = "fd7a:115c:a1e0::1";

    @Test
    void zeroBytesPerCheckAndPerOutboundNote() {
        FilterConfig c = new FilterConfig();
        c.maxFlows = 8;
        InboundFilter f = new InboundFilter(c);
        Pkt.rule(f.rules(), new String[] {"100.64.0.0/24", "fd7a:115c:a1e0::/48"}, new String[] {ME + ":22",
            ME6 + ":22", "*:8000-8100"}, null);
        byte[][] in = {
            Pkt.tcp("100.64.0.2", 1, ME, 22, SYN),
            Pkt.tcp("100.64.9.2", 1, ME, 22, SYN),
            Pkt.tcp("fd7a:115c:a1e0::2", 1, ME6, 8050, SYN),
            Pkt.tcp("100.64.0.2", 1, ME, 22, ACK),
            Pkt.udp("100.64.0.2", 53, ME, 5000),
            Pkt.udp("100.64.9.2", 53, ME, 5000),
            Pkt.echo("100.64.0.2", ME, true, 1),
            Pkt.echo("100.64.9.2", ME, false, 7),
            Pkt.echo("fd7a:115c:a1e0::2", ME6, false, 7),
            Pkt.icmpError("100.64.9.2", ME, 3, 3, Pkt.udp(ME, 5000, "100.64.9.2", 53)),
            Pkt.ip("100.64.0.2", ME, 47, new byte[8]),
        };
        byte[][] out = new byte[20][];
        for (int i = 0; i < out.length; i++) {
            out[i] = i % 2 == 0 ? Pkt.udp(ME, 5000 + i, "100.64.9.2", 53) : Pkt.echo(ME6, "fd7a:115c:a1e0::2", true, i);
        }
        long[] now = {1};
        Runnable round = () -> {
            now[0] += 10;
            for (byte[] p : out) {
                f.noteOutbound(p, 0, p.length, now[0]);
            }
            for (byte[] p : in) {
                f.check(p, 0, p.length, now[0]);
            }
        };
        round.run();
        assertTrue(f.count(FilterReason.ACCEPT_RULE) > 0 && f.count(FilterReason.DROP_NO_RULE) > 0);
        assertTrue(f.flows().evicted() > 0, "the flow table churns");
        long perRound = AllocationMeter.bytesPerCall(round, 2_000, 20_000);
        System.out.println("inbound filter: " + in.length + " checks + " + out.length + " outbound notes: " + perRound
                + " B");
        assertEquals(0, perRound);
    }
}
