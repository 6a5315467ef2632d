package io.tailnode.bench;

import io.tailnode.ip.tcp.TcpConfig;
import io.tailnode.ip.tcp.TcpStack;
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
 * One full-size TCP segment through the device's sans-I/O TCP ({@link TcpStack}), in memory between two stacks on
 * an established connection: the sender's write, its segment polled out and received by the other stack, the
 * application read, and the ACK back. One operation = one 1240-byte data segment (MSS at the 1280 tunnel MTU) and
 * its acknowledgement, so B/op is the bytes allocated per segment. The IP packets move through one shared buffer
 * (no WireGuard here: the transport benchmark covers that).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(5)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class TcpBenchmark {
    private static final byte[] A = {100, 64, 0, 1};
    private static final byte[] B = {100, 64, 0, 2};
    private static final int MSS = 1280 - 40;

    private TcpStack sender;
    private TcpStack receiver;
    private int out;
    private int in;
    private final byte[] wire = new byte[2048];
    private final byte[] data = Inputs.bytes(MSS, 11);
    private final byte[] sink = new byte[4096];
    private long now = 1_000;

    @Setup
    public void setup() {
        TcpConfig c = new TcpConfig();
        byte[] secret = Inputs.bytes(32, 12);
        receiver = new TcpStack(c, secret, 0);
        sender = new TcpStack(c, secret, 0);
        receiver.setAddressV4(A, 0);
        sender.setAddressV4(B, 0);
        int l = receiver.listen(80);
        out = sender.connect(4, A, 0, 80, now);
        shuttle();
        in = receiver.accept(l);
        if (in < 0 || out < 0) {
            throw new IllegalStateException("no connection");
        }
        if (segment() != MSS) {
            throw new IllegalStateException("the first segment did not arrive whole");
        }
    }

    /** Moves packets both ways until both stacks are quiet. */
    private void shuttle() {
        boolean moved = true;
        while (moved) {
            moved = false;
            int n;
            while ((n = sender.poll(now, wire, 0, wire.length)) > 0) {
                receiver.receive(wire, 0, n, now);
                moved = true;
            }
            while ((n = receiver.poll(now, wire, 0, wire.length)) > 0) {
                sender.receive(wire, 0, n, now);
                moved = true;
            }
        }
    }

    private int segment() {
        now++;
        sender.write(out, data, 0, data.length);
        shuttle();
        int got = receiver.read(in, sink, 0, sink.length);
        shuttle(); // the window update / ACK after the read
        return got;
    }

    @Benchmark
    public int segment1240_ours() {
        return segment();
    }
}
