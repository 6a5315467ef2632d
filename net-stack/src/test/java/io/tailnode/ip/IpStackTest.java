package io.tailnode.ip;

import static io.tailnode.ip.StackPackets.PEER_V4;
import static io.tailnode.ip.StackPackets.PEER_V6;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** IpStack ingress, dispatch and ICMP errors from hand-built packets; replies compared byte by byte. */
class IpStackTest {
    private final IpStack stack = newStack(new IpStackConfig());
    private final byte[] out = new byte[2000];

    static IpStack newStack(IpStackConfig c) {
        IpStack s = new IpStack(c);
        s.setAddressV4(Packets.DEVICE_V4, 0);
        s.setAddressV6(Packets.DEVICE_V6, 0);
        return s;
    }

    private byte[] poll() {
        int n = stack.poll(0, out, 0, out.length);
        assertTrue(n >= 0, "poll " + n);
        return Arrays.copyOf(out, n);
    }

    private void assertSilent() {
        assertEquals(0, stack.poll(0, out, 0, out.length), "nothing may be sent");
    }

    @Test
    void echoV4AndV6AreAnsweredThroughTheQueue() {
        byte[] req = Packets.hex(Packets.V4_REQUEST);
        assertEquals(IpReason.OK, stack.receive(req, 0, req.length, 0));
        assertEquals(Long.MIN_VALUE, stack.nextDeadline());
        byte[] reply = poll();
        byte[] kernel = Packets.hex(Packets.V4_KERNEL_REPLY);
        // The kernel's reply differs in id, DF and TTL only (EchoResponder keeps the request's id and DF).
        assertArrayEquals(Arrays.copyOfRange(kernel, 12, kernel.length), Arrays.copyOfRange(reply, 12, reply.length));
        assertEquals(0, Packets.referenceChecksum(reply, 0, 20));
        byte[] req6 = Packets.hex(Packets.V6_REQUEST);
        assertEquals(IpReason.OK, stack.receive(req6, 0, req6.length, 0));
        byte[] reply6 = poll();
        byte[] kernel6 = Packets.hex(Packets.V6_KERNEL_REPLY);
        assertArrayEquals(Arrays.copyOfRange(kernel6, 4, 7), Arrays.copyOfRange(reply6, 4, 7));
        assertArrayEquals(Arrays.copyOfRange(kernel6, 8, kernel6.length), Arrays.copyOfRange(reply6, 8, reply6.length));
        assertSilent();
        assertEquals(Long.MAX_VALUE, stack.nextDeadline());
        assertEquals(2, stack.echoReplyCount());
    }

    @Test
    void portUnreachableV4ByteByByte() {
        byte[] p = StackPackets.toDevice(false, 40000, 9999, StackPackets.bytes(20, 1));
        assertEquals(IpReason.PORT_UNREACHABLE, stack.receive(p, 0, p.length, 0));
        assertArrayEquals(StackPackets.expectedError(p, 3, 3, 0, 0), poll());
        assertEquals(1, stack.dropCount(IpReason.PORT_UNREACHABLE));
        assertEquals(1, stack.icmpErrors().sentCount());
        assertSilent();
    }

    @Test
    void portUnreachableV6ByteByByte() {
        byte[] p = StackPackets.toDevice(true, 40000, 9999, StackPackets.bytes(20, 1));
        assertEquals(IpReason.PORT_UNREACHABLE, stack.receive(p, 0, p.length, 0));
        assertArrayEquals(StackPackets.expectedError(p, 1, 4, 0, 0), poll());
    }

    @Test
    void errorsQuoteAsMuchAsFitsTheMinimumMtu() {
        byte[] p = StackPackets.toDevice(false, 1, 9, StackPackets.bytes(1000, 3));
        stack.receive(p, 0, p.length, 0);
        byte[] e = poll();
        assertEquals(576, e.length);
        assertArrayEquals(StackPackets.expectedError(p, 3, 3, 0, 0), e);
        byte[] p6 = StackPackets.toDevice(true, 1, 9, StackPackets.bytes(1280 - 48, 3));
        stack.receive(p6, 0, p6.length, 0);
        byte[] e6 = poll();
        assertEquals(1280, e6.length);
        assertArrayEquals(StackPackets.expectedError(p6, 1, 4, 0, 0), e6);
        assertArrayEquals(Arrays.copyOf(p6, 1232), Arrays.copyOfRange(e6, 48, 1280));
    }

