package io.tailnode.ip.tcp;

import io.tailnode.ip.wire.Ipv4Header;
import io.tailnode.ip.wire.TcpHeader;
import io.tailnode.lang.Bytes;
import io.tailnode.lang.HotPath;

/**
 * Segment departure: decides what one connection sends next and writes it as a complete IPv4 or IPv6 packet
 * (RFC 791 / RFC 8200 header, TCP header, payload, both checksums) into the caller's buffer. Read first:
 * RFC 9293 §3.8.6 (window management), RFC 1122 §4.2.2.17 (zero-window probes) and §4.2.3.4 (sender silly
 * window avoidance), RFC 5681 §3.2 (fast retransmit), RFC 6298 §5 (timer start).
 * <p>
 * Priority, one segment per call: SYN / SYN-ACK, fast or partial-ACK retransmission of the segment at
 * SND.UNA, new (or go-back-N after a timeout) data up to min(SND.WND, cwnd), FIN, zero-window probe, bare ACK.
 * Nagle is off (TCP_NODELAY: the device's services write whole responses); a window-limited fragment shorter
 * than the MSS waits while data is in flight. A bare ACK carries SEQ = SND.MAX, not SND.NXT: after a timeout
 * SND.NXT goes back to SND.UNA (go-back-N), and an ACK numbered below the peer's RCV.NXT would be
 * unacceptable there (RFC 9293 §3.10.7.4), so neither side could learn what the other has. Every segment but the first SYN carries ACK and our current
 * window. If the buffer is too small nothing changes and BUFFER_TOO_SMALL is returned.
 */
final class TcpOutput {
    private final TcpHeader tcp = new TcpHeader();
    private final Ipv4Header v4 = new Ipv4Header();
    private final int maxRtoMs;
    /** MSS we announce: what fits our MTU (RFC 9293 §3.7.1), 1240 (IPv4) / 1220 (IPv6) at MTU 1280. */
    private final int announceV4;
    private final int announceV6;
    private int ipIdentification;
    int segmentsSent;
    int retransmissions;
    int probes;

    TcpOutput(TcpConfig c) {
        maxRtoMs = c.maxRtoMs;
        announceV4 = c.mtu - TcpConstants.IPV4_HEADER - TcpConstants.TCP_HEADER;
        announceV6 = c.mtu - TcpConstants.IPV6_HEADER - TcpConstants.TCP_HEADER;
    }

    /** Returns the packet length written, 0 if this socket has nothing to send, or BUFFER_TOO_SMALL. */
    @HotPath
    int emit(TcpSocket s, long now, byte[] out, int off, int cap) {
        if (s.state == TcpSocket.CLOSED) {
            return 0;
        }
        if (s.synPending) {
            return emitSyn(s, now, out, off, cap);
        }
        if (!s.synchronizedState()) {
            return 0;
        }
        if (s.retransmitOnePending) {
            int from = s.sndUna - s.txSeq;
            int n = Math.max(0, Math.min(s.mss, s.tx.count() - from));
            boolean fin = s.finQueued && from + n == s.tx.count();
            if (n > 0 || fin) {
                int r = segment(s, out, off, cap, s.sndUna, flagsFor(fin), from, n);
                if (r > 0) {
                    s.retransmitOnePending = false;
                    s.rtx.onRetransmit();
                    s.rtoDeadline = now + s.rtx.rto;
                    retransmissions++;
                }
                return r;
            }
            s.retransmitOnePending = false;
        }
        int from = s.sndNxt - s.txSeq;
        int avail = s.tx.count() - from;
        if (avail > 0) {
            int usable = Math.min(s.sndWnd, s.rtx.cwnd) - s.flight();
            int n = Math.min(Math.min(s.mss, avail), usable);
            if (n > 0 && (n == Math.min(s.mss, avail) || s.flight() == 0)) {
                return emitData(s, now, out, off, cap, from, n);
            }
            if (s.sndWnd == 0 && s.flight() == 0) {
                return probeOrArm(s, now, out, off, cap, from);
            }
        } else if (s.finQueued && avail == 0 && s.sndNxt == s.finSeq()) {
            return emitData(s, now, out, off, cap, from, 0);
        }
        if (s.ackPending) {
            return segment(s, out, off, cap, s.sndMax, TcpHeader.ACK, 0, 0);
        }
        return 0;
    }

    private static int flagsFor(boolean fin) {
        return fin ? TcpHeader.ACK | TcpHeader.FIN | TcpHeader.PSH : TcpHeader.ACK | TcpHeader.PSH;
    }

    @HotPath
    private int emitData(TcpSocket s, long now, byte[] out, int off, int cap, int from, int n) {
        boolean fin = s.finQueued && from + n == s.tx.count();
        int seq = s.sndNxt;
        int r = segment(s, out, off, cap, seq, n == 0 ? TcpHeader.ACK | TcpHeader.FIN : flagsFor(fin), from, n);
        if (r <= 0) {
            return r;
        }
        int end = seq + n + (fin ? 1 : 0);
        if (s.sndMax - seq > 0) {
            s.rtx.onRetransmit();
            retransmissions++;
        } else {
            s.rtx.onSend(seq, now);
        }
        s.sndNxt = end;
        if (end - s.sndMax > 0) {
            s.sndMax = end;
        }
        if (s.rtoDeadline == 0) {
            s.rtoDeadline = now + s.rtx.rto;
        }
        return r;
    }

