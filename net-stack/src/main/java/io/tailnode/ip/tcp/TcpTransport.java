package io.tailnode.ip.tcp;

import io.tailnode.ip.IpReason;
import io.tailnode.ip.TransportHandler;
import io.tailnode.lang.HotPath;

/**
 * Plugs a {@link TcpStack} into {@link io.tailnode.ip.IpStack} through its {@link TransportHandler} seam
 * ({@code ipStack.setTcpHandler(new TcpTransport(tcp))}): the IP layer validates and routes TCP packets here, and
 * drains TCP's segments after its own queued packets. A thin adapter: the stack already takes whole IP packets,
 * so nothing is copied and nothing is allocated per call. The IP version is re-read by {@link TcpDemux} from the
 * packet itself. Deadlines: TcpStack says 0 for "poll now", which the loop treats like any past time.
 * Not thread-safe: the event loop that owns both stacks calls it.
 */
public final class TcpTransport implements TransportHandler {
    private final TcpStack tcp;

    public TcpTransport(TcpStack tcp) {
        if (tcp == null) {
            throw new IllegalArgumentException("tcp");
        }
        this.tcp = tcp;
    }

    public TcpStack stack() {
        return tcp;
    }

    @HotPath
    @Override
    public int receive(byte[] pkt, int off, int len, int ipVersion, long nowMs) {
        return tcp.receive(pkt, off, len, nowMs);
    }

    @HotPath
    @Override
    public int poll(long nowMs, byte[] out, int off, int cap) {
        int n = tcp.poll(nowMs, out, off, cap);
        // The segment stays in TCP; report it in the IP layer's numbering, as IpStack.poll documents.
        return n < 0 ? IpReason.BUFFER_TOO_SMALL : n;
    }

    @HotPath
    @Override
    public long nextDeadline() {
        return tcp.nextDeadline();
    }
}
