package io.tailnode.firmware.loop;

import io.tailnode.crypto.X25519;
import io.tailnode.firmware.hal.Clock;
import io.tailnode.firmware.hal.DatagramTransport;
import io.tailnode.firmware.hal.HalStatus;
import io.tailnode.firmware.hal.LogSink;
import io.tailnode.firmware.log.LogEvents;
import io.tailnode.firmware.log.LogLevel;
import io.tailnode.firmware.log.Logger;
import io.tailnode.firmware.services.DeviceServices;
import io.tailnode.firmware.services.DeviceStatus;
import io.tailnode.firmware.services.ServicesConfig;
import io.tailnode.ip.wire.InetChecksum;
import io.tailnode.wg.SourceAddress;
import io.tailnode.wg.Tai64nSource;
import io.tailnode.wg.WgDeviceConfig;
import io.tailnode.wg.WgRandom;
import io.tailnode.wg.WireGuardDevice;

/**
 * Test fixture: two tunnel endpoints back to back for {@link TunnelLoop} tests. A is 100.64.0.1 (underlay
 * 198.18.0.1:51820, host 1), B is 100.64.0.2 (198.18.0.2:51820, host 2); fixed key pairs; one WireGuard device per
 * side with the other as its only peer ({@link #wg}); in-memory pipes A→B and B→A ({@link #transportA},
 * {@link #transportB}) with a manual clock; device services on the tunnel address ({@link #services}); ICMP echo
 * packets ({@link #echo}). Tests build their loops from these parts and drive them with {@link #steps}. Nothing
 * here allocates per datagram, so allocation tests use it too.
 */
public final class LoopPair {
    static final byte[] A = {100, 64, 0, 1};
    static final byte[] B = {100, 64, 0, 2};
    static final int MTU = 1420;
    static final LogSink NULL_SINK = new LogSink() {
        @Override
        public int write(byte[] line, int off, int len) {
            return HalStatus.OK;
        }
    };

    final ManualClock clock = new ManualClock();
    final Pipe aToB;
    final Pipe bToA;
    final byte[] privA = new byte[32];
    final byte[] privB = new byte[32];
    final byte[] pubA = new byte[32];
    final byte[] pubB = new byte[32];

    /** Pipes of {@code pipeSlots} datagrams each way. */
    LoopPair(int pipeSlots) {
        aToB = new Pipe(pipeSlots);
        bToA = new Pipe(pipeSlots);
        for (int i = 0; i < 32; i++) {
            privA[i] = (byte) (i + 1);
            privB[i] = (byte) (101 + i);
        }
        X25519 x = new X25519();
        x.publicKey(pubA, 0, privA, 0);
        x.publicKey(pubB, 0, privB, 0);
    }

    /** A's WireGuard device: B is its peer (slot 0). */
    WireGuardDevice wgA() {
        return wg(privA, pubB, 1, 2);
    }

    /** B's WireGuard device: A is its peer (slot 0). */
    WireGuardDevice wgB() {
        return wg(privB, pubA, 2, 1);
    }

    /** A's end of the pipes (receives B→A, sends A→B). */
    MemTransport transportA() {
        return new MemTransport(bToA, aToB, 1);
    }

    MemTransport transportB() {
        return new MemTransport(aToB, bToA, 2);
    }

    /**
     * A WireGuard device for tunnel host {@code host} (100.64.0.host) with one peer: {@code peerPub}, allowed
     * 100.64.0.peerHost/32, endpoint 198.18.0.peerHost:51820.
     */
    static WireGuardDevice wg(byte[] priv, byte[] peerPub, int host, int peerHost) {
        WgDeviceConfig c = new WgDeviceConfig();
        c.maxPeers = 2;
        CountingRandom r = new CountingRandom(host);
        WireGuardDevice wg = new WireGuardDevice(priv, 0, c, new X25519(), r, r, new StepTai());
        int slot = wg.addPeer(peerPub, 0, null, 0, 0);
        wg.addAllowedIp(slot, new byte[] {100, 64, 0, (byte) peerHost}, 0, 4, 32);
        byte[] ep = new byte[7];
        SourceAddress.ipv4(ep, 0, new byte[] {(byte) 198, 18, 0, (byte) peerHost}, 0, 51820);
        wg.setEndpoint(slot, ep, 0, 7);
        return wg;
    }

    /** Services configuration with the fixture's tunnel MTU; callers may change it before {@link #services}. */
    static ServicesConfig servicesConfig() {
        ServicesConfig sc = new ServicesConfig();
        sc.ip.mtu = MTU;
        return sc;
    }

    /** Device services on 100.64.0.host (status may be null), with the default configuration. */
    static DeviceServices services(int host, DeviceStatus status) {
        return services(servicesConfig(), host, status);
    }

    static DeviceServices services(ServicesConfig sc, int host, DeviceStatus status) {
        byte[] secret = new byte[32];
        secret[0] = (byte) host;
        DeviceServices s = new DeviceServices(sc, secret, 0, status);
        s.setAddressV4(new byte[] {100, 64, 0, (byte) host}, 0);
        return s;
    }

