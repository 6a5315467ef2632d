package io.tailnode.bench;

import io.tailnode.crypto.X25519;
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
 * X25519 (RFC 7748 §5), ours against BouncyCastle's low-level {@code org.bouncycastle.math.ec.rfc7748.X25519}
 * (its fastest API: no key objects). DH is a variable-base scalar multiplication with a fixed peer public key;
 * publicKey is the base-point multiplication, for which BC uses its precomputed fixed-base table
 * ({@code precompute()} is called in setup so the one-off table build is not measured).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(5)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class X25519Benchmark {
    private byte[] scalar;
    private byte[] peer;
    private byte[] out;
    private X25519 ours;

    @Setup
    public void setup() {
        scalar = Inputs.bytes(32, 21);
        byte[] peerSecret = Inputs.bytes(32, 22);
        peer = new byte[32];
        out = new byte[32];
        ours = new X25519();
        org.bouncycastle.math.ec.rfc7748.X25519.precompute();
        org.bouncycastle.math.ec.rfc7748.X25519.scalarMultBase(peerSecret, 0, peer, 0);

        byte[] a = new byte[32];
        publicKey_ours();
        System.arraycopy(out, 0, a, 0, 32);
        publicKey_bc();
        Inputs.same("X25519 publicKey", a, 0, out, 0, 32);
        if (!dh_ours()) {
            throw new IllegalStateException("X25519 DH returned all-zero");
        }
        System.arraycopy(out, 0, a, 0, 32);
        dh_bc();
        Inputs.same("X25519 DH", a, 0, out, 0, 32);
    }

    @Benchmark
    public boolean dh_ours() {
        return ours.scalarMult(out, 0, scalar, 0, peer, 0);
    }

    @Benchmark
    public byte[] dh_bc() {
        org.bouncycastle.math.ec.rfc7748.X25519.scalarMult(scalar, 0, peer, 0, out, 0);
        return out;
    }

    @Benchmark
    public byte[] publicKey_ours() {
        ours.publicKey(out, 0, scalar, 0);
        return out;
    }

    @Benchmark
    public byte[] publicKey_bc() {
        org.bouncycastle.math.ec.rfc7748.X25519.scalarMultBase(scalar, 0, out, 0);
        return out;
    }
}