    /** RFC 1122 §4.2.2.17: probe a zero window with one byte, backing off like the RTO; never give up. */
    @HotPath
    private int probeOrArm(TcpSocket s, long now, byte[] out, int off, int cap, int from) {
        if (s.probePending) {
            int r = segment(s, out, off, cap, s.sndNxt, TcpHeader.ACK, from, 1);
            if (r > 0) {
                s.probePending = false;
                if (s.sndNxt + 1 - s.sndMax > 0) {
                    s.sndMax = s.sndNxt + 1;
                }
                probes++;
                armPersist(s, now);
            }
            return r;
        }
        if (s.persistDeadline == 0) {
            armPersist(s, now);
        }
        if (s.ackPending) {
            return segment(s, out, off, cap, s.sndMax, TcpHeader.ACK, 0, 0);
        }
        return 0;
    }

    private void armPersist(TcpSocket s, long now) {
        long interval = (long) s.rtx.rto << Math.min(s.persistBackoffs, 16);
        s.persistDeadline = now + Math.min(interval, maxRtoMs);
    }

    @HotPath
    private int emitSyn(TcpSocket s, long now, byte[] out, int off, int cap) {
        int flags = s.state == TcpSocket.SYN_RECEIVED ? TcpHeader.SYN | TcpHeader.ACK : TcpHeader.SYN;
        int r = segment(s, out, off, cap, s.iss, flags, 0, 0);
        if (r <= 0) {
            return r;
        }
        s.synPending = false;
        if (s.retries == 0 && s.sndMax == s.iss) {
            s.rtx.onSend(s.iss, now);
        } else {
            s.rtx.onRetransmit();
            retransmissions++;
        }
        s.sndNxt = s.iss + 1;
        s.sndMax = s.iss + 1;
        s.rtoDeadline = now + s.rtx.rto;
        return r;
    }

    /** Writes one segment of socket {@code s}: payload bytes {@code [from, from+n)} of its send ring. */
    @HotPath
    private int segment(TcpSocket s, byte[] out, int off, int cap, int seq, int flags, int from, int n) {
        boolean syn = (flags & TcpHeader.SYN) != 0;
        int ack = (flags & TcpHeader.ACK) != 0 ? s.rcvNxt : 0;
        int wnd = s.receiveWindow();
        int r = write(out, off, cap, s.version, s.localAddress, s.remoteAddress, s.localPort, s.remotePort, seq,
                ack, flags, wnd, syn ? (s.version == 6 ? announceV6 : announceV4) : 0, s.tx, from, n);
        if (r > 0) {
            s.ackPending = false;
            s.rcvAdvertised = s.rcvNxt + wnd;
        }
        return r;
    }

    /**
     * Writes a complete IP packet carrying one TCP segment; {@code synMss} 0 means no MSS option. Returns its
     * length or BUFFER_TOO_SMALL (nothing written).
     */
    @HotPath
    int write(byte[] out, int off, int cap, int version, byte[] local, byte[] remote, int localPort,
            int remotePort, int seq, int ack, int flags, int window, int synMss, TcpRing ring, int from, int n) {
        int ipLen = version == 6 ? TcpConstants.IPV6_HEADER : TcpConstants.IPV4_HEADER;
        int tcpHeaderLen = TcpConstants.TCP_HEADER + (synMss > 0 ? TcpHeader.MSS_OPTION_LENGTH : 0);
        int total = ipLen + tcpHeaderLen + n;
        if (out == null || off < 0 || cap < total || off > out.length - total) {
            return TcpReason.BUFFER_TOO_SMALL;
        }
        int srcOff;
        int dstOff;
        int alen;
        if (version == 6) {
            out[off] = 0x60;
            out[off + 1] = 0;
            out[off + 2] = 0;
            out[off + 3] = 0;
            Bytes.putShortBE(out, off + 4, tcpHeaderLen + n);
            out[off + 6] = (byte) TcpConstants.PROTOCOL_TCP;
            out[off + 7] = (byte) TcpConstants.TTL;
            srcOff = off + 8;
            dstOff = off + 24;
            alen = 16;
        } else {
            out[off] = 0x45;
            out[off + 1] = 0;
            Bytes.putShortBE(out, off + 2, total);
            Bytes.putShortBE(out, off + 4, ipIdentification++);
            Bytes.putShortBE(out, off + 6, Ipv4Header.FLAG_DF);
            out[off + 8] = (byte) TcpConstants.TTL;
            out[off + 9] = (byte) TcpConstants.PROTOCOL_TCP;
            srcOff = off + 12;
            dstOff = off + 16;
            alen = 4;
        }
        System.arraycopy(local, 0, out, srcOff, alen);
        System.arraycopy(remote, 0, out, dstOff, alen);
        if (version != 6) {
            v4.wrap(out, off, total).fillChecksum();
        }
        int t = off + ipLen;
        tcp.wrap(out, t, tcpHeaderLen + n);
        tcp.setSourcePort(localPort);
        tcp.setDestinationPort(remotePort);
        tcp.setSequence(seq);
        tcp.setAcknowledgment(ack);
        tcp.setHeaderLength(tcpHeaderLen);
        tcp.setFlags(flags);
        tcp.setWindow(window);
        tcp.setUrgentPointer(0);
        if (synMss > 0) {
            TcpHeader.writeMssOption(out, t + TcpConstants.TCP_HEADER, synMss);
        }
        if (n > 0) {
            ring.peek(from, out, t + tcpHeaderLen, n);
        }
        tcp.fillChecksum(out, srcOff, dstOff, alen);
        segmentsSent++;
        return total;
    }
}
