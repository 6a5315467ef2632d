package io.tailnode.ip.tcp;

import io.tailnode.ip.wire.TcpHeader;
import io.tailnode.lang.HotPath;

/**
 * The device's userspace TCP, sans-I/O: the IP layer hands in inner packets with {@link #receive}, the
 * WireGuard layer takes complete outgoing IP packets from {@link #poll} (one per call, until it returns 0),
 * and {@link #nextDeadline()} says when to call poll again. Time is always passed in (monotonic ms).
 * Read first: RFC 9293 (TCP), then the RFCs named in {@link TcpInput}, {@link TcpOutput}, {@link TcpRetransmit}.
 * <p>
 * Fixed storage: a table of {@link TcpConfig#maxSockets} connection slots, each with its own send and receive
 * rings, a listener table and a small queue of RSTs owed; nothing is allocated after construction. Services use
 * int handles ({@link #connect}, {@link #accept}); a handle carries the slot's generation, so a stale handle
 * gets BAD_HANDLE rather than another connection. Calls never block; they return a count or a negative
 * {@link TcpReason}. A SYN for a listener whose backlog (SYN_RECEIVED plus unaccepted) is full is dropped
 * silently; embryonic connections expire after {@link TcpConfig#synAckRetries} SYN-ACK retransmissions.
 * Segments to ports without socket or listener get an RST (RFC 9293 §3.10.7.1). Every dropped segment is
 * counted by reason ({@link #dropCount}). Not thread-safe: one event loop owns it.
 */
public final class TcpStack {
    private final TcpConfig config;
    private final TcpTable table;
    private final TcpSocket[] sockets;
    private final int[] listenPorts;
    private final int[] drops = new int[TcpReason.COUNT + 1];
    private final TcpInput input;
    private final TcpOutput output;
    private final TcpIsn isn;
    private final TcpResets resets;
    private final TcpDemux demux;
    private final byte[] addressV4 = new byte[4];
    private final byte[] addressV6 = new byte[16];
    private final byte[] remote = new byte[16];
    private boolean hasV4;
    private boolean hasV6;
    private int cursor;
    private int nextPort = TcpConstants.EPHEMERAL_FIRST;
    private long establishedCounter;
    /** Latest time seen by receive/poll (for API calls that take no time argument). */
    private long lastNow;
    int segmentsReceived;
    int fastRetransmits;

    /** {@code isnSecret}: 32 random bytes at {@code off} (RFC 6528 secret key), copied. */
    public TcpStack(TcpConfig config, byte[] isnSecret, int off) {
        config.validate();
        this.config = config;
        table = new TcpTable(config);
        sockets = table.sockets;
        listenPorts = table.listenPorts;
        input = new TcpInput(this, config);
        output = new TcpOutput(config);
        isn = new TcpIsn(isnSecret, off);
        resets = new TcpResets(config.resetQueue);
        demux = new TcpDemux(this, table, input, resets, isn, config);
    }

    public void setAddressV4(byte[] a, int off) {
        System.arraycopy(a, off, addressV4, 0, 4);
        hasV4 = true;
    }

    public void setAddressV6(byte[] a, int off) {
        System.arraycopy(a, off, addressV6, 0, 16);
        hasV6 = true;
    }

    // ------------------------------------------------------------------ sans-I/O

    /**
     * Consumes one inner IP packet carrying TCP (trailing tunnel padding ignored). Returns 0 if the segment was
     * used, or the negative {@link TcpReason} it was dropped for (counted). Answers (ACKs, RSTs) go out via poll.
     */
    @HotPath
    public int receive(byte[] pkt, int off, int len, long nowMs) {
        lastNow = nowMs;
        int r = demux.demux(pkt, off, len, nowMs);
        if (r < 0) {
            drops[-r]++;
        }
        return r;
    }

