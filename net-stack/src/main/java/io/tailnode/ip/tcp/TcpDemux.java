package io.tailnode.ip.tcp;

import io.tailnode.ip.InnerPacket;
import io.tailnode.ip.wire.Ipv4Header;
import io.tailnode.ip.wire.TcpHeader;
import io.tailnode.lang.HotPath;

/**
 * The receive path up to a connection: IP checks (not a fragment, IPv4 header checksum, addressed to us),
 * TCP header and checksum, 4-tuple lookup, then either the connection's {@link TcpInput}, a listener
 * (RFC 9293 §3.10.7.2 LISTEN: SYN opens an embryonic connection if the backlog has room) or the closed-port
 * answer (§3.10.7.1: RST, never to an RST). Returns 0 or the negative {@link TcpReason}; the stack counts.
 */
final class TcpDemux {
    private final TcpStack stack;
    private final TcpTable table;
    private final TcpInput input;
    private final TcpResets resets;
    private final TcpIsn isn;
    private final TcpConfig config;
    private final InnerPacket inner = new InnerPacket();
    private final TcpHeader tcp = new TcpHeader();
    private final Ipv4Header v4 = new Ipv4Header();
    private final byte[] remote = new byte[16];

    TcpDemux(TcpStack stack, TcpTable table, TcpInput input, TcpResets resets, TcpIsn isn, TcpConfig config) {
        this.stack = stack;
        this.table = table;
        this.input = input;
        this.resets = resets;
        this.isn = isn;
        this.config = config;
    }

    @HotPath
    int demux(byte[] pkt, int off, int len, long nowMs) {
        int version = inner.parse(pkt, off, len);
        if (version < 0 || inner.protocol() != TcpConstants.PROTOCOL_TCP) {
            return TcpReason.BAD_IP;
        }
        int ipHeader;
        byte[] ours;
        if (version == 4) {
            v4.wrap(pkt, off, len);
            if (v4.isFragment() || v4.check() != 0) {
                return TcpReason.BAD_IP;
            }
            ipHeader = v4.headerLength();
            ours = stack.localAddress(4);
        } else {
            ipHeader = TcpConstants.IPV6_HEADER;
            ours = stack.localAddress(6);
        }
        int alen = inner.addressLength();
        if (ours == null || !TcpTable.equal(pkt, inner.destinationOffset(), ours, alen)
                || TcpTable.equal(pkt, inner.sourceOffset(), ours, alen)) {
            return TcpReason.NOT_FOR_US;
        }
        int r = tcp.wrap(pkt, off + ipHeader, inner.packetLength() - ipHeader).check();
        if (r != 0) {
            return r;
        }
        if (!tcp.checksumOk(pkt, inner.sourceOffset(), inner.destinationOffset(), alen)) {
            return TcpReason.BAD_CHECKSUM;
        }
        int sport = tcp.sourcePort();
        int dport = tcp.destinationPort();
        if (sport == 0 || dport == 0) {
            return TcpReason.NOT_FOR_US;
        }
        stack.segmentsReceived++;
        inner.copySource(remote, 0);
        TcpSocket s = table.find(version, dport, sport, remote);
        if (s != null) {
            r = input.onSegment(s, tcp, nowMs);
            table.releaseIfDone(s);
            return r;
        }
        int l = table.listenerFor(dport);
        if (l >= 0) {
            return onListen(l, version, dport, sport, nowMs);
        }
        return answerClosedPort(version, ours, dport, sport);
    }

    /** RFC 9293 §3.10.7.2 LISTEN: only a SYN opens a connection; an ACK is answered with RST. */
    @HotPath
    private int onListen(int l, int version, int dport, int sport, long nowMs) {
        int flags = tcp.flags();
        if ((flags & TcpHeader.RST) != 0) {
            return TcpReason.UNEXPECTED;
        }
        if ((flags & TcpHeader.ACK) != 0) {
            return resets.add(version, stack.localAddress(version), dport, remote, sport,
                    tcp.acknowledgment(), 0, TcpHeader.RST) ? TcpReason.UNEXPECTED : TcpReason.RESET_QUEUE_FULL;
        }
        if ((flags & TcpHeader.SYN) == 0) {
            return TcpReason.UNEXPECTED;
        }
        if (table.backlog(l) >= config.synBacklog) {
            return TcpReason.BACKLOG_FULL;
        }
        TcpSocket s = stack.allocate(version, dport, sport, remote);
        if (s == null) {
            return TcpReason.TABLE_FULL;
        }
        s.listener = l;
        s.mss = stack.effectiveMss(version, tcp.mssOption());
        s.rtx.cwnd = TcpRetransmit.initialWindow(s.mss);
        s.initSend(isn.next(version, s.localAddress, dport, remote, sport, nowMs));
        int seq = tcp.sequence();
        s.irs = seq;
        s.rcvNxt = seq + 1;
        s.sndWnd = tcp.window();
        s.sndWl1 = seq;
        s.sndWl2 = s.iss;
        s.state = TcpSocket.SYN_RECEIVED;
        s.synPending = true;
        return TcpReason.OK;
    }

    @HotPath
    private int answerClosedPort(int version, byte[] ours, int dport, int sport) {
        int flags = tcp.flags();
        if ((flags & TcpHeader.RST) != 0) {
            return TcpReason.NO_SOCKET;
        }
        boolean ok;
        if ((flags & TcpHeader.ACK) != 0) {
            ok = resets.add(version, ours, dport, remote, sport, tcp.acknowledgment(), 0, TcpHeader.RST);
        } else {
            ok = resets.add(version, ours, dport, remote, sport, 0, tcp.sequence() + tcp.sequenceLength(),
                    TcpHeader.RST | TcpHeader.ACK);
        }
        return ok ? TcpReason.NO_SOCKET : TcpReason.RESET_QUEUE_FULL;
    }
}
