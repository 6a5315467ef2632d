package io.tailnode.bench;

import io.tailnode.crypto.CryptoBox;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.engines.Salsa20Engine;
import org.bouncycastle.crypto.engines.XSalsa20Engine;
import org.bouncycastle.crypto.macs.Poly1305;
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
 * NaCl {@code crypto_box_easy} (curve25519xsalsa20poly1305, tag || ciphertext) of a 64-byte message, ours
 * against BouncyCastle parts, in two forms: the full box (X25519 + HSalsa20 + secretbox per message) and
 * {@code afternm} with the shared key precomputed (as Tailscale disco/DERP cache it per peer).
 *
 * <p>BC has no NaCl box; its side is composed the way NaCl defines it: {@code rfc7748.X25519.scalarMult},
 * HSalsa20 through the public {@link Salsa20Engine#salsaCore} (minus the feed-forward), then
 * {@link XSalsa20Engine} (key stream bytes 0..31 key a {@link Poly1305} without a cipher; the message is
 * encrypted from byte 32) and the tag over the ciphertext.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(5)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class BoxBenchmark {
    private static final int TAG = 16;

    private byte[] mySecret;
    private byte[] theirPublic;
    private byte[] nonce;
    private byte[] pt64;
    private byte[] out;
    private byte[] k;

    private CryptoBox ours;
    private XSalsa20Engine bcSalsa;
    private Poly1305 bcPoly;
    private byte[] bcShared;
    private byte[] bcK;
    private byte[] polyKey;
    private byte[] zero32;
    private int[] hState;
    private int[] hOut;

    @Setup
    public void setup() {
        mySecret = Inputs.bytes(32, 31);
        byte[] theirSecret = Inputs.bytes(32, 32);
        theirPublic = new byte[32];
        org.bouncycastle.math.ec.rfc7748.X25519.precompute();
        org.bouncycastle.math.ec.rfc7748.X25519.scalarMultBase(theirSecret, 0, theirPublic, 0);
        nonce = Inputs.bytes(24, 33);
        pt64 = Inputs.bytes(64, 34);
        out = new byte[64 + TAG];

        ours = new CryptoBox();
        k = new byte[32];
        if (!ours.beforenm(k, 0, theirPublic, 0, mySecret, 0)) {
            throw new IllegalStateException("beforenm rejected the key");
        }
        bcSalsa = new XSalsa20Engine();
        bcPoly = new Poly1305();
        bcShared = new byte[32];
        bcK = new byte[32];
        polyKey = new byte[32];
        zero32 = new byte[32];
        hState = new int[16];
        hOut = new int[16];

        byte[] a = new byte[64 + TAG];
        seal64_ours();
        System.arraycopy(out, 0, a, 0, 64 + TAG);
        seal64_bc();
        Inputs.same("box seal", a, 0, out, 0, 64 + TAG);
        sealAfternm64_ours();
        System.arraycopy(out, 0, a, 0, 64 + TAG);
        sealAfternm64_bc();
        Inputs.same("box seal afternm", a, 0, out, 0, 64 + TAG);
        Inputs.same("beforenm", k, 0, bcK, 0, 32);
    }

    @Benchmark
    public int seal64_ours() {
        return ours.seal(theirPublic, 0, mySecret, 0, nonce, 0, pt64, 0, 64, out, 0);
    }

    @Benchmark
    public int seal64_bc() {
        org.bouncycastle.math.ec.rfc7748.X25519.scalarMult(mySecret, 0, theirPublic, 0, bcShared, 0);
        hSalsa20(bcShared, bcK);
        return bcSecretbox(bcK);
    }

    @Benchmark
    public int sealAfternm64_ours() {
        return ours.sealAfternm(k, 0, nonce, 0, pt64, 0, 64, out, 0);
    }

    @Benchmark
    public int sealAfternm64_bc() {
        return bcSecretbox(k);
    }

    private int bcSecretbox(byte[] key) {
        bcSalsa.init(true, new ParametersWithIV(new KeyParameter(key), nonce));
        bcSalsa.processBytes(zero32, 0, 32, polyKey, 0);
        bcSalsa.processBytes(pt64, 0, 64, out, TAG);
        bcPoly.init(new KeyParameter(polyKey));
        bcPoly.update(out, TAG, 64);
        bcPoly.doFinal(out, 0);
        return 64 + TAG;
    }

    /** HSalsa20 (XSalsa20 paper §2) of the shared secret and 16 zero bytes on BC's Salsa20 core. */
    private void hSalsa20(byte[] key, byte[] outKey) {
        hState[0] = 0x61707865;
        hState[5] = 0x3320646e;
        hState[10] = 0x79622d32;
        hState[15] = 0x6b206574;
        Pack.littleEndianToInt(key, 0, hState, 1, 4);
        Pack.littleEndianToInt(key, 16, hState, 11, 4);
        hState[6] = 0;
        hState[7] = 0;
        hState[8] = 0;
        hState[9] = 0;
        Salsa20Engine.salsaCore(20, hState, hOut);
        Pack.intToLittleEndian(hOut[0] - hState[0], outKey, 0);
        Pack.intToLittleEndian(hOut[5] - hState[5], outKey, 4);
        Pack.intToLittleEndian(hOut[10] - hState[10], outKey, 8);
        Pack.intToLittleEndian(hOut[15] - hState[15], outKey, 12);
        for (int i = 0; i < 4; i++) {
            Pack.intToLittleEndian(hOut[6 + i] - hState[6 + i], outKey, 16 + 4 * i);
        }
    }
}
