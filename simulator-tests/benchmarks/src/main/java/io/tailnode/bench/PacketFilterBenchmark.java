package io.tailnode.bench;

import io.tailnode.filter.FilterTable;
import io.tailnode.filter.FlowTable;
import io.tailnode.filter.InboundFilter;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The tailnet-mode inbound filter ({@link InboundFilter#check}) per packet: a TCP SYN allowed by the first rule,
 * a SYN from an unknown source that scans a SaaS-sized rule set (1,096 source ranges, as the tailscale-rs sample
 * filter) and is denied, a UDP reply found in the flow table (64 flows tracked), and a TCP ACK (the fast path).
 * Ours only: there is no BouncyCastle counterpart.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(5)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PacketFilterBenchmark {
    private static final byte[] ME = {100, 64, 0, 1};
    private InboundFilter filter;
    private final byte[] synAllowed = tcp(new byte[] {100, 64, 0, 2}, 22, 0x02);
    private final byte[] synDenied = tcp(new byte[] {10, 9, 9, 9}, 22, 0x02);
    private final byte[] ack = tcp(new byte[] {10, 9, 9, 9}, 22, 0x10);
    private final byte[] udpReply = udp(new byte[] {100, 64, 0, 77}, 53, 5031);
    private long now = 1;

    @Setup
    public void setup() {
        FilterTable t = new FilterTable(8, 1200, 32);
        t.beginRule(0);
        byte[] peer = {100, 64, 0, 2};
        t.addSource(4, peer, 0, peer, 0);
        t.addDestination(4, ME, 0, ME, 0, 22, 22);
        t.endRule();
        SplittableRandom rnd = new SplittableRandom(3);
        byte[] a = new byte[16];
        for (int r = 0; r < 3; r++) {
            t.beginRule(0);
            int n = r == 0 ? 1064 : r == 1 ? 6 : 25;
            for (int i = 0; i < n; i++) {
                rnd.nextBytes(a);
                a[0] = 100;
                a[1] = 64;
                if (i % 2 == 0) {
                    t.addSource(4, a, 0, a, 0);
                } else {
                    a[0] = (byte) 0xfd;
                    a[1] = 0x7a;
                    t.addSource(6, a, 0, a, 0);
                }
            }
            t.addDestination(4, ME, 0, ME, 0, 1000 + r, 1000 + r);
            t.addAnyDestination(40000 + r, 40000 + r);
            t.endRule();
        }
        filter = new InboundFilter(t, new FlowTable(64, 120_000));
        for (int i = 0; i < 64; i++) {
            byte[] out = udp(ME, 5000 + i, 53);
            System.arraycopy(new byte[] {100, 64, 0, 1}, 0, out, 12, 4);
            System.arraycopy(new byte[] {100, 64, 0, 77}, 0, out, 16, 4);
            filter.noteOutbound(out, 0, out.length, 1);
        }
    }

    private static byte[] ip(byte[] src, int proto, int l4Len) {
        byte[] p = new byte[20 + l4Len];
        p[0] = 0x45;
        p[3] = (byte) p.length;
        p[9] = (byte) proto;
        System.arraycopy(src, 0, p, 12, 4);
        System.arraycopy(ME, 0, p, 16, 4);
        return p;
    }

    private static byte[] tcp(byte[] src, int dport, int flags) {
        byte[] p = ip(src, 6, 20);
        p[20] = (byte) 0x9c;
        p[22] = (byte) (dport >>> 8);
        p[23] = (byte) dport;
        p[32] = 0x50;
        p[33] = (byte) flags;
        return p;
    }

    /** From src:sport to ME:dport. */
    private static byte[] udp(byte[] src, int sport, int dport) {
        byte[] p = ip(src, 17, 8);
        p[20] = (byte) (sport >>> 8);
        p[21] = (byte) sport;
        p[22] = (byte) (dport >>> 8);
        p[23] = (byte) dport;
        return p;
    }

    @Benchmark
    public int synAllowed_ours() {
        return filter.check(synAllowed, 0, synAllowed.length, ++now);
    }

    @Benchmark
    public int synDenied1096Sources_ours() {
        return filter.check(synDenied, 0, synDenied.length, ++now);
    }

    @Benchmark
    public int udpReply64Flows_ours() {
        return filter.check(udpReply, 0, udpReply.length, ++now);
    }

    @Benchmark
    public int tcpAck_ours() {
        return filter.check(ack, 0, ack.length, ++now);
    }
}
