package io.tailnode.ip.tcp;

/**
 * Retransmission timeout and congestion window of one connection.
 * Read first: RFC 6298 (RTO: §2 the SRTT/RTTVAR rules, §3 Karn's algorithm, §5 timer management and
 * backoff), RFC 5681 §3.1-3.2 (slow start, congestion avoidance, fast retransmit/recovery) and RFC 6582
 * (NewReno partial acknowledgments), RFC 6928 (initial window of 10 segments).
 * <p>
 * One RTT sample at a time (the segment whose sequence is {@link #timedSeq}); a retransmission cancels it
 * (Karn: an ambiguous ACK gives no sample). Integer milliseconds; the clock granularity G is 1 ms.
 */
final class TcpRetransmit {
    private final int minRto;
    private final int maxRto;
    int srtt;
    int rttvar;
    /** Current RTO including backoff, ms. */
    int rto;
    boolean haveSample;
    boolean timing;
    int timedSeq;
    long timedAt;
    /** Consecutive timeouts of the same data (backoff exponent; reset by new ACKs). */
    int backoffs;

    int cwnd;
    int ssthresh;
    int dupAcks;
    boolean inRecovery;
    /** RFC 6582 "recover": highest sequence sent when loss was detected. */
    int recover;

    TcpRetransmit(int minRto, int maxRto) {
        this.minRto = minRto;
        this.maxRto = maxRto;
    }

    void reset(int mss) {
        srtt = 0;
        rttvar = 0;
        rto = Math.max(minRto, Math.min(maxRto, TcpConstants.INITIAL_RTO_MS));
        haveSample = false;
        timing = false;
        backoffs = 0;
        cwnd = initialWindow(mss);
        ssthresh = Integer.MAX_VALUE;
        dupAcks = 0;
        inRecovery = false;
    }

    /** RFC 6928 §2: min(10*MSS, max(2*MSS, 14600)). */
    static int initialWindow(int mss) {
        return Math.min(10 * mss, Math.max(2 * mss, 14600));
    }

    /** A segment starting at {@code seq} is sent for the first time. */
    void onSend(int seq, long nowMs) {
        if (!timing) {
            timing = true;
            timedSeq = seq;
            timedAt = nowMs;
        }
    }

    /** Karn: anything retransmitted makes the pending sample ambiguous. */
    void onRetransmit() {
        timing = false;
    }

    /** ACK {@code ack} advanced SND.UNA: take an RTT sample if it covers the timed segment (RFC 6298 §2.2-2.3). */
    void onAckAdvance(int ack, long nowMs) {
        backoffs = 0;
        if (timing && ack - timedSeq > 0) {
            timing = false;
            int r = (int) Math.max(1, nowMs - timedAt);
            if (!haveSample) {
                srtt = r;
                rttvar = r / 2;
                haveSample = true;
            } else {
                int err = Math.abs(srtt - r);
                rttvar = rttvar - (rttvar >> TcpConstants.RTT_BETA_SHIFT) + (err >> TcpConstants.RTT_BETA_SHIFT);
                srtt = srtt - (srtt >> TcpConstants.RTT_ALPHA_SHIFT) + (r >> TcpConstants.RTT_ALPHA_SHIFT);
            }
        }
        rto = clamp(srtt + Math.max(1, TcpConstants.RTT_K * rttvar));
        if (!haveSample) {
            rto = clamp(TcpConstants.INITIAL_RTO_MS);
        }
    }

    /** RFC 6298 §5.5-5.6: the timer expired; back off (doubling, capped) and shrink the window (RFC 5681 §3.1). */
    void onTimeout(int flightSize, int mss) {
        backoffs++;
        rto = clamp(rto * 2L);
        timing = false;
        ssthresh = Math.max(flightSize / 2, 2 * mss);
        cwnd = mss;
        dupAcks = 0;
        inRecovery = false;
    }

    /** Congestion avoidance / slow start on an ACK of {@code acked} new bytes (RFC 5681 §3.1, byte counting). */
    void growWindow(int acked, int mss) {
        if (cwnd < ssthresh) {
            cwnd += Math.min(acked, mss);
        } else {
            cwnd += Math.max(1, mss * mss / Math.max(cwnd, 1));
        }
        if (cwnd > 1 << 30) {
            cwnd = 1 << 30;
        }
    }

    /** RFC 5681 §3.2 steps 2-3 on the third duplicate ACK; RFC 6582 §3.2 step 1. */
    void enterRecovery(int flightSize, int mss, int sndMax) {
        ssthresh = Math.max(flightSize / 2, 2 * mss);
        cwnd = ssthresh + TcpConstants.DUP_ACK_THRESHOLD * mss;
        inRecovery = true;
        recover = sndMax;
        timing = false;
    }

    private int clamp(long v) {
        return (int) Math.max(minRto, Math.min(maxRto, v));
    }
}
