package io.tailnode.ip;

import static io.tailnode.ip.StackPackets.PEER_V4;
import static io.tailnode.ip.StackPackets.PEER_V6;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** UDP sockets through the stack: delivery, sending (byte by byte), echo on port 7, every status code. */
class UdpSocketTest {
    private final byte[] out = new byte[2000];
    private final byte[] buf = new byte[2000];
    private final UdpEndpoint from = new UdpEndpoint();

    private static IpStack stack(int sockets, int rxPackets, int rxBytes, int queue) {
        IpStackConfig c = new IpStackConfig();
        c.udpSockets = sockets;
        c.udpRxPackets = rxPackets;
        c.udpRxBytes = rxBytes;
        c.outputQueuePackets = queue;
        return IpStackTest.newStack(c);
    }

    @Test
    void deliversV4AndV6WithTheSender() {
        IpStack s = stack(4, 4, 1024, 4);
        int h = s.udp().bind(5000);
        assertTrue(h >= 0);
        UdpSocket sock = s.udp().socket(h);
        byte[] d4 = "hello".getBytes();
        byte[] p4 = StackPackets.toDevice(false, 40000, 5000, d4);
        assertEquals(IpReason.OK, s.receive(p4, 0, p4.length, 0));
        byte[] d6 = StackPackets.bytes(300, 9);
        byte[] p6 = StackPackets.toDevice(true, 40001, 5000, d6);
        assertEquals(IpReason.OK, s.receive(p6, 0, p6.length, 0));
        assertEquals(5, sock.peekLength());
        assertEquals(5, sock.recv(buf, 3, 5, from));
        assertArrayEquals(d4, Arrays.copyOfRange(buf, 3, 8));
        assertEquals(4, from.version);
        assertEquals(40000, from.port);
        assertArrayEquals(PEER_V4, Arrays.copyOf(from.address, 4));
        assertEquals(300, sock.recv(buf, 0, buf.length, from));
        assertArrayEquals(d6, Arrays.copyOf(buf, 300));
        assertEquals(6, from.version);
        assertEquals(40001, from.port);
        assertArrayEquals(PEER_V6, from.address);
        assertEquals(UdpStatus.RECV_EMPTY, sock.recv(buf, 0, buf.length, from));
        assertEquals(2, sock.receivedCount());
        assertEquals(0, s.poll(0, out, 0, out.length));
    }

    @Test
    void emptyDatagramAndZeroChecksumOverV4() {
        IpStack s = stack(1, 2, 64, 2);
        UdpSocket sock = s.udp().socket(s.udp().bind(53));
        byte[] p = StackPackets.toDevice(false, 1, 53, new byte[0]);
        assertEquals(IpReason.OK, s.receive(p, 0, p.length, 0));
        byte[] none = StackPackets.toDevice(false, 1, 53, new byte[] {1, 2});
        none[26] = 0;
        none[27] = 0; // RFC 768: zero means "no checksum" over IPv4
        assertEquals(IpReason.OK, s.receive(none, 0, none.length, 0));
        assertEquals(0, sock.recv(buf, 0, 0, from));
        assertEquals(2, sock.recv(buf, 0, 2, from));
    }

    @Test
    void ipv4OptionsAreSkippedForUdp() {
        IpStack s = stack(1, 2, 256, 2);
        UdpSocket sock = s.udp().socket(s.udp().bind(53));
        byte[] plain = StackPackets.toDevice(false, 1, 53, new byte[] {4, 5, 6});
        byte[] p = new byte[plain.length + 4];
        System.arraycopy(plain, 0, p, 0, 20);
        System.arraycopy(plain, 20, p, 24, plain.length - 20);
        p[0] = 0x46;
        p[3] = (byte) p.length;
        p[20] = 1; // NOP, NOP, NOP, End of options list
        p[21] = 1;
        p[22] = 1;
        p[10] = 0;
        p[11] = 0;
        int c = Packets.referenceChecksum(p, 0, 24);
        p[10] = (byte) (c >>> 8);
        p[11] = (byte) c;
        assertEquals(IpReason.OK, s.receive(p, 0, p.length, 0));
        assertEquals(3, sock.recv(buf, 0, buf.length, from));
        assertArrayEquals(new byte[] {4, 5, 6}, Arrays.copyOf(buf, 3));
    }

