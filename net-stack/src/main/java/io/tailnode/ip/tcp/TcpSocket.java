package io.tailnode.ip.tcp;

import io.tailnode.lang.HotPath;

/**
 * One connection slot: the RFC 9293 §3.3.2 state and the transmission control block (§3.3.1), with its fixed
 * send and receive rings. Read first: RFC 9293 §3.3 (states, sequence variables) and §3.10 (event
 * processing). Segment arrival is {@link TcpInput}, segment departure {@link TcpOutput}, timers and RTO
 * {@link TcpRetransmit}; the table, demultiplexing and handles are {@link TcpStack}.
 * <p>
 * Sequence variables are u32 in {@code int}, compared as {@code (a - b) < 0}. The send ring holds the bytes
 * from {@link #txSeq} on (unacknowledged, then unsent); our SYN occupies ISS and our FIN the sequence right
 * after the last byte of the ring. Package-private fields on purpose: the collaborating classes of one
 * connection share them without accessor methods (MicroEJ footprint). Not thread-safe.
 */
public final class TcpSocket {
    public static final int CLOSED = 0;
    public static final int LISTEN = 1;
    public static final int SYN_SENT = 2;
    public static final int SYN_RECEIVED = 3;
    public static final int ESTABLISHED = 4;
    public static final int FIN_WAIT_1 = 5;
    public static final int FIN_WAIT_2 = 6;
    public static final int CLOSE_WAIT = 7;
    public static final int CLOSING = 8;
    public static final int LAST_ACK = 9;
    public static final int TIME_WAIT = 10;

    final TcpRing tx;
    final TcpRing rx;
    final TcpAssembler ooo;
    final TcpRetransmit rtx;
    final byte[] localAddress = new byte[16];
    final byte[] remoteAddress = new byte[16];
    final int index;

    /** Slot in use (any state, including CLOSED awaiting the application's close()). */
    boolean used;
    /** The application holds a handle (active open, or accepted) and has not closed it yet. */
    boolean appOwned;
    /** Listener index for a passive open not yet accepted, else -1. */
    int listener;
    /** Generation of the slot, part of the handle so stale handles are refused. */
    int generation;
    /** Order in which connections reached ESTABLISHED (accept() hands out the oldest). */
    long establishedOrder;

    int state;
    /** Why the connection ended (CONNECTION_RESET, TIMED_OUT, REFUSED) or 0. */
    int error;
    int version;
    int localPort;
    int remotePort;
    /** Largest segment payload we send: min(peer's MSS option, our MTU-derived MSS). */
    int mss;

    int iss;
    int sndUna;
    int sndNxt;
    /** Highest sequence ever sent (+1): an ACK above it acknowledges nothing we sent. */
    int sndMax;
    int sndWnd;
    int sndWl1;
    int sndWl2;
    /** Sequence number of tx's first byte. */
    int txSeq;
    /** The application closed its sending side: a FIN follows the last byte of tx. */
    boolean finQueued;

    int irs;
    int rcvNxt;
    /** Right edge of the last advertised window (RCV.NXT + RCV.WND when we last sent). */
    int rcvAdvertised;
    boolean finReceived;

    /** An ACK (or window update) is owed to the peer. */
    boolean ackPending;
    /** Our SYN (SYN_SENT) or SYN-ACK (SYN_RECEIVED) must be (re)sent. */
    boolean synPending;
    /** Fast/partial-ack retransmission of one segment at SND.UNA is owed. */
    boolean retransmitOnePending;
    /** A zero-window probe is owed. */
    boolean probePending;
    /** Retransmission timer deadline (absolute ms), 0 when off. */
    long rtoDeadline;
    /** Persist timer deadline, 0 when off. */
    long persistDeadline;
    int persistBackoffs;
    /** TIME_WAIT or FIN_WAIT_2 timeout deadline, 0 when off. */
    long closeDeadline;
    /** Retransmissions of the current SND.UNA (SYN-ACK retries for embryonic connections). */
    int retries;

    TcpSocket(int index, TcpConfig c) {
        this.index = index;
        tx = new TcpRing(c.sendBufferSize);
        rx = new TcpRing(c.receiveBufferSize);
        ooo = new TcpAssembler(c.reassemblyRanges);
        rtx = new TcpRetransmit(c.minRtoMs, c.maxRtoMs);
    }

