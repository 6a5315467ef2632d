package io.tailnode.ip;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tailnode.testing.AllocationMeter;
import org.junit.jupiter.api.Test;

/**
 * Runs in the allocation JVM (escape analysis off): 0 bytes per UDP datagram received and read, per datagram
 * sent, per UDP echo round trip, per ICMP echo reply, per ICMP error, per rejected packet.
 */
class IpStackAllocationTest {
    private final IpStack stack = IpStackTest.newStack(new IpStackConfig());
    private final UdpEchoService echo = new UdpEchoService(stack.udp(), stack.mtu());
    private final UdpSocket sock;
    private final UdpEndpoint from = new UdpEndpoint();
    private final UdpEndpoint to = new UdpEndpoint().setV6(StackPackets.PEER_V6, 0, 4000);
    private final byte[] buf = new byte[1500];
    private final byte[] out = new byte[1500];
    private final byte[] udp4 = StackPackets.toDevice(false, 40000, 5000, StackPackets.bytes(1000, 1));
    private final byte[] udp6 = StackPackets.toDevice(true, 40000, 5000, StackPackets.bytes(1000, 1));
    private final byte[] echo6 = StackPackets.toDevice(true, 40000, 7, StackPackets.bytes(500, 2));
    private final byte[] ping = Packets.v4Echo(1280, true);
    private final byte[] unbound = StackPackets.toDevice(false, 40000, 9, StackPackets.bytes(1000, 3));
    private final byte[] unknown6 = StackPackets.v6(StackPackets.PEER_V6, Packets.DEVICE_V6, 200, 64, new byte[64]);
    private final byte[] bad = StackPackets.toDevice(false, 40000, 5000, StackPackets.bytes(100, 1));
    private long now;

    IpStackAllocationTest() {
        sock = stack.udp().socket(stack.udp().bind(5000));
        echo.start();
        bad[60] ^= 1;
    }

    @Test
    void udpDatagramReceivedAndRead() {
        assertEquals(0, AllocationMeter.bytesPerCall(() -> {
            stack.receive(udp4, 0, udp4.length, 0);
            sock.recv(buf, 0, buf.length, from);
            stack.receive(udp6, 0, udp6.length, 0);
            sock.recv(buf, 0, buf.length, from);
        }, 20_000, 50_000));
        assertEquals(true, sock.receivedCount() > 100_000);
    }

    @Test
    void udpDatagramSentAndPolled() {
        assertEquals(0, AllocationMeter.bytesPerCall(() -> {
            sock.send(buf, 0, 1000, to);
            stack.poll(0, out, 0, out.length);
        }, 20_000, 50_000));
    }

    @Test
    void udpEchoRoundTrip() {
        assertEquals(0, AllocationMeter.bytesPerCall(() -> {
            stack.receive(echo6, 0, echo6.length, 0);
            echo.service();
            stack.poll(0, out, 0, out.length);
        }, 20_000, 50_000));
        assertEquals(true, echo.echoedCount() > 50_000);
    }

    @Test
    void icmpEchoReply() {
        assertEquals(0, AllocationMeter.bytesPerCall(() -> {
            stack.receive(ping, 0, ping.length, 0);
            stack.poll(0, out, 0, out.length);
        }, 20_000, 50_000));
        assertEquals(true, stack.echoReplyCount() > 50_000);
    }

    @Test
    void icmpErrorsSentAndRateLimited() {
        // Time advances one token interval per call, so every error is actually built and sent.
        assertEquals(0, AllocationMeter.bytesPerCall(() -> {
            now += 100;
            stack.receive(unbound, 0, unbound.length, now);
            stack.poll(now, out, 0, out.length);
            now += 100;
            stack.receive(unknown6, 0, unknown6.length, now);
            stack.poll(now, out, 0, out.length);
        }, 20_000, 50_000));
        assertEquals(true, stack.icmpErrors().sentCount() > 100_000);
        assertEquals(0, AllocationMeter.bytesPerCall(() -> stack.receive(unbound, 0, unbound.length, now), 1_000,
                50_000), "rate-limited and queue-full paths");
    }

    @Test
    void rejectedPacket() {
        assertEquals(0, AllocationMeter.bytesPerCall(() -> stack.receive(bad, 0, bad.length, 0), 20_000, 50_000));
    }
}
