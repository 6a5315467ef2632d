package io.tailnode.ip;

import io.tailnode.lang.HotPath;

/**
 * The Echo Protocol over UDP (RFC 862, port 7), built on the public socket API like any OEM service: each
 * datagram goes back to its sender unchanged. Run {@link #service()} from the event loop after
 * {@link IpStack#receive}; it echoes only while the output queue has room, so a full queue leaves datagrams
 * in the socket's ring (bounded; the ring drops and counts beyond that) instead of losing them here.
 * Allocation-free after construction; not thread-safe.
 */
public final class UdpEchoService {
    public static final int PORT = 7;

    private final UdpLayer udp;
    private final byte[] buffer;
    private final UdpEndpoint peer = new UdpEndpoint();
    private int handle = -1;
    private int echoed;
    private int unanswerable;

    /** {@code mtu}: the stack's MTU, so any received datagram fits the buffer. */
    public UdpEchoService(UdpLayer udp, int mtu) {
        this.udp = udp;
        this.buffer = new byte[mtu];
    }

    /** Binds port 7; returns the socket handle or a negative {@link UdpStatus} (BIND_IN_USE...). */
    public int start() {
        int h = udp.bind(PORT);
        if (h >= 0) {
            handle = h;
        }
        return h;
    }

    public int stop() {
        int r = udp.close(handle);
        handle = -1;
        return r;
    }

    /** Echoes queued datagrams while the output queue has room; returns how many were echoed. */
    @HotPath
    public int service() {
        UdpSocket s = udp.socket(handle);
        if (s == null || !s.isBound()) {
            return 0;
        }
        int n = 0;
        while (s.canRecv() && s.canSend()) {
            int len = s.recv(buffer, 0, buffer.length, peer);
            if (len < 0) {
                break; // only if the buffer is smaller than the MTU the constructor asked for
            }
            // A sender that cannot be answered (source port 0) loses its datagram, not the ones behind it.
            if (s.send(buffer, 0, len, peer) >= 0) {
                n++;
            } else {
                unanswerable++;
            }
        }
        echoed += n;
        return n;
    }

    public int echoedCount() {
        return echoed;
    }

    /** Datagrams read but not answerable (source port 0). */
    public int unanswerableCount() {
        return unanswerable;
    }
}