    @Test
    void badChecksumsAndLengthsAreDropped() {
        IpStack s = stack(1, 4, 1024, 2);
        UdpSocket sock = s.udp().socket(s.udp().bind(53));
        byte[] p = StackPackets.toDevice(false, 1, 53, new byte[] {1, 2, 3});
        p[30] ^= 1;
        assertEquals(IpReason.BAD_UDP_CHECKSUM, s.receive(p, 0, p.length, 0));
        byte[] p6 = StackPackets.toDevice(true, 1, 53, new byte[] {1, 2, 3});
        p6[46] = 0;
        p6[47] = 0; // RFC 8200 §8.1: mandatory over IPv6
        assertEquals(IpReason.BAD_UDP_CHECKSUM, s.receive(p6, 0, p6.length, 0));
        byte[] longLen = StackPackets.toDevice(false, 1, 53, new byte[] {1, 2, 3});
        longLen[25] = 12; // UDP length beyond the IP payload
        assertEquals(IpReason.BAD_UDP_LENGTH, s.receive(longLen, 0, longLen.length, 0));
        byte[] shortPayload = StackPackets.v4(PEER_V4, Packets.DEVICE_V4, 17, 1, 0, 64, new byte[7]);
        assertEquals(IpReason.TRUNCATED, s.receive(shortPayload, 0, shortPayload.length, 0));
        assertFalse(sock.canRecv());
        assertEquals(0, s.poll(0, out, 0, out.length));
    }

    @Test
    void sendV4AndV6ByteByByte() {
        IpStack s = stack(2, 2, 256, 4);
        UdpSocket sock = s.udp().socket(s.udp().bind(6000));
        byte[] data = StackPackets.bytes(33, 5);
        assertEquals(33, sock.send(data, 0, 33, new UdpEndpoint().setV4(PEER_V4, 0, 41000)));
        assertEquals(33, sock.send(data, 0, 33, new UdpEndpoint().setV6(PEER_V6, 0, 41001)));
        assertEquals(0, sock.send(data, 0, 0, new UdpEndpoint().setV4(PEER_V4, 0, 41000)));
        byte[] exp4 = StackPackets.v4(Packets.DEVICE_V4, PEER_V4, 17, 0, 0x4000, 64,
                StackPackets.udp(Packets.DEVICE_V4, PEER_V4, 6000, 41000, data));
        byte[] exp6 = StackPackets.v6(Packets.DEVICE_V6, PEER_V6, 17, 64,
                StackPackets.udp(Packets.DEVICE_V6, PEER_V6, 6000, 41001, data));
        byte[] exp0 = StackPackets.v4(Packets.DEVICE_V4, PEER_V4, 17, 1, 0x4000, 64,
                StackPackets.udp(Packets.DEVICE_V4, PEER_V4, 6000, 41000, new byte[0]));
        assertArrayEquals(exp4, Arrays.copyOf(out, s.poll(0, out, 0, out.length)));
        assertArrayEquals(exp6, Arrays.copyOf(out, s.poll(0, out, 0, out.length)));
        assertArrayEquals(exp0, Arrays.copyOf(out, s.poll(0, out, 0, out.length)));
        assertEquals(0, s.poll(0, out, 0, out.length));
        assertEquals(3, sock.sentCount());
    }

