package io.tailnode.firmware.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.crypto.X25519;
import io.tailnode.firmware.hal.Clock;
import io.tailnode.firmware.hal.DatagramTransport;
import io.tailnode.firmware.hal.HalStatus;
import io.tailnode.firmware.hal.LogSink;
import io.tailnode.firmware.log.LogEvents;
import io.tailnode.firmware.log.LogLevel;
import io.tailnode.firmware.log.Logger;
import io.tailnode.ip.EchoResponder;
import io.tailnode.ip.IpReason;
import io.tailnode.testing.AllocationMeter;
import io.tailnode.wg.SourceAddress;
import io.tailnode.wg.Tai64nSource;
import io.tailnode.wg.WgDeviceConfig;
import io.tailnode.wg.WgRandom;
import io.tailnode.wg.WireGuardDevice;
import org.junit.jupiter.api.Test;

/**
 * Runs in the allocation JVM (escape analysis off): two {@link TunnelLoop}s joined by an in-memory transport;
 * A sends a 1420-byte ICMP echo request through the tunnel, B's loop answers it from its echo responder, A's loop
 * receives the reply. After the handshake, a whole round trip (both loops' receive, decrypt, echo, encrypt, send,
 * poll, peer checks) allocates 0 bytes.
 */
class TunnelLoopAllocationTest {
    /** A one-way queue of preallocated datagram slots; receive never waits (the test drives time). */
    static final class Pipe {
        final byte[][] slots;
        final int[] lengths;
        final byte[][] sources;
        int head;
        int count;

        Pipe() {
            this(16);
        }

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

    static final class CountingRandom implements WgRandom, io.tailnode.wg.Jitter {
        long state;

        CountingRandom(long seed) {
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

    private static final LogSink NULL_SINK = new LogSink() {
        @Override
        public int write(byte[] line, int off, int len) {
            return HalStatus.OK;
        }
    };

    private final ManualClock clock = new ManualClock();
    private final Pipe aToB = new Pipe();
    private final Pipe bToA = new Pipe();
    private TunnelLoop a;
    private TunnelLoop b;
    private final byte[] request = new byte[1420];

    private TunnelLoop node(byte[] priv, byte[] peerPub, int host, int peerHost, Pipe in, Pipe out) {
        WgDeviceConfig c = new WgDeviceConfig();
        c.maxPeers = 2;
        CountingRandom r = new CountingRandom(host);
        WireGuardDevice wg = new WireGuardDevice(priv, 0, c, new X25519(), r, r, new StepTai());
        int slot = wg.addPeer(peerPub, 0, null, 0, 0);
        wg.addAllowedIp(slot, new byte[] {100, 64, 0, (byte) peerHost}, 0, 4, 32);
        byte[] ep = new byte[7];
        SourceAddress.ipv4(ep, 0, new byte[] {(byte) 198, 18, 0, (byte) peerHost}, 0, 51820);
        wg.setEndpoint(slot, ep, 0, 7);
        EchoResponder echo = new EchoResponder(1420);
        echo.setAddressV4(new byte[] {100, 64, 0, (byte) host}, 0);
        Logger log = new Logger(NULL_SINK, LogEvents.TAGS, 120, LogLevel.INFO, 5, 1000);
        return new TunnelLoop(wg, new MemTransport(in, out, host), clock, null, echo, log, 1420, 50, null);
    }

    private void roundTrip() {
        a.sendInner(request, 0, request.length);
        clock.now++;
        b.runOnce();
        b.runOnce();
        a.runOnce();
        a.runOnce();
    }

    @Test
    void roundTripThroughBothLoopsAllocatesNothing() {
        X25519 x = new X25519();
        byte[] privA = new byte[32];
        byte[] privB = new byte[32];
        for (int i = 0; i < 32; i++) {
            privA[i] = (byte) (i + 1);
            privB[i] = (byte) (101 + i);
        }
        byte[] pubA = new byte[32];
        byte[] pubB = new byte[32];
        x.publicKey(pubA, 0, privA, 0);
        x.publicKey(pubB, 0, privB, 0);
        a = node(privA, pubB, 1, 2, bToA, aToB);
        b = node(privB, pubA, 2, 1, aToB, bToA);
        // IPv4 echo request 100.64.0.1 -> 100.64.0.2, 1420 bytes, DF, checksums filled.
        byte[] p = request;
        p[0] = 0x45;
        p[2] = (byte) (1420 >> 8);
        p[3] = (byte) 1420;
        p[6] = 0x40;
        p[8] = 64;
        p[9] = 1;
        p[12] = 100; p[13] = 64; p[15] = 1;
        p[16] = 100; p[17] = 64; p[19] = 2;
        put16(p, 10, checksum(p, 0, 20));
        p[20] = 8;
        put16(p, 22, checksum(p, 20, 1400));

        for (int i = 0; i < 5; i++) {
            roundTrip();
        }
        assertTrue(a.handshakeCount(0) == 1 && b.handshakeCount(0) == 1, "handshake done");
        int repliesBefore = a.echo().dropCount(IpReason.NOT_ECHO_REQUEST);
        long perCall = AllocationMeter.bytesPerCall(this::roundTrip, 2_000, 5_000);
        System.out.println("tunnel loop round trip (1420 B echo, both loops): " + perCall + " B");
        assertEquals(0, perCall);
        assertTrue(a.echo().dropCount(IpReason.NOT_ECHO_REQUEST) - repliesBefore >= 5_000, "replies came back");
        assertTrue(b.echoReplies() >= 5_000);
        assertEquals(0, a.transportErrors() + b.transportErrors());
    }

    private static void put16(byte[] p, int off, int v) {
        p[off] = (byte) (v >> 8);
        p[off + 1] = (byte) v;
    }

    private static int checksum(byte[] p, int off, int len) {
        long sum = 0;
        for (int i = 0; i + 1 < len; i += 2) {
            sum += ((p[off + i] & 0xff) << 8) | (p[off + i + 1] & 0xff);
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (int) (~sum & 0xffff);
    }
}