    @Test
    void paddingAfterTheIpLengthIsNotQuoted() {
        byte[] p = StackPackets.toDevice(false, 1, 9, StackPackets.bytes(5, 3));
        byte[] padded = Arrays.copyOf(p, p.length + 11);
        stack.receive(padded, 0, padded.length, 0);
        assertArrayEquals(StackPackets.expectedError(p, 3, 3, 0, 0), poll());
    }

    @Test
    void protocolUnreachableV4AndTcpWithoutHandler() {
        byte[] p = StackPackets.v4(PEER_V4, Packets.DEVICE_V4, 200, 7, 0, 64, StackPackets.bytes(12, 0));
        assertEquals(IpReason.PROTOCOL_UNREACHABLE, stack.receive(p, 0, p.length, 0));
        assertArrayEquals(StackPackets.expectedError(p, 3, 2, 0, 0), poll());
        byte[] tcp = StackPackets.v4(PEER_V4, Packets.DEVICE_V4, 6, 7, 0x4000, 64, StackPackets.bytes(20, 0));
        assertEquals(IpReason.PROTOCOL_UNREACHABLE, stack.receive(tcp, 0, tcp.length, 0));
        assertArrayEquals(StackPackets.expectedError(tcp, 3, 2, 0, 1), poll());
    }

    @Test
    void parameterProblemNextHeaderV6PointsAtTheNextHeaderField() {
        byte[] p = StackPackets.v6(PEER_V6, Packets.DEVICE_V6, 200, 64, StackPackets.bytes(12, 0));
        assertEquals(IpReason.PROTOCOL_UNREACHABLE, stack.receive(p, 0, p.length, 0));
        byte[] e = poll();
        assertArrayEquals(StackPackets.expectedError(p, 4, 1, 6, 0), e);
        assertEquals(6, e[47]);
        byte[] tcp = StackPackets.v6(PEER_V6, Packets.DEVICE_V6, 6, 64, StackPackets.bytes(20, 0));
        assertEquals(IpReason.PROTOCOL_UNREACHABLE, stack.receive(tcp, 0, tcp.length, 0));
        assertArrayEquals(StackPackets.expectedError(tcp, 4, 1, 6, 0), poll());
    }

    @Test
    void noErrorAboutAnIcmpError() {
        byte[] inner = StackPackets.toDevice(false, 7, 40000, new byte[4]);
        byte[] err = StackPackets.v4(PEER_V4, Packets.DEVICE_V4, 1, 1, 0, 64,
                StackPackets.icmp(PEER_V4, Packets.DEVICE_V4, 3, 3, 0, inner));
        assertEquals(IpReason.NOT_ECHO_REQUEST, stack.receive(err, 0, err.length, 0));
        assertSilent();
        byte[] err6 = StackPackets.v6(PEER_V6, Packets.DEVICE_V6, 58, 64,
                StackPackets.icmp(PEER_V6, Packets.DEVICE_V6, 1, 4, 0, new byte[48]));
        assertEquals(IpReason.NOT_ECHO_REQUEST, stack.receive(err6, 0, err6.length, 0));
        assertSilent();
        // The sender's own rule, for a transport that would ask for an error about an ICMP error.
        assertEquals(false, IcmpErrorSender.mayAnswerV4(err, 0, err.length));
        assertEquals(false, IcmpErrorSender.mayAnswerV6(err6, 0, err6.length));
        byte[] echo6 = StackPackets.v6(PEER_V6, Packets.DEVICE_V6, 58, 64,
                StackPackets.icmp(PEER_V6, Packets.DEVICE_V6, 128, 0, 0, new byte[8]));
        assertEquals(true, IcmpErrorSender.mayAnswerV6(echo6, 0, echo6.length));
        assertEquals(true, IcmpErrorSender.mayAnswerV4(Packets.hex(Packets.V4_REQUEST), 0, 84));
    }

