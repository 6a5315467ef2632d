package io.tailnode.bench;

import io.tailnode.crypto.Tai64n;
import io.tailnode.crypto.X25519;
import io.tailnode.wg.SourceAddress;
import io.tailnode.wg.WgDeviceConfig;
import io.tailnode.wg.WgResult;
import io.tailnode.wg.WireGuardDevice;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
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
 * The WireGuard data path through {@link WireGuardDevice}: one inner IPv4 packet sent by device A (route, seal in
 * place, header) and received by device B (index lookup, replay check, open, allowed-IPs check, timers), in
 * memory, against raw BouncyCastle sealing and opening the same payload size (the crypto floor of any such path),
 * plus the warm handshake (initiation, response, confirming keepalive) between the two devices.
 * <p>
 * The packet is copied into the send buffer before each round because the device encrypts in place; the BC side
 * copies the same bytes, so both carry that cost. Virtual time advances 1 ms per round (timers never fire).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(5)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class WireGuardBenchmark {
    private static final int HEADROOM = 16;
    private static final long WALL_MS = 1_800_000_000_000L;
    private static final byte[] ADDR_A = {100, 64, 0, 1};
    private static final byte[] ADDR_B = {100, 64, 0, 2};

    private WireGuardDevice a;
    private WireGuardDevice b;
    private final WgResult ra = new WgResult();
    private final WgResult rb = new WgResult();
    private final byte[] underlayA = new byte[7];
    private final byte[] underlayB = new byte[7];
    private int slotOfBOnA;
    private long now = 1000;

    private byte[] packet1420;
    private byte[] packet64;
    private final byte[] wire = new byte[HEADROOM + 1420 + 32];

    private org.bouncycastle.crypto.modes.ChaCha20Poly1305 bcEnc;
    private org.bouncycastle.crypto.modes.ChaCha20Poly1305 bcDec;
    private final byte[] bcNonce = new byte[12];
    private final byte[] bcSealed = new byte[1420 + 16];
    private final byte[] bcOpened = new byte[1420 + 16];
    /** Starts at 1: the key was installed with the all-zero nonce, which BC refuses to seal under again. */
    private long bcCounter = 1;

    @Setup
    public void setup() throws Exception {
        SplittableRandom rnd = new SplittableRandom(7);
        byte[] keyA = new byte[32];
        byte[] keyB = new byte[32];
        fill(rnd, keyA);
        fill(rnd, keyB);
        X25519 x = new X25519();
        byte[] pubA = new byte[32];
        byte[] pubB = new byte[32];
        x.publicKey(pubA, 0, keyA, 0);
        x.publicKey(pubB, 0, keyB, 0);
        a = device(keyA, 1);
        b = device(keyB, 2);
        SourceAddress.ipv4(underlayA, 0, new byte[] {(byte) 198, 18, 1, 1}, 0, 51820);
        SourceAddress.ipv4(underlayB, 0, new byte[] {(byte) 198, 18, 1, 2}, 0, 51820);
        slotOfBOnA = a.addPeer(pubB, 0, null, 0, 0);
        a.setEndpoint(slotOfBOnA, underlayB, 0, underlayB.length);
        a.addAllowedIp(slotOfBOnA, ADDR_B, 0, 4, 32);
        int slotOfAOnB = b.addPeer(pubA, 0, null, 0, 0);
        b.setEndpoint(slotOfAOnB, underlayA, 0, underlayA.length);
        b.addAllowedIp(slotOfAOnB, ADDR_A, 0, 4, 32);

        packet1420 = ipv4(1420, rnd);
        packet64 = ipv4(64, rnd);
        if (transport(packet1420) != 1420 || transport(packet64) != 64) {
            throw new IllegalStateException("the first packets did not cross the tunnel");
        }

        byte[] key = new byte[32];
        fill(rnd, key);
        bcEnc = new org.bouncycastle.crypto.modes.ChaCha20Poly1305();
        bcEnc.init(true, new ParametersWithIV(new KeyParameter(key), bcNonce));
        bcDec = new org.bouncycastle.crypto.modes.ChaCha20Poly1305();
        bcDec.init(false, new ParametersWithIV(new KeyParameter(key), bcNonce));
    }

    private static WireGuardDevice device(byte[] key, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        return new WireGuardDevice(key, 0, new WgDeviceConfig(), new X25519(), (buf, off, len) -> {
            for (int i = 0; i < len; i++) {
                buf[off + i] = (byte) r.nextInt(256);
            }
        }, max -> 0, (out, off, mono) -> {
            Tai64n.encode(WALL_MS + mono, 0, false, out, off);
            return 12;
        });
    }

    private static void fill(SplittableRandom r, byte[] b) {
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) r.nextInt(256);
        }
    }

    /** A minimal IPv4 header (A -> B, protocol UDP) with a random payload: what cryptokey routing inspects. */
    private static byte[] ipv4(int len, SplittableRandom r) {
        byte[] p = new byte[len];
        fill(r, p);
        p[0] = 0x45;
        p[1] = 0;
        p[2] = (byte) (len >> 8);
        p[3] = (byte) len;
        p[8] = 64;
        p[9] = 17;
        System.arraycopy(ADDR_A, 0, p, 12, 4);
        System.arraycopy(ADDR_B, 0, p, 16, 4);
        return p;
    }

    /** Sends one inner packet A -> B through both devices (handshaking first if needed); returns what B got. */
    private int transport(byte[] packet) {
        now++;
        System.arraycopy(packet, 0, wire, HEADROOM, packet.length);
        int act = a.send(wire, HEADROOM, packet.length, now, ra);
        int delivered = deliverFromA(act);
        while ((act = a.poll(now, ra)) != WgResult.DONE) {
            delivered = Math.max(delivered, deliverFromA(act));
        }
        return delivered;
    }

    /** Hands A's datagram to B, and B's answers back to A, until both are quiet; returns B's tunnel length. */
    private int deliverFromA(int act) {
        int delivered = -1;
        if (act != WgResult.WRITE_TO_NETWORK) {
            return delivered;
        }
        int bAct = b.receive(ra.buffer, ra.offset, ra.length, underlayA, 0, underlayA.length, now, rb);
        while (bAct != WgResult.DONE && bAct != WgResult.DROPPED) {
            if (bAct == WgResult.WRITE_TO_TUNNEL) {
                delivered = rb.length;
            } else if (bAct == WgResult.WRITE_TO_NETWORK) {
                int aAct = a.receive(rb.buffer, rb.offset, rb.length, underlayB, 0, underlayB.length, now, ra);
                while (aAct == WgResult.WRITE_TO_NETWORK) {
                    int inner = b.receive(ra.buffer, ra.offset, ra.length, underlayA, 0, underlayA.length, now, rb);
                    if (inner == WgResult.WRITE_TO_TUNNEL) {
                        delivered = rb.length;
                    }
                    aAct = a.poll(now, ra);
                }
            }
            bAct = b.poll(now, rb);
        }
        return delivered;
    }

    @Benchmark
    public int transport1420_ours() {
        return transport(packet1420);
    }

    @Benchmark
    public int transport64_ours() {
        return transport(packet64);
    }

    @Benchmark
    public int transport1420_bc() throws Exception {
        return bcRound(packet1420);
    }

    @Benchmark
    public int transport64_bc() throws Exception {
        return bcRound(packet64);
    }

    private int bcRound(byte[] packet) throws Exception {
        System.arraycopy(packet, 0, wire, HEADROOM, packet.length);
        long c = bcCounter++;
        for (int i = 0; i < 8; i++) {
            bcNonce[4 + i] = (byte) (c >>> (8 * i));
        }
        bcEnc.init(true, new ParametersWithIV(null, bcNonce));
        int n = bcEnc.processBytes(wire, HEADROOM, packet.length, bcSealed, 0);
        n += bcEnc.doFinal(bcSealed, n);
        bcDec.init(false, new ParametersWithIV(null, bcNonce));
        int m = bcDec.processBytes(bcSealed, 0, n, bcOpened, 0);
        return m + bcDec.doFinal(bcOpened, m);
    }

    /** A fresh handshake A -> B on warm devices: initiation, response, keepalive (4 X25519 per side). */
    @Benchmark
    public int handshake_ours() {
        now += 1000; // past the per-peer initiation flood limit (20 ms); timers do not fire in 1 s
        int act = a.initiateHandshake(slotOfBOnA, now, ra);
        deliverFromA(act);
        while ((act = a.poll(now, ra)) != WgResult.DONE) {
            deliverFromA(act);
        }
        return act;
    }
}