    /**
     * Writes at most one outgoing IP packet into {@code out[off, off+cap)} and returns its length; 0 when
     * nothing is due; BUFFER_TOO_SMALL (nothing consumed) if {@code cap} cannot hold it (MTU bytes always do).
     * Runs expired timers first. Call repeatedly until 0, then again at {@link #nextDeadline()}.
     */
    @HotPath
    public int poll(long nowMs, byte[] out, int off, int cap) {
        lastNow = nowMs;
        if (resets.count() > 0) {
            return resets.emit(output, out, off, cap);
        }
        for (int i = 0; i < sockets.length; i++) {
            TcpSocket s = sockets[i];
            if (s.used) {
                TcpTimers.run(s, nowMs, config);
                table.releaseIfDone(s);
            }
        }
        int n = sockets.length;
        for (int i = 0; i < n; i++) {
            int k = (cursor + i) % n;
            TcpSocket s = sockets[k];
            if (s.used) {
                int r = output.emit(s, nowMs, out, off, cap);
                if (r != 0) {
                    cursor = (k + 1) % n;
                    return r;
                }
            }
        }
        return 0;
    }

    /**
     * Earliest absolute time (ms) poll must run: 0 if output is already due (call poll now), Long.MAX_VALUE if
     * no timer is armed.
     */
    @HotPath
    public long nextDeadline() {
        return resets.count() > 0 ? 0 : TcpTimers.nextDeadline(sockets);
    }

    // ------------------------------------------------------------------ socket API

    /** Opens a listener on {@code port} (1-65535); returns its id (>= 0), PORT_IN_USE or TABLE_FULL. */
    public int listen(int port) {
        if (port < 1 || port > 65535 || table.listenerFor(port) >= 0) {
            return TcpReason.PORT_IN_USE;
        }
        for (int i = 0; i < listenPorts.length; i++) {
            if (listenPorts[i] == 0) {
                listenPorts[i] = port;
                return i;
            }
        }
        return TcpReason.TABLE_FULL;
    }

    /** Closes listener {@code id}; its unaccepted connections are reset. */
    public int unlisten(int id) {
        if (id < 0 || id >= listenPorts.length || listenPorts[id] == 0) {
            return TcpReason.BAD_HANDLE;
        }
        listenPorts[id] = 0;
        for (int i = 0; i < sockets.length; i++) {
            TcpSocket s = sockets[i];
            if (s.used && s.listener == id) {
                resetAndFree(s);
            }
        }
        return TcpReason.OK;
    }

    /** The oldest established, unaccepted connection of listener {@code id} as a handle, or WOULD_BLOCK. */
    public int accept(int id) {
        if (id < 0 || id >= listenPorts.length || listenPorts[id] == 0) {
            return TcpReason.BAD_HANDLE;
        }
        TcpSocket best = null;
        for (int i = 0; i < sockets.length; i++) {
            TcpSocket s = sockets[i];
            if (s.used && s.listener == id && s.synchronizedState()
                    && (best == null || s.establishedOrder < best.establishedOrder)) {
                best = s;
            }
        }
        if (best == null) {
            return TcpReason.WOULD_BLOCK;
        }
        best.listener = -1;
        best.appOwned = true;
        return table.handle(best);
    }

    /**
     * Active open to {@code remote[off..]} (4 or 16 bytes for {@code version} 4 or 6), {@code port}, from an
     * ephemeral port. Returns a handle; the state is SYN_SENT until the handshake completes (poll sends the
     * SYN). Data written before then is queued. BAD_ARGUMENT or TABLE_FULL otherwise.
     */
    public int connect(int version, byte[] remoteAddress, int off, int port, long nowMs) {
        int alen = version == 6 ? 16 : 4;
        if ((version != 4 && version != 6) || (version == 4 ? !hasV4 : !hasV6) || remoteAddress == null
                || off < 0 || off > remoteAddress.length - alen || port < 1 || port > 65535) {
            return TcpReason.BAD_ARGUMENT;
        }
        System.arraycopy(remoteAddress, off, remote, 0, alen);
        int local = 0;
        for (int tries = 0; tries < 16384 && local == 0; tries++) {
            int p = nextPort;
            nextPort = p == 65535 ? TcpConstants.EPHEMERAL_FIRST : p + 1;
            if (table.find(version, p, port, remote) == null && table.listenerFor(p) < 0) {
                local = p;
            }
        }
        TcpSocket s = local == 0 ? null : allocate(version, local, port, remote);
        if (s == null) {
            return TcpReason.TABLE_FULL;
        }
        s.initSend(isn.next(version, s.localAddress, local, remote, port, nowMs));
        s.state = TcpSocket.SYN_SENT;
        s.synPending = true;
        s.appOwned = true;
        return table.handle(s);
    }

