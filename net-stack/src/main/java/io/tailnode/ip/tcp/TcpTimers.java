package io.tailnode.ip.tcp;

import io.tailnode.lang.HotPath;

/**
 * Every timer rule of a connection in one place (after wireguard-go timers.go): retransmission (RFC 6298 §5,
 * go-back-N from SND.UNA after the window collapses to one segment, RFC 5681 §3.1), SYN / SYN-ACK retries,
 * the persist timer (RFC 1122 §4.2.2.17) and the TIME_WAIT / FIN_WAIT_2 limits. Timers are absolute ms
 * fields of {@link TcpSocket}, 0 when off; the stack evaluates them on every poll.
 */
final class TcpTimers {
    private TcpTimers() {
    }

    /** Earliest deadline over the table: 0 if output is due now, Long.MAX_VALUE if nothing is armed. */
    @HotPath
    static long nextDeadline(TcpSocket[] sockets) {
        long d = Long.MAX_VALUE;
        for (int i = 0; i < sockets.length; i++) {
            TcpSocket s = sockets[i];
            if (s.used && s.state != TcpSocket.CLOSED) {
                if (s.outputPending() || sendable(s)) {
                    return 0;
                }
                d = Math.min(d, s.deadline());
            }
        }
        return d;
    }

    static boolean sendable(TcpSocket s) {
        if (!s.synchronizedState()) {
            return false;
        }
        int avail = s.tx.count() - (s.sndNxt - s.txSeq);
        if (avail > 0) {
            int n = Math.min(Math.min(s.mss, avail), Math.min(s.sndWnd, s.rtx.cwnd) - s.flight());
            return n > 0 && (n == Math.min(s.mss, avail) || s.flight() == 0);
        }
        return s.finQueued && avail == 0 && s.sndNxt == s.finSeq();
    }

    /** RFC 6298 §5 (retransmission timer), RFC 1122 §4.2.2.17 (persist), TIME_WAIT and FIN_WAIT_2 limits. */
    @HotPath
    static void run(TcpSocket s, long now, TcpConfig config) {
        if (s.closeDeadline != 0 && now >= s.closeDeadline) {
            s.terminate(s.state == TcpSocket.TIME_WAIT ? 0 : TcpReason.TIMED_OUT);
            return;
        }
        if (s.persistDeadline != 0 && now >= s.persistDeadline) {
            s.persistDeadline = 0;
            s.probePending = true;
            s.persistBackoffs++;
        }
        if (s.rtoDeadline == 0 || now < s.rtoDeadline) {
            return;
        }
        s.retries++;
        int limit = s.state == TcpSocket.SYN_RECEIVED ? config.synAckRetries : config.maxRetransmissions;
        if (s.retries > limit) {
            s.terminate(TcpReason.TIMED_OUT);
            return;
        }
        s.rtx.onTimeout(s.sndMax - s.sndUna, s.mss);
        s.retransmitOnePending = false;
        s.rtoDeadline = now + s.rtx.rto;
        if (s.state == TcpSocket.SYN_SENT || s.state == TcpSocket.SYN_RECEIVED) {
            s.synPending = true;
        } else {
            // Go back N: resend from SND.UNA as the (now one-segment) congestion window allows.
            s.sndNxt = s.sndUna;
            if (s.sndWnd == 0 && !s.finSent()) {
                // Nothing may be sent into a closed window: the persist timer probes it instead, and a peer
                // that keeps answering probes is not timed out (RFC 1122 §4.2.2.17).
                s.rtoDeadline = 0;
            }
        }
    }
}
