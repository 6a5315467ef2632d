package io.tailnode.ip;

import io.tailnode.ip.wire.InetChecksum;
import io.tailnode.ip.wire.Ipv4Header;
import io.tailnode.ip.wire.Ipv6Header;
import io.tailnode.ip.wire.UdpHeader;
import io.tailnode.lang.HotPath;

/**
 * UDP (RFC 768; RFC 1122 §4.1; over IPv6 RFC 8200 §8.1) for the device's tunnel addresses: a fixed table of
 * {@link UdpSocket}s sized at construction, demultiplexed by destination port only (the device has one
 * address per family, so a socket receives on both). Ingress comes from {@link IpStack} after IP validation;
 * egress goes into the shared {@link OutputQueue}.
 * <p>
 * Checksums: verified on receive (zero accepted over IPv4 as "none", rejected over IPv6), always computed on
 * send. Datagrams are never fragmented: a send that does not fit the MTU is SEND_TOO_LARGE. Not thread-safe.
 */
public final class UdpLayer {
    /** First port handed out by {@code bind(0)} (RFC 6335 §6 dynamic range). */
    public static final int EPHEMERAL_FIRST = 49152;
    /** TTL / hop limit of datagrams we send. */
    public static final int TTL = 64;

    private final TunnelAddresses addresses;
    private final OutputQueue queue;
    private final UdpSocket[] sockets;
    private final UdpHeader udp = new UdpHeader();
    private final Ipv4Header v4 = new Ipv4Header();
    private final int mtu;
    private int nextEphemeral = EPHEMERAL_FIRST;
    private int ipId;

    /**
     * {@code sockets} table entries, each with a receive ring of {@code rxPackets} datagrams and
     * {@code rxBytes} bytes of data; packets leave through {@code queue}, at most {@code mtu} bytes each.
     */
    public UdpLayer(TunnelAddresses addresses, OutputQueue queue, int mtu, int sockets, int rxPackets, int rxBytes) {
        if (addresses == null || queue == null || sockets < 1 || mtu > queue.slotSize()
                || mtu < Ipv6Header.HEADER_LENGTH + UdpHeader.HEADER_LENGTH) {
            throw new IllegalArgumentException("udp layer");
        }
        this.addresses = addresses;
        this.queue = queue;
        this.mtu = mtu;
        this.sockets = new UdpSocket[sockets];
        for (int i = 0; i < sockets; i++) {
            this.sockets[i] = new UdpSocket(this, i, rxPackets, rxBytes);
        }
    }

    /**
     * Binds a free table entry to {@code port} (1..65535, or 0 for the next free ephemeral port); returns the
     * socket handle (>= 0) or BIND_IN_USE, BIND_TABLE_FULL, BIND_BAD_PORT.
     */
    public int bind(int port) {
        if (port < 0 || port > 0xffff) {
            return UdpStatus.BIND_BAD_PORT;
        }
        int free = -1;
        for (int i = 0; i < sockets.length; i++) {
            if (!sockets[i].isBound()) {
                if (free < 0) {
                    free = i;
                }
            } else if (sockets[i].port() == port) {
                return UdpStatus.BIND_IN_USE;
            }
        }
        if (free < 0) {
            return UdpStatus.BIND_TABLE_FULL;
        }
        if (port == 0) {
            port = ephemeralPort();
            if (port == 0) {
                return UdpStatus.BIND_BAD_PORT;
            }
        }
        sockets[free].open(port);
        return free;
    }

    private int ephemeralPort() {
        for (int tries = 0; tries <= 0xffff - EPHEMERAL_FIRST; tries++) {
            int p = nextEphemeral;
            nextEphemeral = p == 0xffff ? EPHEMERAL_FIRST : p + 1;
            if (find(p) == null) {
                return p;
            }
        }
        return 0;
    }

    /** The socket behind {@code handle} (bound or not), or null for a handle outside the table. */
    public UdpSocket socket(int handle) {
        return handle >= 0 && handle < sockets.length ? sockets[handle] : null;
    }

    /** Unbinds {@code handle}, discarding its queued datagrams; OK or NOT_BOUND. */
    public int close(int handle) {
        UdpSocket s = socket(handle);
        if (s == null || !s.isBound()) {
            return UdpStatus.NOT_BOUND;
        }
        s.unbind();
        return UdpStatus.OK;
    }

    public int capacity() {
        return sockets.length;
    }

    public boolean canSend() {
        return !queue.isFull();
    }

    @HotPath
    private UdpSocket find(int port) {
        for (int i = 0; i < sockets.length; i++) {
            if (sockets[i].port() == port) {
                return sockets[i];
            }
        }
        return null;
    }