    /** Reads up to {@code len} bytes; count, WOULD_BLOCK, END_OF_STREAM, the close reason, or BAD_HANDLE. */
    @HotPath
    public int read(int h, byte[] b, int off, int len) {
        TcpSocket s = table.lookup(h);
        if (s == null) {
            return TcpReason.BAD_HANDLE;
        }
        if (b == null || off < 0 || len < 0 || off > b.length - len) {
            return TcpReason.BAD_ARGUMENT;
        }
        int n = s.rx.read(b, off, len);
        if (n > 0) {
            // RFC 9293 §3.8.6.2.2: announce the window again once it opened by an MSS or half the buffer.
            int right = s.rcvNxt + s.receiveWindow();
            if (s.synchronizedState() && right - s.rcvAdvertised >= Math.min(s.mss, s.rx.capacity() / 2)) {
                s.ackPending = true;
            }
            return n;
        }
        if (len == 0) {
            return 0;
        }
        if (s.state == TcpSocket.CLOSED && s.error != 0) {
            return s.error;
        }
        return s.finReceived || s.state == TcpSocket.CLOSED ? TcpReason.END_OF_STREAM : TcpReason.WOULD_BLOCK;
    }

    /** Queues up to {@code len} bytes; count, WOULD_BLOCK (ring full), NOT_CONNECTED, close reason, BAD_HANDLE. */
    @HotPath
    public int write(int h, byte[] b, int off, int len) {
        TcpSocket s = table.lookup(h);
        if (s == null) {
            return TcpReason.BAD_HANDLE;
        }
        if (b == null || off < 0 || len < 0 || off > b.length - len) {
            return TcpReason.BAD_ARGUMENT;
        }
        if (s.state == TcpSocket.CLOSED) {
            return s.error != 0 ? s.error : TcpReason.NOT_CONNECTED;
        }
        if (s.finQueued) {
            return TcpReason.NOT_CONNECTED;
        }
        if (len == 0) {
            return 0;
        }
        int n = s.tx.write(b, off, len);
        return n == 0 ? TcpReason.WOULD_BLOCK : n;
    }

    /**
     * Half-close: sends FIN after the queued data; the handle stays valid for reading until {@link #close}.
     * OK, NOT_CONNECTED (already shut down or closed), or BAD_HANDLE.
     */
    public int shutdown(int h) {
        TcpSocket s = table.lookup(h);
        if (s == null) {
            return TcpReason.BAD_HANDLE;
        }
        if (s.state == TcpSocket.ESTABLISHED || s.state == TcpSocket.SYN_RECEIVED) {
            s.finQueued = true;
            s.state = TcpSocket.FIN_WAIT_1;
        } else if (s.state == TcpSocket.CLOSE_WAIT) {
            s.finQueued = true;
            s.state = TcpSocket.LAST_ACK;
        } else {
            return TcpReason.NOT_CONNECTED;
        }
        return TcpReason.OK;
    }

    /**
     * Closes the handle: sends FIN after the queued data (the slot finishes the close on its own). With unread
     * received data the connection is reset instead (RFC 2525 §2.17). The handle is invalid afterwards.
     */
    public int close(int h) {
        TcpSocket s = table.lookup(h);
        if (s == null) {
            return TcpReason.BAD_HANDLE;
        }
        s.appOwned = false;
        if (s.rx.count() > 0 && s.synchronizedState() && s.state != TcpSocket.TIME_WAIT) {
            resetAndFree(s);
        } else if (s.state == TcpSocket.ESTABLISHED) {
            s.finQueued = true;
            s.state = TcpSocket.FIN_WAIT_1;
        } else if (s.state == TcpSocket.CLOSE_WAIT) {
            s.finQueued = true;
            s.state = TcpSocket.LAST_ACK;
        } else if (s.state == TcpSocket.SYN_SENT || s.state == TcpSocket.SYN_RECEIVED) {
            s.terminate(0);
        } else if (s.state == TcpSocket.FIN_WAIT_2) {
            s.closeDeadline = lastNow + config.finWait2TimeoutMs;
        }
        table.releaseIfDone(s);
        return TcpReason.OK;
    }

    /** Resets the connection (RST to the peer if synchronized) and frees the slot; the handle is invalid. */
    public int abort(int h) {
        TcpSocket s = table.lookup(h);
        if (s == null) {
            return TcpReason.BAD_HANDLE;
        }
        resetAndFree(s);
        return TcpReason.OK;
    }

