package io.tailnode.ip;

import io.tailnode.ip.wire.Ipv6Header;
import io.tailnode.lang.HotPath;

/**
 * One UDP socket of the {@link UdpLayer}'s fixed table (RFC 768), with its fixed receive ring
 * ({@link PacketRing}: bounded in datagrams and in bytes). Sockets are preallocated; {@link UdpLayer#bind}
 * hands out a handle, {@link UdpLayer#socket(int)} this object. Non-blocking: {@link #recv} returns
 * RECV_EMPTY rather than waiting, {@link #send} queues straight into the stack's output queue (no per-socket
 * transmit buffer: the output queue is the one bounded place datagrams wait for {@link IpStack#poll}).
 * Results are lengths or negative {@link UdpStatus} codes. Not thread-safe: use from the event loop.
 */
public final class UdpSocket {
    private final UdpLayer layer;
    private final int handle;
    private final PacketRing ring;
    private final byte[] fromAddress;
    private final int[] fromVersion;
    private final int[] fromPort;
    private int port;
    private int received;
    private int dropped;
    private int sent;

    UdpSocket(UdpLayer layer, int handle, int rxPackets, int rxBytes) {
        this.layer = layer;
        this.handle = handle;
        this.ring = new PacketRing(rxPackets, rxBytes);
        this.fromAddress = new byte[rxPackets * Ipv6Header.ADDRESS_LENGTH];
        this.fromVersion = new int[rxPackets];
        this.fromPort = new int[rxPackets];
    }

    public int handle() {
        return handle;
    }

    /** The bound local port, or 0 when closed. */
    public int port() {
        return port;
    }

    public boolean isBound() {
        return port != 0;
    }

    /** True if {@link #recv} would return a datagram. */
    public boolean canRecv() {
        return !ring.isEmpty();
    }

    /** True if {@link #send} would find room in the output queue. */
    public boolean canSend() {
        return port != 0 && layer.canSend();
    }

    /** Datagrams waiting in the receive ring. */
    public int queuedCount() {
        return ring.size();
    }

    /** Length of the oldest queued datagram, or RECV_EMPTY. */
    public int peekLength() {
        return ring.isEmpty() ? UdpStatus.RECV_EMPTY : ring.peekLength();
    }

    /**
     * Moves the oldest datagram's data to {@code buf[off...]} and its sender to {@code from}; returns the data
     * length (possibly 0), RECV_EMPTY, NOT_BOUND, or RECV_BUFFER_TOO_SMALL (the datagram stays queued, so a
     * caller can retry with {@link #peekLength()} bytes; smoltcp drops it instead, we would rather not lose it).
     */
    @HotPath
    public int recv(byte[] buf, int off, int cap, UdpEndpoint from) {
        if (port == 0) {
            return UdpStatus.NOT_BOUND;
        }
        if (ring.isEmpty()) {
            return UdpStatus.RECV_EMPTY;
        }
        int n = ring.peekLength();
        if (buf == null || off < 0 || cap < n || off > buf.length - cap) {
            return UdpStatus.RECV_BUFFER_TOO_SMALL;
        }
        int slot = ring.oldestSlot();
        if (from != null) {
            System.arraycopy(fromAddress, slot * Ipv6Header.ADDRESS_LENGTH, from.address, 0,
                    Ipv6Header.ADDRESS_LENGTH);
            from.version = fromVersion[slot];
            from.port = fromPort[slot];
        }
        return ring.pop(buf, off);
    }

    /**
     * Queues {@code buf[off, off+len)} to {@code to} from this socket's port; returns {@code len} or
     * NOT_BOUND, SEND_UNADDRESSABLE, SEND_TOO_LARGE, SEND_QUEUE_FULL (nothing queued then).
     */
    @HotPath
    public int send(byte[] buf, int off, int len, UdpEndpoint to) {
        if (port == 0) {
            return UdpStatus.NOT_BOUND;
        }
        int r = layer.send(port, buf, off, len, to);
        if (r >= 0) {
            sent++;
        }
        return r;
    }

    /** Unbinds and discards queued datagrams; returns OK or NOT_BOUND. */
    public int close() {
        return layer.close(handle);
    }

    /** Datagrams delivered into the ring / dropped because it was full / sent, since bind. */
    public int receivedCount() {
        return received;
    }

    public int droppedCount() {
        return dropped;
    }

    public int sentCount() {
        return sent;
    }

    void open(int p) {
        port = p;
        ring.clear();
        received = 0;
        dropped = 0;
        sent = 0;
    }

    void unbind() {
        port = 0;
        ring.clear();
    }

    /** Stores one datagram's data with its sender; false if the ring is full (counted here). */
    @HotPath
    boolean deliver(byte[] pkt, int dataOff, int dataLen, int version, int srcAddrOff, int srcPort) {
        int slot = ring.push(pkt, dataOff, dataLen);
        if (slot < 0) {
            dropped++;
            return false;
        }
        System.arraycopy(pkt, srcAddrOff, fromAddress, slot * Ipv6Header.ADDRESS_LENGTH,
                version == 4 ? 4 : Ipv6Header.ADDRESS_LENGTH);
        fromVersion[slot] = version;
        fromPort[slot] = srcPort;
        received++;
        return true;
    }
}