    /**
     * Delivers the UDP datagram in the IP payload {@code pkt[payloadOff, payloadOff+payloadLen)} of a packet
     * already validated and addressed to us ({@code ipOff} its IP header, {@code version} 4 or 6). Returns OK,
     * or TRUNCATED, BAD_UDP_LENGTH, BAD_UDP_CHECKSUM, RECEIVE_RING_FULL, or PORT_UNREACHABLE (nobody bound:
     * the caller answers with an ICMP error). Bytes after the UDP Length within the payload are ignored.
     */
    @HotPath
    int receive(byte[] pkt, int ipOff, int version, int payloadOff, int payloadLen) {
        int r = udp.wrap(pkt, payloadOff, payloadLen).check();
        if (r != IpReason.OK) {
            return r;
        }
        int srcOff = ipOff + (version == 4 ? Ipv4Header.SOURCE_OFFSET : Ipv6Header.SOURCE_OFFSET);
        int dstOff = ipOff + (version == 4 ? Ipv4Header.DESTINATION_OFFSET : Ipv6Header.DESTINATION_OFFSET);
        int length = udp.length();
        if (udp.checksum() != 0) {
            long pseudo = version == 4
                    ? InetChecksum.ipv4PseudoHeader(pkt, srcOff, dstOff, length, UdpHeader.PROTOCOL)
                    : InetChecksum.ipv6PseudoHeader(pkt, srcOff, dstOff, length, UdpHeader.PROTOCOL);
            if (!udp.verify(pseudo)) {
                return IpReason.BAD_UDP_CHECKSUM;
            }
        } else if (version == 6) {
            return IpReason.BAD_UDP_CHECKSUM;
        }
        int dstPort = udp.destinationPort();
        UdpSocket s = dstPort == 0 ? null : find(dstPort);
        if (s == null) {
            return IpReason.PORT_UNREACHABLE;
        }
        if (!s.deliver(pkt, udp.payloadOffset(), udp.payloadLength(), version, srcOff, udp.sourcePort())) {
            return IpReason.RECEIVE_RING_FULL;
        }
        return IpReason.OK;
    }

    /** Builds IP + UDP for {@code buf[off, off+len)} into the output queue; see {@link UdpSocket#send}. */
    @HotPath
    int send(int srcPort, byte[] buf, int off, int len, UdpEndpoint to) {
        if (to == null || to.port <= 0 || to.port > 0xffff
                || !(to.version == 4 && addresses.hasV4() || to.version == 6 && addresses.hasV6())) {
            return UdpStatus.SEND_UNADDRESSABLE;
        }
        int header = to.version == 4 ? Ipv4Header.MIN_HEADER_LENGTH : Ipv6Header.HEADER_LENGTH;
        if (len < 0 || buf == null && len > 0 || len > mtu - header - UdpHeader.HEADER_LENGTH
                || buf != null && (off < 0 || off > buf.length - len)) {
            return UdpStatus.SEND_TOO_LARGE;
        }
        int slot = queue.reserve();
        if (slot < 0) {
            return UdpStatus.SEND_QUEUE_FULL;
        }
        byte[] out = queue.buffer();
        int p = queue.offset(slot);
        int udpLength = UdpHeader.HEADER_LENGTH + len;
        int total = header + udpLength;
        long pseudo;
        if (to.version == 4) {
            IpEmit.v4Header(v4, out, p, total, ipId++, UdpHeader.PROTOCOL, TTL);
            addresses.copyV4(out, p + Ipv4Header.SOURCE_OFFSET);
            System.arraycopy(to.address, 0, out, p + Ipv4Header.DESTINATION_OFFSET, 4);
            v4.fillChecksum();
            pseudo = InetChecksum.ipv4PseudoHeader(out, p + Ipv4Header.SOURCE_OFFSET,
                    p + Ipv4Header.DESTINATION_OFFSET, udpLength, UdpHeader.PROTOCOL);
        } else {
            IpEmit.v6Header(out, p, udpLength, UdpHeader.PROTOCOL, TTL);
            addresses.copyV6(out, p + Ipv6Header.SOURCE_OFFSET);
            System.arraycopy(to.address, 0, out, p + Ipv6Header.DESTINATION_OFFSET, Ipv6Header.ADDRESS_LENGTH);
            pseudo = InetChecksum.ipv6PseudoHeader(out, p + Ipv6Header.SOURCE_OFFSET,
                    p + Ipv6Header.DESTINATION_OFFSET, udpLength, UdpHeader.PROTOCOL);
        }
        udp.wrap(out, p + header, udpLength);
        udp.setSourcePort(srcPort);
        udp.setDestinationPort(to.port);
        udp.setLength(udpLength);
        if (len > 0) {
            System.arraycopy(buf, off, out, p + header + UdpHeader.HEADER_LENGTH, len);
        }
        udp.fillChecksum(pseudo);
        queue.commit(slot, total);
        return len;
    }
}