    /** Reinitialises the slot for a new connection (no allocation). */
    void open(int version, int mss) {
        used = true;
        generation++;
        appOwned = false;
        listener = -1;
        state = CLOSED;
        error = 0;
        this.version = version;
        this.mss = mss;
        tx.clear();
        rx.clear();
        ooo.clear();
        rtx.reset(mss);
        finQueued = false;
        finReceived = false;
        ackPending = false;
        synPending = false;
        retransmitOnePending = false;
        probePending = false;
        rtoDeadline = 0;
        persistDeadline = 0;
        persistBackoffs = 0;
        closeDeadline = 0;
        retries = 0;
        sndWnd = 0;
    }

    /** Sets ISS and the send variables from it. */
    void initSend(int isn) {
        iss = isn;
        sndUna = isn;
        sndNxt = isn;
        sndMax = isn;
        txSeq = isn + 1;
    }

    /** Enters CLOSED with {@code reason}, stopping every timer (the slot stays until released). */
    void terminate(int reason) {
        state = CLOSED;
        error = reason;
        rtoDeadline = 0;
        persistDeadline = 0;
        closeDeadline = 0;
        ackPending = false;
        synPending = false;
        retransmitOnePending = false;
        probePending = false;
    }

    /** True once SYNs were exchanged (RFC 9293 "synchronized states"). */
    boolean synchronizedState() {
        return state >= ESTABLISHED;
    }

    /** Sequence number of our FIN (meaningful once {@link #finQueued}). */
    int finSeq() {
        return txSeq + tx.count();
    }

    boolean finSent() {
        return finQueued && sndMax - finSeq() > 0;
    }

    boolean finAcked() {
        return finQueued && sndUna - finSeq() > 0;
    }

    /** Bytes in flight (SND.NXT - SND.UNA). */
    int flight() {
        return sndNxt - sndUna;
    }

    /** Receive window to advertise: free receive space, capped to 16 bits (no window scaling). */
    int receiveWindow() {
        return Math.min(rx.free(), TcpConstants.MAX_WINDOW);
    }

    /** Earliest timer of this socket, or Long.MAX_VALUE. */
    long deadline() {
        long d = Long.MAX_VALUE;
        if (rtoDeadline != 0) {
            d = rtoDeadline;
        }
        if (persistDeadline != 0 && persistDeadline < d) {
            d = persistDeadline;
        }
        if (closeDeadline != 0 && closeDeadline < d) {
            d = closeDeadline;
        }
        return d;
    }

    /** Something must go out now regardless of timers. */
    boolean outputPending() {
        return ackPending || synPending || retransmitOnePending || probePending;
    }

    /**
     * A digest of the protocol state (excluding counters and the owed-ACK flag, which is an answer rather than
     * state): equal before and after a rejected segment. For tests and diagnostics.
     */
    @HotPath
    public long stateDigest() {
        long h = state;
        h = h * 31 + sndUna;
        h = h * 31 + sndNxt;
        h = h * 31 + sndMax;
        h = h * 31 + sndWnd;
        h = h * 31 + txSeq;
        h = h * 31 + tx.count();
        h = h * 31 + rcvNxt;
        h = h * 31 + rx.count();
        h = h * 31 + ooo.ranges();
        h = h * 31 + (finQueued ? 1 : 0) + (finReceived ? 2 : 0);
        h = h * 31 + rtoDeadline;
        h = h * 31 + closeDeadline;
        h = h * 31 + rtx.cwnd;
        h = h * 31 + rtx.dupAcks;
        return h * 31 + error;
    }

    /** RFC 9293 state name, for tests and logs rendered on the host. */
    public static String stateName(int s) {
        switch (s) {
            case CLOSED: return "CLOSED";
            case LISTEN: return "LISTEN";
            case SYN_SENT: return "SYN_SENT";
            case SYN_RECEIVED: return "SYN_RECEIVED";
            case ESTABLISHED: return "ESTABLISHED";
            case FIN_WAIT_1: return "FIN_WAIT_1";
            case FIN_WAIT_2: return "FIN_WAIT_2";
            case CLOSE_WAIT: return "CLOSE_WAIT";
            case CLOSING: return "CLOSING";
            case LAST_ACK: return "LAST_ACK";
            case TIME_WAIT: return "TIME_WAIT";
            default: return "?";
        }
    }
}
