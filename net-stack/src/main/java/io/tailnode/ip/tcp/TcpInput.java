package io.tailnode.ip.tcp;

import io.tailnode.ip.wire.TcpHeader;
import io.tailnode.lang.HotPath;

/**
 * Segment arrival for a connection that exists (RFC 9293 §3.10.7.3 SYN-SENT and §3.10.7.4 "other states",
 * in the RFC's order: sequence check, RST, SYN, ACK, data, FIN), hardened by RFC 5961 (exact-RST, challenge
 * ACKs) and with RFC 5681 / RFC 6582 duplicate-ACK handling. Read those sections first.
 * <p>
 * Every return is 0 (the segment was used) or a negative {@link TcpReason} (dropped; the stack counts it).
 * A dropped segment changes no state apart from owing an ACK (or queuing an RST), which is the answer the
 * RFC asks for. Out-of-order data is kept in the receive ring's free space, tracked by {@link TcpAssembler};
 * a FIN is only taken in order (an out-of-order FIN is ignored and comes back with the retransmission). Data
 * in a SYN or SYN-ACK is not accepted (the peer resends it). Data arriving after the application closed the
 * socket is acknowledged and discarded (nobody can read it; RST would lose the peer's pending response).
 */
final class TcpInput {
    private final TcpStack stack;
    private final int timeWaitMs;
    private final int finWait2TimeoutMs;

    TcpInput(TcpStack stack, TcpConfig c) {
        this.stack = stack;
        this.timeWaitMs = c.timeWaitMs;
        this.finWait2TimeoutMs = c.finWait2TimeoutMs;
    }

    @HotPath
    int onSegment(TcpSocket s, TcpHeader h, long now) {
        if (s.state == TcpSocket.SYN_SENT) {
            return onSynSent(s, h, now);
        }
        int flags = h.flags();
        int seq = h.sequence();
        if (s.state == TcpSocket.SYN_RECEIVED && (flags & TcpHeader.SYN) != 0 && seq == s.irs
                && (flags & TcpHeader.ACK) == 0) {
            // The peer did not get our SYN-ACK: answer its retransmitted SYN with another one.
            s.synPending = true;
            return TcpReason.OK;
        }
        if (!acceptable(s, seq, h.sequenceLength(), s.receiveWindow())) {
            if ((flags & TcpHeader.RST) == 0) {
                s.ackPending = true;
            }
            return TcpReason.OUT_OF_WINDOW;
        }
        if ((flags & TcpHeader.RST) != 0) {
            if (seq != s.rcvNxt) {
                s.ackPending = true;
                return TcpReason.RST_NOT_EXACT;
            }
            s.terminate(s.state >= TcpSocket.CLOSING ? 0 : TcpReason.CONNECTION_RESET);
            return TcpReason.OK;
        }
        if ((flags & TcpHeader.SYN) != 0) {
            s.ackPending = true;
            return TcpReason.SYN_IN_SYNCHRONIZED;
        }
        if ((flags & TcpHeader.ACK) == 0) {
            return TcpReason.NO_ACK;
        }
        int ack = h.acknowledgment();
        if (s.state == TcpSocket.SYN_RECEIVED) {
            if (ack - s.sndUna <= 0 || ack - s.sndMax > 0) {
                stack.queueReset(s, ack, 0, TcpHeader.RST);
                return TcpReason.BAD_ACK;
            }
            s.state = TcpSocket.ESTABLISHED;
            s.establishedOrder = stack.nextEstablishedOrder();
            s.sndWl1 = seq - 1;
        }
        if (ack - s.sndMax > 0) {
            s.ackPending = true;
            return TcpReason.BAD_ACK;
        }
        if (ack - s.sndUna >= 0) {
            onAck(s, h, seq, ack, now);
        }
        if (s.state == TcpSocket.CLOSED || s.state == TcpSocket.TIME_WAIT) {
            return TcpReason.OK;
        }
        int r = onData(s, h, seq);
        if (r == TcpReason.OK && (flags & TcpHeader.FIN) != 0 && seq + h.payloadLength() == s.rcvNxt) {
            onFin(s, now);
        }
        return r;
    }

