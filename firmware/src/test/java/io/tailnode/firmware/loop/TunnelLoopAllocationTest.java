package io.tailnode.firmware.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.ip.EchoResponder;
import io.tailnode.ip.IpReason;
import io.tailnode.testing.AllocationMeter;
import io.tailnode.wg.WireGuardDevice;
import org.junit.jupiter.api.Test;

/**
 * Runs in the allocation JVM (escape analysis off): two {@link TunnelLoop}s joined by an in-memory transport;
 * A sends a 1420-byte ICMP echo request through the tunnel, B's loop answers it from its echo responder, A's loop
 * receives the reply. After the handshake, a whole round trip (both loops' receive, decrypt, echo, encrypt, send,
 * poll, peer checks) allocates 0 bytes.
 */
class TunnelLoopAllocationTest {
    private final LoopPair pair = new LoopPair(16);
    private final LoopPair.ManualClock clock = pair.clock;
    private TunnelLoop a;
    private TunnelLoop b;
    private final byte[] request = new byte[1420];

    private TunnelLoop node(WireGuardDevice wg, LoopPair.MemTransport transport, int host) {
        EchoResponder echo = new EchoResponder(LoopPair.MTU);
        echo.setAddressV4(new byte[] {100, 64, 0, (byte) host}, 0);
        return new TunnelLoop(wg, transport, clock, null, echo, LoopPair.logger(), LoopPair.MTU, 50, null);
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
        a = node(pair.wgA(), pair.transportA(), 1);
        b = node(pair.wgB(), pair.transportB(), 2);
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