    @Test
    void echoOnPort7V4AndV6() {
        IpStack s = stack(2, 4, 2048, 4);
        UdpEchoService echo = new UdpEchoService(s.udp(), s.mtu());
        assertTrue(echo.start() >= 0);
        assertEquals(UdpStatus.BIND_IN_USE, s.udp().bind(7));
        byte[] d4 = "tailnode echo".getBytes();
        byte[] d6 = StackPackets.bytes(1280 - 48, 1); // the largest datagram IPv6 carries at this MTU
        byte[] p4 = StackPackets.toDevice(false, 50000, 7, d4);
        byte[] p6 = StackPackets.toDevice(true, 50001, 7, d6);
        assertEquals(IpReason.OK, s.receive(p4, 0, p4.length, 0));
        assertEquals(IpReason.OK, s.receive(p6, 0, p6.length, 0));
        assertEquals(2, echo.service());
        byte[] exp4 = StackPackets.v4(Packets.DEVICE_V4, PEER_V4, 17, 0, 0x4000, 64,
                StackPackets.udp(Packets.DEVICE_V4, PEER_V4, 7, 50000, d4));
        byte[] exp6 = StackPackets.v6(Packets.DEVICE_V6, PEER_V6, 17, 64,
                StackPackets.udp(Packets.DEVICE_V6, PEER_V6, 7, 50001, d6));
        assertArrayEquals(exp4, Arrays.copyOf(out, s.poll(0, out, 0, out.length)));
        byte[] r6 = Arrays.copyOf(out, s.poll(0, out, 0, out.length));
        assertEquals(1280, r6.length);
        assertArrayEquals(exp6, r6);
        assertEquals(0, echo.service());
        assertEquals(2, echo.echoedCount());
        assertEquals(UdpStatus.OK, echo.stop());
        assertEquals(IpReason.PORT_UNREACHABLE, s.receive(p4, 0, p4.length, 0));
    }

    @Test
    void echoWaitsForRoomInTheOutputQueue() {
        IpStack s = stack(1, 4, 1024, 1);
        UdpEchoService echo = new UdpEchoService(s.udp(), s.mtu());
        echo.start();
        byte[] p = StackPackets.toDevice(false, 1, 7, new byte[] {9});
        s.receive(p, 0, p.length, 0);
        s.receive(p, 0, p.length, 0);
        assertEquals(1, echo.service(), "one slot");
        assertEquals(0, echo.service());
        assertTrue(s.poll(0, out, 0, out.length) > 0);
        assertEquals(1, echo.service(), "the second waited in the ring, not lost");
    }

    @Test
    void echoSkipsUnanswerableSenders() {
        IpStack s = stack(1, 4, 1024, 4);
        UdpEchoService echo = new UdpEchoService(s.udp(), s.mtu());
        echo.start();
        byte[] zero = StackPackets.toDevice(false, 0, 7, new byte[] {1});
        byte[] ok = StackPackets.toDevice(false, 1, 7, new byte[] {2});
        s.receive(zero, 0, zero.length, 0);
        s.receive(ok, 0, ok.length, 0);
        assertEquals(1, echo.service());
        assertEquals(1, echo.unanswerableCount());
        assertTrue(s.poll(0, out, 0, out.length) > 0);
        assertEquals(0, s.poll(0, out, 0, out.length));
    }

    @Test
    void bindStatuses() {
        IpStack s = stack(2, 1, 64, 1);
        UdpLayer u = s.udp();
        int a = u.bind(1000);
        assertEquals(UdpStatus.BIND_IN_USE, u.bind(1000));
        int b = u.bind(0);
        assertNotEquals(a, b);
        assertEquals(UdpLayer.EPHEMERAL_FIRST, u.socket(b).port());
        assertEquals(UdpStatus.BIND_TABLE_FULL, u.bind(2000));
        assertEquals(UdpStatus.BIND_BAD_PORT, u.bind(65536));
        assertEquals(UdpStatus.BIND_BAD_PORT, u.bind(-1));
        assertEquals(UdpStatus.OK, u.close(a));
        assertEquals(UdpStatus.NOT_BOUND, u.close(a));
        assertEquals(UdpStatus.NOT_BOUND, u.close(99));
        assertEquals(a, u.bind(2000));
        assertEquals(UdpStatus.OK, u.close(b));
        assertEquals(UdpLayer.EPHEMERAL_FIRST + 1, u.socket(u.bind(0)).port(), "ephemeral ports rotate");
    }