    @Test
    void noErrorForMulticastBroadcastUnspecifiedOrLoopbackSources() {
        byte[][] sources = {{(byte) 224, 0, 0, 5}, {(byte) 255, (byte) 255, (byte) 255, (byte) 255}, {0, 0, 0, 0},
            {127, 0, 0, 1}, {(byte) 240, 1, 2, 3}};
        for (byte[] src : sources) {
            byte[] p = StackPackets.udpPacket(src, Packets.DEVICE_V4, 5, 9999, new byte[3]);
            assertEquals(IpReason.PORT_UNREACHABLE, stack.receive(p, 0, p.length, 0));
            assertSilent();
        }
        byte[][] sources6 = {Packets.hex("ff020000000000000000000000000001"), new byte[16],
            Packets.hex("00000000000000000000000000000001")};
        for (byte[] src : sources6) {
            byte[] p = StackPackets.udpPacket(src, Packets.DEVICE_V6, 5, 9999, new byte[3]);
            assertEquals(IpReason.PORT_UNREACHABLE, stack.receive(p, 0, p.length, 0));
            assertSilent();
        }
        assertEquals(8, stack.icmpErrors().suppressedCount());
        assertEquals(0, stack.icmpErrors().sentCount());
    }

    @Test
    void fragmentsAreDroppedCountedAndNeverAnswered() {
        byte[] udp = StackPackets.udp(PEER_V4, Packets.DEVICE_V4, 5, 9999, new byte[16]);
        byte[] first = StackPackets.v4(PEER_V4, Packets.DEVICE_V4, 17, 9, 0x2000, 64, udp);
        byte[] later = StackPackets.v4(PEER_V4, Packets.DEVICE_V4, 17, 9, 3, 64, udp);
        byte[] lastOne = StackPackets.v4(PEER_V4, Packets.DEVICE_V4, 200, 9, 3, 64, new byte[8]);
        for (byte[] p : new byte[][] {first, later, lastOne}) {
            assertEquals(IpReason.FRAGMENT, stack.receive(p, 0, p.length, 0));
            assertSilent();
        }
        byte[] frag6 = new byte[8 + 16];
        frag6[0] = 17;
        frag6[3] = 8; // offset 1 (in 8-byte units), not the first
        byte[] p6 = StackPackets.v6(PEER_V6, Packets.DEVICE_V6, 44, 64, frag6);
        assertEquals(IpReason.FRAGMENT, stack.receive(p6, 0, p6.length, 0));
        assertSilent();
        assertEquals(4, stack.dropCount(IpReason.FRAGMENT));
        // The sender's defence in depth: a non-first fragment is never quoted.
        assertEquals(false, IcmpErrorSender.mayAnswerV4(later, 0, later.length));
        assertEquals(false, IcmpErrorSender.mayAnswerV6(p6, 0, p6.length));
        frag6[3] = 1; // offset 0, M set: the first fragment may be answered
        byte[] firstFrag6 = StackPackets.v6(PEER_V6, Packets.DEVICE_V6, 44, 64, frag6);
        assertEquals(true, IcmpErrorSender.mayAnswerV6(firstFrag6, 0, firstFrag6.length));
    }

    @Test
    void rateLimitBurstThenOnePerInterval() {
        IpStackConfig c = new IpStackConfig();
        c.icmpErrorBurst = 3;
        c.icmpErrorIntervalMs = 100;
        c.outputQueuePackets = 32;
        IpStack s = newStack(c);
        byte[] p = StackPackets.toDevice(false, 5, 9999, new byte[3]);
        long t0 = 1_000_000;
        for (int i = 0; i < 5; i++) {
            s.receive(p, 0, p.length, t0);
        }
        assertEquals(3, s.queuedCount(), "burst of 3");
        assertEquals(2, s.icmpErrors().rateLimitedCount());
        s.receive(p, 0, p.length, t0 + 99);
        assertEquals(3, s.queuedCount(), "no token before one interval");
        s.receive(p, 0, p.length, t0 + 100);
        assertEquals(4, s.queuedCount(), "one token after one interval");
        s.receive(p, 0, p.length, t0 + 150);
        assertEquals(4, s.queuedCount());
        s.receive(p, 0, p.length, t0 + 200);
        assertEquals(5, s.queuedCount(), "the accrual keeps its phase (100, 200, ...)");
        for (int i = 0; i < 10; i++) {
            s.receive(p, 0, p.length, t0 + 100_000);
        }
        assertEquals(8, s.queuedCount(), "a long pause refills only the burst");
        s.receive(p, 0, p.length, t0 + 50);
        assertEquals(8, s.queuedCount(), "a clock step back mints nothing");
        assertEquals(8, s.icmpErrors().sentCount());
        assertEquals(s.receivedCount(), s.dropCount(IpReason.PORT_UNREACHABLE));
    }