    /** RFC 9293 §3.10.7.4 "first check sequence number": the four-case acceptability table. */
    @HotPath
    private static boolean acceptable(TcpSocket s, int seq, int segLen, int wnd) {
        int d = seq - s.rcvNxt;
        if (segLen == 0) {
            return wnd == 0 ? d == 0 : d >= 0 && d < wnd;
        }
        if (wnd == 0) {
            return false;
        }
        int last = d + segLen - 1;
        return (d >= 0 && d < wnd) || (last >= 0 && last < wnd);
    }

    @HotPath
    private void onAck(TcpSocket s, TcpHeader h, int seq, int ack, long now) {
        TcpRetransmit r = s.rtx;
        int wnd = h.window();
        boolean windowChanged = wnd != s.sndWnd;
        if (s.sndWl1 - seq < 0 || (s.sndWl1 == seq && s.sndWl2 - ack <= 0)) {
            s.sndWnd = wnd;
            s.sndWl1 = seq;
            s.sndWl2 = ack;
            if (wnd > 0) {
                s.persistDeadline = 0;
                s.persistBackoffs = 0;
                s.probePending = false;
            }
        }
        int advance = ack - s.sndUna;
        if (advance == 0) {
            // RFC 5681 §2 "duplicate acknowledgment": no data, no window change, data outstanding.
            // Data outstanding means SND.NXT ahead: a lone zero-window probe byte (SND.MAX only) does not count.
            if (h.payloadLength() == 0 && !h.has(TcpHeader.FIN) && !windowChanged && s.sndNxt != s.sndUna) {
                r.dupAcks++;
                if (r.dupAcks == TcpConstants.DUP_ACK_THRESHOLD && !r.inRecovery) {
                    r.enterRecovery(s.sndMax - s.sndUna, s.mss, s.sndMax);
                    s.retransmitOnePending = true;
                    stack.fastRetransmits++;
                } else if (r.inRecovery) {
                    r.cwnd += s.mss;
                }
            }
            return;
        }
        int dataAcked = 0;
        if (ack - s.txSeq > 0) {
            dataAcked = Math.min(s.tx.count(), ack - s.txSeq);
            s.tx.discard(dataAcked);
            s.txSeq += dataAcked;
        }
        s.sndUna = ack;
        if (s.sndNxt - ack < 0) {
            s.sndNxt = ack;
        }
        s.retries = 0;
        r.onAckAdvance(ack, now);
        if (r.inRecovery) {
            if (ack - r.recover >= 0) {
                r.cwnd = Math.min(r.ssthresh, s.flight() + s.mss);
                r.inRecovery = false;
                r.dupAcks = 0;
            } else {
                // RFC 6582 §3.2 step 3: partial ACK, retransmit the next hole, deflate.
                r.cwnd = Math.max(r.cwnd - advance + s.mss, s.mss);
                s.retransmitOnePending = true;
            }
        } else {
            r.dupAcks = 0;
            r.growWindow(advance, s.mss);
        }
        // A zero-window probe byte beyond SND.NXT is the persist timer's business, not the RTO's.
        s.rtoDeadline = s.sndNxt == s.sndUna ? 0 : now + r.rto;
        if (s.finAcked()) {
            onFinAcked(s, now);
        }
    }

    private void onFinAcked(TcpSocket s, long now) {
        if (s.state == TcpSocket.FIN_WAIT_1) {
            s.state = TcpSocket.FIN_WAIT_2;
            if (!s.appOwned) {
                s.closeDeadline = now + finWait2TimeoutMs;
            }
        } else if (s.state == TcpSocket.CLOSING) {
            enterTimeWait(s, now);
        } else if (s.state == TcpSocket.LAST_ACK) {
            s.terminate(0);
        }
    }