    /** RFC 9293 state of the connection ({@link TcpSocket#ESTABLISHED}...), or BAD_HANDLE. */
    public int state(int h) {
        TcpSocket s = table.lookup(h);
        return s == null ? TcpReason.BAD_HANDLE : s.state;
    }

    /** Bytes ready to read, or BAD_HANDLE. */
    public int readable(int h) {
        TcpSocket s = table.lookup(h);
        return s == null ? TcpReason.BAD_HANDLE : s.rx.count();
    }

    /** Bytes write() would accept now, or BAD_HANDLE. */
    public int writable(int h) {
        TcpSocket s = table.lookup(h);
        if (s == null) {
            return TcpReason.BAD_HANDLE;
        }
        return s.state == TcpSocket.CLOSED || s.finQueued ? 0 : s.tx.free();
    }

    /** Why the connection closed (CONNECTION_RESET, TIMED_OUT, REFUSED), 0 if it has not failed. */
    public int error(int h) {
        TcpSocket s = table.lookup(h);
        return s == null ? TcpReason.BAD_HANDLE : s.error;
    }

    // ------------------------------------------------------------------ counters and diagnostics

    /** Segments dropped for {@code reason} (a negative {@link TcpReason}). */
    public int dropCount(int reason) {
        return reason < 0 && -reason <= TcpReason.COUNT ? drops[-reason] : 0;
    }

    public int segmentsReceived() {
        return segmentsReceived;
    }

    public int segmentsSent() {
        return output.segmentsSent;
    }

    public int retransmissions() {
        return output.retransmissions;
    }

    public int fastRetransmits() {
        return fastRetransmits;
    }

    public int zeroWindowProbes() {
        return output.probes;
    }

    /** Slots in use (any state), for load tests and the status page. */
    public int socketsInUse() {
        return table.socketsInUse();
    }

    /** Connection of handle {@code h} (diagnostics, tests), or null. */
    public TcpSocket socket(int h) {
        return table.lookup(h);
    }

    /** Slot {@code i} of the table (diagnostics, tests). */
    public TcpSocket slot(int i) {
        return sockets[i];
    }

    // ------------------------------------------------------------------ internals

    TcpSocket allocate(int version, int localPort, int remotePort, byte[] remoteAddress) {
        return table.allocate(version, version == 6 ? addressV6 : addressV4, effectiveMss(version, Integer.MAX_VALUE),
                localPort, remotePort, remoteAddress);
    }

    /** The device's address for {@code version}, or null if none is configured. */
    byte[] localAddress(int version) {
        if (version == 6) {
            return hasV6 ? addressV6 : null;
        }
        return hasV4 ? addressV4 : null;
    }

    int effectiveMss(int version, int peerMss) {
        int ours = config.mtu - (version == 6 ? TcpConstants.IPV6_HEADER : TcpConstants.IPV4_HEADER)
                - TcpConstants.TCP_HEADER;
        int theirs = peerMss != 0 ? peerMss
                : (version == 6 ? TcpConstants.DEFAULT_MSS_V6 : TcpConstants.DEFAULT_MSS_V4);
        // A peer MSS below 64 would make segments mostly header; clamp (Linux clamps at 48 + options).
        return Math.max(64, Math.min(ours, theirs));
    }

    long nextEstablishedOrder() {
        return ++establishedCounter;
    }

    /** Counts data discarded from a segment that was otherwise used (its ACK). */
    void countDrop(int reason) {
        drops[-reason]++;
    }

    /** RST for socket {@code s} (seq, ack, flags as given). */
    void queueReset(TcpSocket s, int seq, int ack, int flags) {
        if (!resets.add(s.version, s.localAddress, s.localPort, s.remoteAddress, s.remotePort, seq, ack, flags)) {
            drops[-TcpReason.RESET_QUEUE_FULL]++;
        }
    }

    private void resetAndFree(TcpSocket s) {
        if (s.synchronizedState() || s.state == TcpSocket.SYN_RECEIVED) {
            queueReset(s, s.sndMax, s.rcvNxt, TcpHeader.RST | TcpHeader.ACK);
        }
        s.terminate(0);
        s.appOwned = false;
        s.listener = -1;
        s.used = false;
    }

}