    @Test
    void notForUsAndOversizedAreSilent() {
        byte[] p = StackPackets.udpPacket(PEER_V4, new byte[] {100, 64, 0, 9}, 5, 9999, new byte[3]);
        assertEquals(IpReason.NOT_FOR_US, stack.receive(p, 0, p.length, 0));
        byte[] p6 = StackPackets.udpPacket(PEER_V6, PEER_V6, 5, 9999, new byte[3]);
        assertEquals(IpReason.NOT_FOR_US, stack.receive(p6, 0, p6.length, 0));
        byte[] big = StackPackets.toDevice(false, 5, 9999, new byte[1281 - 28]);
        assertEquals(IpReason.OVERSIZED, stack.receive(big, 0, big.length, 0));
        byte[] badSum = StackPackets.toDevice(false, 5, 9999, new byte[3]);
        badSum[10] ^= 1;
        assertEquals(IpReason.BAD_HEADER_CHECKSUM, stack.receive(badSum, 0, badSum.length, 0));
        byte[] ext = StackPackets.v6(PEER_V6, Packets.DEVICE_V6, 0, 64, new byte[16]);
        assertEquals(IpReason.UNSUPPORTED_HEADER, stack.receive(ext, 0, ext.length, 0));
        assertEquals(IpReason.TRUNCATED, stack.receive(p, 0, 19, 0));
        assertEquals(IpReason.BAD_VERSION, stack.receive(new byte[] {0x50, 0, 0, 0}, 0, 4, 0));
        assertEquals(IpReason.TRUNCATED, stack.receive(null, 0, 0, 0));
        assertSilent();
        assertEquals(8, stack.receivedCount());
        assertEquals(0, stack.deliveredCount());
    }

    @Test
    void echoWithAFullQueueIsCountedAsOutputQueueFull() {
        IpStackConfig c = new IpStackConfig();
        c.outputQueuePackets = 1;
        IpStack s = newStack(c);
        byte[] req = Packets.hex(Packets.V4_REQUEST);
        assertEquals(IpReason.OK, s.receive(req, 0, req.length, 0));
        assertEquals(IpReason.OUTPUT_QUEUE_FULL, s.receive(req, 0, req.length, 0));
        byte[] p = StackPackets.toDevice(false, 5, 9999, new byte[3]);
        assertEquals(IpReason.PORT_UNREACHABLE, s.receive(p, 0, p.length, 0));
        assertEquals(1, s.icmpErrors().queueFullCount());
        byte[] reply = new byte[83];
        assertEquals(IpReason.BUFFER_TOO_SMALL, s.poll(0, reply, 0, reply.length), "a short buffer keeps it queued");
        assertEquals(84, s.poll(0, out, 0, out.length));
        assertEquals(0, s.poll(0, out, 0, out.length));
    }

    @Test
    void tcpGoesToTheRegisteredHandlerAndItsOutputFollowsTheQueue() {
        final int[] seen = new int[3];
        stack.setTcpHandler(new TransportHandler() {
            @Override
            public int receive(byte[] pkt, int off, int len, int ipVersion, long nowMs) {
                seen[0] = len;
                seen[1] = ipVersion;
                return 0;
            }

            @Override
            public int poll(long nowMs, byte[] o, int off, int cap) {
                if (seen[2]++ > 0) {
                    return 0;
                }
                o[off] = 0x45;
                return 1;
            }

            @Override
            public long nextDeadline() {
                return 1234;
            }
        });
        byte[] tcp = StackPackets.v6(PEER_V6, Packets.DEVICE_V6, 6, 64, StackPackets.bytes(20, 0));
        byte[] padded = Arrays.copyOf(tcp, tcp.length + 5);
        assertEquals(IpReason.OK, stack.receive(padded, 0, padded.length, 0));
        assertEquals(60, seen[0], "the handler gets the IP length, not the padding");
        assertEquals(6, seen[1]);
        assertEquals(1234, stack.nextDeadline());
        byte[] req = Packets.hex(Packets.V4_REQUEST);
        stack.receive(req, 0, req.length, 0);
        assertEquals(84, stack.poll(0, out, 0, out.length), "queued packets go first");
        assertEquals(1, stack.poll(0, out, 0, out.length));
        assertEquals(0, stack.poll(0, out, 0, out.length));
    }
}