    @HotPath
    private int onData(TcpSocket s, TcpHeader h, int seq) {
        int n = h.payloadLength();
        if (n == 0) {
            return TcpReason.OK;
        }
        if (s.state != TcpSocket.ESTABLISHED && s.state != TcpSocket.FIN_WAIT_1
                && s.state != TcpSocket.FIN_WAIT_2) {
            return TcpReason.OK;
        }
        int p = h.payloadOffset();
        int d = seq - s.rcvNxt;
        if (d < 0) {
            p -= d;
            n += d;
            d = 0;
        }
        n = Math.min(n, s.receiveWindow() - d);
        s.ackPending = true;
        if (n <= 0) {
            return TcpReason.OK;
        }
        if (!s.appOwned && s.listener < 0) {
            if (d == 0) {
                s.rcvNxt += n;
            }
            return TcpReason.OK;
        }
        if (d > 0) {
            if (!s.ooo.add(d, d + n)) {
                // The ACK part of this segment may already have been used: count the lost data, keep the rest.
                stack.countDrop(TcpReason.REASSEMBLY_FULL);
                return TcpReason.OK;
            }
            s.rx.writeAt(d, h.bufferForPayload(), p, n);
            return TcpReason.OK;
        }
        s.rx.writeAt(0, h.bufferForPayload(), p, n);
        int total = s.ooo.advance(n);
        s.rx.commit(total);
        s.rcvNxt += total;
        return TcpReason.OK;
    }

    private void onFin(TcpSocket s, long now) {
        if (s.state != TcpSocket.ESTABLISHED && s.state != TcpSocket.FIN_WAIT_1
                && s.state != TcpSocket.FIN_WAIT_2) {
            return;
        }
        s.rcvNxt++;
        s.finReceived = true;
        s.ackPending = true;
        if (s.state == TcpSocket.ESTABLISHED) {
            s.state = TcpSocket.CLOSE_WAIT;
        } else if (s.state == TcpSocket.FIN_WAIT_1) {
            if (s.finAcked()) {
                enterTimeWait(s, now);
            } else {
                s.state = TcpSocket.CLOSING;
            }
        } else {
            enterTimeWait(s, now);
        }
    }

    private void enterTimeWait(TcpSocket s, long now) {
        s.state = TcpSocket.TIME_WAIT;
        s.rtoDeadline = 0;
        s.persistDeadline = 0;
        s.closeDeadline = now + timeWaitMs;
    }

    /** RFC 9293 §3.10.7.3. */
    @HotPath
    private int onSynSent(TcpSocket s, TcpHeader h, long now) {
        int flags = h.flags();
        int ack = h.acknowledgment();
        boolean hasAck = (flags & TcpHeader.ACK) != 0;
        if (hasAck && (ack - s.iss <= 0 || ack - s.sndMax > 0)) {
            if ((flags & TcpHeader.RST) == 0) {
                stack.queueReset(s, ack, 0, TcpHeader.RST);
            }
            return TcpReason.BAD_ACK;
        }
        if ((flags & TcpHeader.RST) != 0) {
            if (!hasAck) {
                return TcpReason.UNEXPECTED;
            }
            s.terminate(TcpReason.REFUSED);
            return TcpReason.OK;
        }
        if ((flags & TcpHeader.SYN) == 0) {
            return TcpReason.UNEXPECTED;
        }
        int seq = h.sequence();
        s.irs = seq;
        s.rcvNxt = seq + 1;
        s.mss = stack.effectiveMss(s.version, h.mssOption());
        s.sndWnd = h.window();
        s.sndWl1 = seq;
        s.sndWl2 = ack;
        s.ackPending = true;
        s.synPending = false;
        if (hasAck) {
            s.sndUna = ack;
            s.state = TcpSocket.ESTABLISHED;
            s.retries = 0;
            s.rtx.onAckAdvance(ack, now);
            s.rtx.cwnd = TcpRetransmit.initialWindow(s.mss);
            s.rtoDeadline = 0;
        } else {
            // Simultaneous open (RFC 9293 §3.5 figure 7): answer with SYN-ACK.
            s.state = TcpSocket.SYN_RECEIVED;
            s.synPending = true;
            s.ackPending = false;
        }
        return TcpReason.OK;
    }
}
