package io.tailnode.firmware.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.ip.EchoResponder;
import io.tailnode.ip.IpReason;
import io.tailnode.testing.AllocationMeter;
import io.tailnode.wg.SourceAddress;
import io.tailnode.wg.WireGuardDevice;
import org.junit.jupiter.api.Test;

/**
 * Runs in the allocation JVM (escape analysis off): two {@link TunnelLoop}s joined by an in-memory transport;
 * A sends a 1420-byte ICMP echo request through the tunnel, B's loop answers it from its echo responder, A's loop
 * receives the reply. After the handshake, a whole round trip (both loops' receive, decrypt, echo, encrypt, send,
 * poll, peer checks) allocates 0 bytes. So does one whose request A sends twice, to its relay path (B's endpoint
 * is the DERP form) and to B's UDP address from the {@link SecondaryUdpPath} (dual send).
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
        if (derpB != null) {
            // B's reply comes over UDP, and WireGuard roams A's endpoint to it; the disco driver puts the DERP
            // endpoint back each iteration while the direct path is untrusted, as this does.
            a.device().setEndpoint(0, derpB, 0, derpB.length);
        }
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

    /** Dual-send variant: A's endpoint for B (DERP form), re-applied before each request. */
    private byte[] derpB;
    /** Counts what the relay path was given (and drops it: B's copy comes over the UDP pipe). */
    private long relayed;
    private long relayedBytes;

    @Test
    void dualSendRoundTripAllocatesNothing() {
        a = node(pair.wgA(), pair.transportA(), 1);
        b = node(pair.wgB(), pair.transportB(), 2);
        fillRequest();
        for (int i = 0; i < 5; i++) {
            roundTrip(); // the handshake, over UDP
        }
        byte[] ep = new byte[33];
        assertEquals(33, SourceAddress.derp(ep, 0, pair.pubB, 0));
        derpB = ep;
        final byte[] udpB = new byte[7];
        final int udpBLength = SourceAddress.ipv4(udpB, 0, new byte[] {(byte) 198, 18, 0, 2}, 0, 51820);
        a.setRelayPath(new RelayPath() {
            @Override
            public int sendRelayed(int slot, byte[] endpoint, int epOff, byte[] pkt, int off, int len) {
                relayed++;
                relayedBytes += len;
                return len;
            }
        });
        a.setSecondaryUdpPath(new SecondaryUdpPath() {
            @Override
            public int secondaryUdpEndpoint(int slot, long nowMs, byte[] out, int off) {
                System.arraycopy(udpB, 0, out, off, udpBLength);
                return udpBLength;
            }
        });
        roundTrip();
        assertEquals(1, relayed, "the request went to the relay");
        assertEquals(1, a.dualSends(), "and to B's UDP address");
        int repliesBefore = a.echo().dropCount(IpReason.NOT_ECHO_REQUEST);
        long perCall = AllocationMeter.bytesPerCall(this::roundTrip, 2_000, 5_000);
        System.out.println("tunnel loop round trip with dual send (relay + UDP): " + perCall + " B");
        assertEquals(0, perCall);
        assertEquals(7_001, relayed);
        assertEquals(7_001, a.dualSends());
        assertEquals(7_001L * (1420 + 32), relayedBytes, "whole transport packets to the relay");
        assertTrue(a.echo().dropCount(IpReason.NOT_ECHO_REQUEST) - repliesBefore >= 5_000,
                "replies came back over the UDP copy");
        assertEquals(0, a.transportErrors() + b.transportErrors());
    }

    private void fillRequest() {
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