    /** A status page for host {@code host} showing its tunnel address. */
    DeviceStatus status(WireGuardDevice wg, int host) {
        DeviceStatus status = new DeviceStatus(wg, clock, "node" + host, "power-on");
        status.addTunnelAddress(new byte[] {100, 64, 0, (byte) host}, 0, 4);
        return status;
    }

    static Logger logger() {
        return new Logger(NULL_SINK, LogEvents.TAGS, 120, LogLevel.INFO, 5, 1000);
    }

    /** {@code n} rounds of: the clock advances 1 ms, B runs once, A runs once. */
    void steps(TunnelLoop a, TunnelLoop b, int n) {
        for (int i = 0; i < n; i++) {
            clock.now++;
            b.runOnce();
            a.runOnce();
        }
    }

    /** A 44-byte IPv4 ICMP echo request (type 8) or reply (0), sequence 1, with valid checksums. */
    static byte[] echo(byte[] src, byte[] dst, int type, int id) {
        byte[] p = new byte[28 + 16];
        p[0] = 0x45;
        p[3] = (byte) p.length;
        p[8] = 64;
        p[9] = 1;
        System.arraycopy(src, 0, p, 12, 4);
        System.arraycopy(dst, 0, p, 16, 4);
        int h = InetChecksum.of(p, 0, 20);
        p[10] = (byte) (h >>> 8);
        p[11] = (byte) h;
        p[20] = (byte) type;
        p[24] = (byte) (id >>> 8);
        p[25] = (byte) id;
        p[27] = 1;
        int c = InetChecksum.of(p, 20, p.length - 20);
        p[22] = (byte) (c >>> 8);
        p[23] = (byte) c;
        return p;
    }

    static byte[] ping(byte[] src, byte[] dst, int id) {
        return echo(src, dst, 8, id);
    }

    /** A one-way queue of preallocated datagram slots; receive never waits (the test drives time). */
    static final class Pipe {
        final byte[][] slots;
        final int[] lengths;
        final byte[][] sources;
        int head;
        int count;

        Pipe(int n) {
            slots = new byte[n][1600];
            lengths = new int[n];
            sources = new byte[n][19];
        }
    }

    static final class MemTransport implements DatagramTransport {
        final Pipe in;
        final Pipe out;
        final byte[] self = new byte[7];
        final int selfLength;

        MemTransport(Pipe in, Pipe out, int host) {
            this.in = in;
            this.out = out;
            selfLength = SourceAddress.ipv4(self, 0, new byte[] {(byte) 198, 18, 0, (byte) host}, 0, 51820);
        }

        @Override
        public int send(byte[] buf, int off, int len, byte[] dest, int destOff, int destLen) {
            if (out.count == out.slots.length) {
                return HalStatus.ERR_WOULD_BLOCK;
            }
            int i = (out.head + out.count) % out.slots.length;
            System.arraycopy(buf, off, out.slots[i], 0, len);
            System.arraycopy(self, 0, out.sources[i], 0, selfLength);
            out.lengths[i] = len;
            out.count++;
            return len;
        }

        @Override
        public int receive(byte[] buf, int off, int capacity, byte[] source, int sourceOff, int timeoutMs) {
            if (in.count == 0) {
                return HalStatus.ERR_WOULD_BLOCK;
            }
            int i = in.head;
            int n = in.lengths[i];
            System.arraycopy(in.slots[i], 0, buf, off, n);
            System.arraycopy(in.sources[i], 0, source, sourceOff, 7);
            in.head = (in.head + 1) % in.slots.length;
            in.count--;
            return n;
        }

        @Override
        public int localPort() {
            return 51820;
        }

        @Override
        public void close() {
        }
    }

    static final class ManualClock implements Clock {
        long now = 1000;

        @Override
        public long monotonicMillis() {
            return now;
        }

        @Override
        public long wallMillis() {
            return 1767225600000L + now;
        }

        @Override
        public boolean wallTrusted() {
            return true;
        }

        @Override
        public void setWallMillis(long unixMillis) {
        }
    }

    /** Deterministic bytes and zero jitter (test keys and nonces only). */
    public static final class CountingRandom implements WgRandom, io.tailnode.wg.Jitter {
        long state;

        public CountingRandom(long seed) {
            state = seed;
        }

        @Override
        public void nextBytes(byte[] b, int off, int len) {
            for (int i = 0; i < len; i++) {
                state = state * 6364136223846793005L + 1442695040888963407L;
                b[off + i] = (byte) (state >>> 56);
            }
        }

        @Override
        public int nextJitterMs(int maxExclusive) {
            return 0;
        }
    }

    static final class StepTai implements Tai64nSource {
        long t = 0x400000006a000000L;

        @Override
        public int now(byte[] out, int off, long monotonicNowMs) {
            t++;
            for (int i = 0; i < 8; i++) {
                out[off + i] = (byte) (t >>> (56 - 8 * i));
            }
            for (int i = 8; i < 12; i++) {
                out[off + i] = 0;
            }
            return 12;
        }
    }
}
