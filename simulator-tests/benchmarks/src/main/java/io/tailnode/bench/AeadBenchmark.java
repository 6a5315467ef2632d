package io.tailnode.bench;

import io.tailnode.crypto.ChaCha20Poly1305;
import io.tailnode.crypto.XChaCha20Poly1305;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.engines.ChaChaEngine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.bouncycastle.util.Pack;
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
 * ChaCha20-Poly1305 (RFC 8439) and XChaCha20-Poly1305, ours against raw BouncyCastle.
 *
 * <p>Both sides as a WireGuard data path uses them: key set once, a fresh nonce per sealed packet (WireGuard's
 * 00000000 || LE64(counter)), no associated data, separate input and output arrays. BC as test-environment.md
 * §7.1 prescribes: one {@code ChaCha20Poly1305} per direction, per packet
 * {@code init(enc, new ParametersWithIV(null, nonce))} reusing the key. Open authenticates and decrypts the
 * same valid packet every time (BC only refuses nonce reuse when encrypting).
 *
 * <p>BC has no XChaCha20-Poly1305; its side is composed from BC parts: HChaCha20 through the public
 * {@link ChaChaEngine#chachaCore} (minus the feed-forward), then its ChaCha20-Poly1305 re-keyed with the
 * subkey, as the draft (draft-irtf-cfrg-xchacha-03 §2.3) defines it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(5)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class AeadBenchmark {
    private static final int TAG = 16;
    /** The counter of the packet the open benchmarks authenticate. */
    private static final long OPEN_COUNTER = 42;

    private byte[] key;
    private byte[] pt1420;
    private byte[] pt64;
    private byte[] ct1420;
    private byte[] out;
    private long counter;

    private ChaCha20Poly1305 ours;
    private org.bouncycastle.crypto.modes.ChaCha20Poly1305 bcEnc;
    private org.bouncycastle.crypto.modes.ChaCha20Poly1305 bcDec;
    private byte[] bcNonce;
    private byte[] bcOpenNonce;

    private XChaCha20Poly1305 oursX;
    private org.bouncycastle.crypto.modes.ChaCha20Poly1305 bcX;
    private byte[] xNonce;
    private int[] hState;
    private int[] hOut;
    private byte[] subkey;
    private byte[] xNonce12;

    @Setup
    public void setup() throws Exception {
        key = Inputs.bytes(32, 1);
        pt1420 = Inputs.bytes(1420, 2);
        pt64 = Inputs.bytes(64, 3);
        out = new byte[1420 + TAG];
        counter = 0;

        ours = new ChaCha20Poly1305();
        ours.setKey(key, 0);
        bcNonce = new byte[12];
        bcEnc = new org.bouncycastle.crypto.modes.ChaCha20Poly1305();
        bcEnc.init(true, new ParametersWithIV(new KeyParameter(key), bcNonce));
        bcDec = new org.bouncycastle.crypto.modes.ChaCha20Poly1305();
        bcDec.init(false, new ParametersWithIV(new KeyParameter(key), bcNonce));
        bcOpenNonce = new byte[12];
        Inputs.putLongLE(bcOpenNonce, 4, OPEN_COUNTER);

        ct1420 = new byte[1420 + TAG];
        ours.sealCounterLE(OPEN_COUNTER, Inputs.NO_AD, 0, 0, pt1420, 0, 1420, ct1420, 0);
        counter = OPEN_COUNTER; // BC must seal the same nonce once for the check below
        seal1420_bc();
        Inputs.same("ChaCha20-Poly1305 seal", ct1420, 0, out, 0, 1420 + TAG);
        if (open1420_ours() != 1420 || open1420_bc() != 1420) {
            throw new IllegalStateException("open failed");
        }
        Inputs.same("ChaCha20-Poly1305 open", pt1420, 0, out, 0, 1420);

        oursX = new XChaCha20Poly1305();
        oursX.setKey(key, 0);
        bcX = new org.bouncycastle.crypto.modes.ChaCha20Poly1305();
        xNonce = Inputs.bytes(24, 4);
        hState = new int[16];
        hOut = new int[16];
        subkey = new byte[32];
        xNonce12 = new byte[12];
        byte[] oursCt = new byte[64 + TAG];
        nextXNonce();
        oursX.seal(xNonce, 0, Inputs.NO_AD, 0, 0, pt64, 0, 64, oursCt, 0);
        counter--; // same nonce again for BC
        xseal64_bc();
        Inputs.same("XChaCha20-Poly1305 seal", oursCt, 0, out, 0, 64 + TAG);
        counter = 0;
    }

    @Benchmark
    public int seal1420_ours() {
        return ours.sealCounterLE(counter++, Inputs.NO_AD, 0, 0, pt1420, 0, 1420, out, 0);
    }

    @Benchmark
    public int seal1420_bc() throws Exception {
        return bcSeal(pt1420, 1420);
    }

    @Benchmark
    public int seal64_ours() {
        return ours.sealCounterLE(counter++, Inputs.NO_AD, 0, 0, pt64, 0, 64, out, 0);
    }

    @Benchmark
    public int seal64_bc() throws Exception {
        return bcSeal(pt64, 64);
    }

    @Benchmark
    public int open1420_ours() {
        return ours.openCounterLE(OPEN_COUNTER, Inputs.NO_AD, 0, 0, ct1420, 0, 1420 + TAG, out, 0);
    }

    @Benchmark
    public int open1420_bc() throws Exception {
        bcDec.init(false, new ParametersWithIV(null, bcOpenNonce));
        int n = bcDec.processBytes(ct1420, 0, 1420 + TAG, out, 0);
        return n + bcDec.doFinal(out, n);
    }

    @Benchmark
    public int xseal64_ours() {
        nextXNonce();
        return oursX.seal(xNonce, 0, Inputs.NO_AD, 0, 0, pt64, 0, 64, out, 0);
    }

    @Benchmark
    public int xseal64_bc() throws Exception {
        nextXNonce();
        hChaCha20(key, xNonce, subkey);
        System.arraycopy(xNonce, 16, xNonce12, 4, 8);
        bcX.init(true, new ParametersWithIV(new KeyParameter(subkey), xNonce12));
        int n = bcX.processBytes(pt64, 0, 64, out, 0);
        return n + bcX.doFinal(out, n);
    }

    private int bcSeal(byte[] pt, int len) throws Exception {
        Inputs.putLongLE(bcNonce, 4, counter++);
        bcEnc.init(true, new ParametersWithIV(null, bcNonce));
        int n = bcEnc.processBytes(pt, 0, len, out, 0);
        return n + bcEnc.doFinal(out, n);
    }

    /** A new 24-byte nonce per message (counter in the HChaCha20 part and in the inner nonce). */
    private void nextXNonce() {
        long c = counter++;
        Inputs.putLongLE(xNonce, 0, c);
        Inputs.putLongLE(xNonce, 16, c);
    }

    /** HChaCha20 (draft-irtf-cfrg-xchacha-03 §2.2) on BC's ChaCha core, which adds the input back at the end. */
    private void hChaCha20(byte[] k, byte[] nonce, byte[] outKey) {
        hState[0] = 0x61707865;
        hState[1] = 0x3320646e;
        hState[2] = 0x79622d32;
        hState[3] = 0x6b206574;
        Pack.littleEndianToInt(k, 0, hState, 4, 8);
        Pack.littleEndianToInt(nonce, 0, hState, 12, 4);
        ChaChaEngine.chachaCore(20, hState, hOut);
        for (int i = 0; i < 4; i++) {
            Pack.intToLittleEndian(hOut[i] - hState[i], outKey, 4 * i);
            Pack.intToLittleEndian(hOut[12 + i] - hState[12 + i], outKey, 16 + 4 * i);
        }
    }
}
