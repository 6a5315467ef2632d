package io.tailnode.bench;

import io.tailnode.crypto.Blake2s;
import io.tailnode.crypto.NoiseKdf;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.digests.Blake2sDigest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;
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
 * BLAKE2s (RFC 7693), keyed BLAKE2s-128 as WireGuard's mac1/mac2, and the HMAC-BLAKE2s KDF step (WireGuard
 * whitepaper §5.4, KDF2 with a 32-byte chaining key and 32-byte input), ours against raw BouncyCastle.
 *
 * <p>BC objects are built once and reused ({@code doFinal} resets them; a keyed {@code Blake2sDigest}
 * re-absorbs its key block on reset, as ours does on {@code mac}). BC's KDF2 is the same HKDF-style sequence
 * on one reused {@code HMac(Blake2sDigest(256))}: prk = HMAC(ck, in), t1 = HMAC(prk, 0x01),
 * t2 = HMAC(prk, t1 || 0x02).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(5)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class Blake2sBenchmark {
    private byte[] in32;
    private byte[] in1420;
    private byte[] in116;
    private byte[] macKey;
    private byte[] ck;
    private byte[] out;
    private byte[] out2;

    private Blake2s ours;
    private Blake2s oursMac;
    private NoiseKdf oursKdf;
    private Blake2sDigest bc;
    private Blake2sDigest bcMac;
    private HMac bcHmac;
    private byte[] prk;
    private byte[] one;
    private byte[] two;

    @Setup
    public void setup() {
        in32 = Inputs.bytes(32, 11);
        in1420 = Inputs.bytes(1420, 12);
        in116 = Inputs.bytes(116, 13);
        macKey = Inputs.bytes(32, 14);
        ck = Inputs.bytes(32, 15);
        out = new byte[64];
        out2 = new byte[32];

        ours = new Blake2s();
        oursMac = new Blake2s();
        oursKdf = new NoiseKdf();
        bc = new Blake2sDigest(256);
        bcMac = new Blake2sDigest(macKey, 16, null, null);
        bcHmac = new HMac(new Blake2sDigest(256));
        prk = new byte[32];
        one = new byte[] {1};
        two = new byte[] {2};

        byte[] a = new byte[64];
        hash32_ours();
        System.arraycopy(out, 0, a, 0, 32);
        hash32_bc();
        Inputs.same("BLAKE2s-256 32 B", a, 0, out, 0, 32);
        hash1420_ours();
        System.arraycopy(out, 0, a, 0, 32);
        hash1420_bc();
        Inputs.same("BLAKE2s-256 1420 B", a, 0, out, 0, 32);
        mac116_ours();
        System.arraycopy(out, 0, a, 0, 16);
        mac116_bc();
        Inputs.same("keyed BLAKE2s-128", a, 0, out, 0, 16);
        kdf2_ours();
        System.arraycopy(out, 0, a, 0, 32);
        System.arraycopy(out2, 0, a, 32, 32);
        kdf2_bc();
        Inputs.same("KDF2 t1", a, 0, out, 0, 32);
        Inputs.same("KDF2 t2", a, 32, out2, 0, 32);
    }

    @Benchmark
    public byte[] hash32_ours() {
        ours.init(32);
        ours.update(in32, 0, 32);
        ours.doFinal(out, 0);
        return out;
    }

    @Benchmark
    public byte[] hash32_bc() {
        bc.update(in32, 0, 32);
        bc.doFinal(out, 0);
        return out;
    }

    @Benchmark
    public byte[] hash1420_ours() {
        ours.init(32);
        ours.update(in1420, 0, 1420);
        ours.doFinal(out, 0);
        return out;
    }

    @Benchmark
    public byte[] hash1420_bc() {
        bc.update(in1420, 0, 1420);
        bc.doFinal(out, 0);
        return out;
    }

    @Benchmark
    public byte[] mac116_ours() {
        oursMac.mac(macKey, 0, 32, in116, 0, 116, out, 0, 16);
        return out;
    }

    @Benchmark
    public byte[] mac116_bc() {
        bcMac.update(in116, 0, 116);
        bcMac.doFinal(out, 0);
        return out;
    }

    @Benchmark
    public byte[] kdf2_ours() {
        oursKdf.kdf2(ck, 0, 32, in32, 0, 32, out, 0, out2, 0);
        return out2;
    }

    @Benchmark
    public byte[] kdf2_bc() {
        bcHmac.init(new KeyParameter(ck));
        bcHmac.update(in32, 0, 32);
        bcHmac.doFinal(prk, 0);
        bcHmac.init(new KeyParameter(prk));
        bcHmac.update(one, 0, 1);
        bcHmac.doFinal(out, 0);
        bcHmac.update(out, 0, 32);
        bcHmac.update(two, 0, 1);
        bcHmac.doFinal(out2, 0);
        return out2;
    }
}