    @Test
    void receiveRingBoundsCountAndBytesAndDropsAreCounted() {
        IpStack s = stack(1, 2, 100, 2);
        UdpSocket sock = s.udp().socket(s.udp().bind(9));
        byte[] small = StackPackets.toDevice(false, 1, 9, new byte[10]);
        assertEquals(IpReason.OK, s.receive(small, 0, small.length, 0));
        assertEquals(IpReason.OK, s.receive(small, 0, small.length, 0));
        assertEquals(IpReason.RECEIVE_RING_FULL, s.receive(small, 0, small.length, 0), "count bound");
        assertEquals(10, sock.recv(buf, 0, buf.length, from));
        byte[] big = StackPackets.toDevice(false, 1, 9, new byte[91]);
        assertEquals(IpReason.RECEIVE_RING_FULL, s.receive(big, 0, big.length, 0), "byte bound: 10 + 91 > 100");
        assertEquals(2, sock.droppedCount());
        assertEquals(2, s.dropCount(IpReason.RECEIVE_RING_FULL));
        assertEquals(0, s.poll(0, out, 0, out.length), "a full ring is not an ICMP error");
        assertEquals(10, sock.recv(buf, 0, buf.length, from));
        assertEquals(IpReason.OK, s.receive(big, 0, big.length, 0));
        assertEquals(91, sock.recv(buf, 0, buf.length, from));
    }

    @Test
    void recvStatuses() {
        IpStack s = stack(1, 2, 100, 2);
        int h = s.udp().bind(9);
        UdpSocket sock = s.udp().socket(h);
        byte[] p = StackPackets.toDevice(false, 1, 9, new byte[10]);
        s.receive(p, 0, p.length, 0);
        assertEquals(UdpStatus.RECV_BUFFER_TOO_SMALL, sock.recv(buf, 0, 9, from));
        assertEquals(UdpStatus.RECV_BUFFER_TOO_SMALL, sock.recv(buf, buf.length - 5, 10, from));
        assertEquals(10, sock.peekLength(), "still queued");
        assertEquals(10, sock.recv(buf, 0, 10, null));
        assertEquals(UdpStatus.RECV_EMPTY, sock.recv(buf, 0, 10, from));
        s.receive(p, 0, p.length, 0);
        sock.close();
        assertEquals(UdpStatus.NOT_BOUND, sock.recv(buf, 0, 10, from));
        assertEquals(UdpStatus.NOT_BOUND, sock.send(buf, 0, 1, new UdpEndpoint().setV4(PEER_V4, 0, 1)));
        sock.close();
        int again = s.udp().bind(9);
        assertEquals(UdpStatus.RECV_EMPTY, s.udp().socket(again).recv(buf, 0, 10, from), "close discarded it");
    }

    @Test
    void sendStatuses() {
        IpStack s = stack(1, 1, 64, 2);
        UdpSocket sock = s.udp().socket(s.udp().bind(9));
        UdpEndpoint v4 = new UdpEndpoint().setV4(PEER_V4, 0, 5);
        UdpEndpoint v6 = new UdpEndpoint().setV6(PEER_V6, 0, 5);
        byte[] big = new byte[1300];
        assertEquals(UdpStatus.SEND_TOO_LARGE, sock.send(big, 0, 1280 - 28 + 1, v4));
        assertEquals(UdpStatus.SEND_TOO_LARGE, sock.send(big, 0, 1280 - 48 + 1, v6));
        assertEquals(UdpStatus.SEND_TOO_LARGE, sock.send(big, 1299, 2, v6), "beyond the caller's array");
        assertEquals(UdpStatus.SEND_UNADDRESSABLE, sock.send(big, 0, 1, new UdpEndpoint().setV4(PEER_V4, 0, 0)));
        assertEquals(UdpStatus.SEND_UNADDRESSABLE, sock.send(big, 0, 1, new UdpEndpoint()));
        assertEquals(UdpStatus.SEND_UNADDRESSABLE, sock.send(big, 0, 1, null));
        assertEquals(1280 - 28, sock.send(big, 0, 1280 - 28, v4));
        assertEquals(1280 - 48, sock.send(big, 0, 1280 - 48, v6));
        assertFalse(sock.canSend());
        assertEquals(UdpStatus.SEND_QUEUE_FULL, sock.send(big, 0, 1, v4));
        assertEquals(1280, s.poll(0, out, 0, out.length));
        assertEquals(1280, s.poll(0, out, 0, out.length));
        IpStack noV6 = new IpStack(new IpStackConfig());
        noV6.setAddressV4(Packets.DEVICE_V4, 0);
        UdpSocket s4 = noV6.udp().socket(noV6.udp().bind(9));
        assertEquals(UdpStatus.SEND_UNADDRESSABLE, s4.send(big, 0, 1, v6), "no IPv6 tunnel address");
    }
}
