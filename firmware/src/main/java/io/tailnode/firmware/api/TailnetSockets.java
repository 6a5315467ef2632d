package io.tailnode.firmware.api;

import io.tailnode.firmware.loop.LoopHook;
import io.tailnode.firmware.loop.PeerEvents;
import io.tailnode.firmware.services.DeviceServices;
import io.tailnode.ip.UdpEndpoint;
import io.tailnode.ip.UdpLayer;
import io.tailnode.ip.UdpSocket;
import io.tailnode.ip.UdpStatus;
import io.tailnode.ip.tcp.TcpReason;
import io.tailnode.ip.tcp.TcpSocket;
import io.tailnode.ip.tcp.TcpStack;
import io.tailnode.lang.HotPath;
import io.tailnode.wg.WgConstants;

/**
 * The integrator's socket API: OEM services on the device's tunnel addresses, running on the event loop, over
 * the {@link DeviceServices}' stacks (listen/accept, connect, read/write/close) ({@link TcpStack}, {@link UdpLayer}). Non-blocking calls that return counts
 * or negative codes ({@link TcpReason} for TCP, {@link UdpStatus} for UDP), and readiness callbacks
 * ({@link TcpListener}, {@link UdpListener}, {@link PeerListener}) dispatched once per loop iteration.
 * <p>
 * Construction attaches it to the services ({@link DeviceServices#setHook}): each {@code TunnelLoop} iteration,
 * after the inner packets were received and the device's own services ran, {@link #onIteration} runs up to
 * {@link #TASKS_PER_ITERATION} tasks posted to the {@link LoopExecutor}, reports peers gone down, accepts up to
 * {@link #ACCEPTS_PER_ITERATION} connections per listener (onAccept), then for every connection at most one
 * onReadable (new bytes or end of stream since the last read), one onWritable (room after a short write) and
 * one onClosed, then up to {@link #DATAGRAMS_PER_ITERATION} datagrams per UDP socket (onDatagram). Readiness is
 * computed from the stack's readable/writable/state; when a budget runs out the loop comes back at once. What
 * callbacks write goes out in the same iteration. Pass this object as the loop's {@code PeerEvents} (it forwards
 * to the observer given here) for peer up/down.
 * <p>
 * Everything is allocated in the constructor; dispatch allocates nothing. Not thread-safe: call it from the
 * loop's thread only (callbacks, posted tasks); other threads use {@link LoopExecutor#post}.
 */
public final class TailnetSockets implements LoopHook, PeerEvents {
    public static final int ACCEPTS_PER_ITERATION = 4;
    public static final int DATAGRAMS_PER_ITERATION = 8;
    public static final int TASKS_PER_ITERATION = 16;

    private final TcpStack tcp;
    private final UdpLayer udp;
    private final LoopExecutor executor;
    private final PeerEvents forward;
    /** Per listener entry: the stack's listener id (-1 free) and the callbacks. */
    private final int[] listenIds;
    private final TcpListener[] listenCallbacks;
    /** Per connection entry: handle (-1 free), its callbacks, bytes readable after the last read, flags. */
    private final int[] conns;
    private final TcpListener[] connCallbacks;
    private final int[] rxSeen;
    private final boolean[] eofReported;
    private final boolean[] wantWrite;
    private final boolean[] appClosed;
    /** Active open not yet established: onAccept is due when it is. */
    private final boolean[] connecting;
    /** Per UDP socket handle of the layer: callbacks (null: not ours). */
    private final UdpListener[] udpCallbacks;
    private final byte[] datagram;
    private final UdpEndpoint from = new UdpEndpoint();
    private PeerListener peerListener;
    private final boolean[] peerUp;
    private final long[] peerHandshake;
    private boolean moreWork;
    private long refused;

    /**
     * @param maxListeners TCP listeners the OEM may open
     * @param maxConnections TCP connections the OEM may hold at once (beyond: accepted, then reset and counted)
     * @param peerCapacity WireGuard peer slots (the core's {@code peerCapacity()})
     * @param executor the hand-off from other threads, or null
     * @param forward the loop's other PeerEvents observer (simulator lines), or null
     */
    public TailnetSockets(DeviceServices services, int maxListeners, int maxConnections, int peerCapacity,
            LoopExecutor executor, PeerEvents forward) {
        if (services == null || maxListeners < 1 || maxConnections < 1 || peerCapacity < 0) {
            throw new IllegalArgumentException("sockets parameters");
        }
        tcp = services.tcp();
        udp = services.ip().udp();
        this.executor = executor;
        this.forward = forward;
        listenIds = new int[maxListeners];
        listenCallbacks = new TcpListener[maxListeners];
        conns = new int[maxConnections];
        connCallbacks = new TcpListener[maxConnections];
        rxSeen = new int[maxConnections];
        eofReported = new boolean[maxConnections];
        wantWrite = new boolean[maxConnections];
        appClosed = new boolean[maxConnections];
        connecting = new boolean[maxConnections];
        for (int i = 0; i < maxListeners; i++) {
            listenIds[i] = -1;
        }
        for (int i = 0; i < maxConnections; i++) {
            conns[i] = -1;
        }
        udpCallbacks = new UdpListener[udp.capacity()];
        datagram = new byte[services.ip().mtu()];
        peerUp = new boolean[peerCapacity];
        peerHandshake = new long[peerCapacity];
        services.setHook(this);
    }

    // ------------------------------------------------------------------ TCP

    /** Opens a listener on {@code port}; returns its id (>= 0), PORT_IN_USE, TABLE_FULL or BAD_ARGUMENT. */
    public int tcpListen(int port, TcpListener callbacks) {
        if (callbacks == null) {
            return TcpReason.BAD_ARGUMENT;
        }
        for (int i = 0; i < listenIds.length; i++) {
            if (listenIds[i] < 0) {
                int id = tcp.listen(port);
                if (id < 0) {
                    return id;
                }
                listenIds[i] = id;
                listenCallbacks[i] = callbacks;
                return i;
            }
        }
        return TcpReason.TABLE_FULL;
    }

    /** Closes listener {@code id} (its unaccepted connections are reset); OK or BAD_HANDLE. */
    public int tcpUnlisten(int id) {
        if (id < 0 || id >= listenIds.length || listenIds[id] < 0) {
            return TcpReason.BAD_HANDLE;
        }
        tcp.unlisten(listenIds[id]);
        listenIds[id] = -1;
        listenCallbacks[id] = null;
        return TcpReason.OK;
    }

    /**
     * Active open to {@code remote[off..]} (4 or 16 bytes for {@code version} 4 or 6), {@code port}: returns the
     * handle at once (data written now is queued); {@code callbacks.onAccept(handle)} follows when the connection
     * is established, or onClosed(handle, REFUSED / TIMED_OUT / CONNECTION_RESET) if it fails. BAD_ARGUMENT or
     * TABLE_FULL otherwise. {@code nowMs}: the loop's time.
     */
    public int tcpConnect(int version, byte[] remote, int off, int port, TcpListener callbacks, long nowMs) {
        if (callbacks == null) {
            return TcpReason.BAD_ARGUMENT;
        }
        int i = freeSlot();
        if (i < 0) {
            return TcpReason.TABLE_FULL;
        }
        int h = tcp.connect(version, remote, off, port, nowMs);
        if (h < 0) {
            return h;
        }
        conns[i] = h;
        connCallbacks[i] = callbacks;
        rxSeen[i] = 0;
        eofReported[i] = false;
        wantWrite[i] = false;
        appClosed[i] = false;
        connecting[i] = true;
        return h;
    }

    /** Reads up to {@code len} bytes: count, WOULD_BLOCK, END_OF_STREAM, the close reason, or BAD_HANDLE. */
    @HotPath
    public int read(int h, byte[] b, int off, int len) {
        int i = slotOf(h);
        if (i < 0) {
            return TcpReason.BAD_HANDLE;
        }
        int r = tcp.read(h, b, off, len);
        int left = tcp.readable(h);
        rxSeen[i] = left > 0 ? left : 0;
        if (r == TcpReason.END_OF_STREAM) {
            eofReported[i] = true;
        }
        return r;
    }

    /**
     * Queues up to {@code len} bytes: count (possibly short), WOULD_BLOCK, NOT_CONNECTED, the close reason, or
     * BAD_HANDLE. A short count or WOULD_BLOCK arms onWritable.
     */
    @HotPath
    public int write(int h, byte[] b, int off, int len) {
        int i = slotOf(h);
        if (i < 0) {
            return TcpReason.BAD_HANDLE;
        }
        int r = tcp.write(h, b, off, len);
        if (r == TcpReason.WOULD_BLOCK || (r >= 0 && r < len)) {
            wantWrite[i] = true;
        }
        return r;
    }

    /** Half-close (FIN after the queued data); reading goes on until {@link #close}. OK, NOT_CONNECTED, BAD_HANDLE. */
    public int shutdown(int h) {
        return slotOf(h) < 0 ? TcpReason.BAD_HANDLE : tcp.shutdown(h);
    }

    /**
     * Closes the connection (FIN after the queued data; a reset if received bytes were left unread). The handle is
     * invalid at once; onClosed(h, OK) follows in the next dispatch. OK or BAD_HANDLE.
     */
    public int close(int h) {
        int i = slotOf(h);
        if (i < 0) {
            return TcpReason.BAD_HANDLE;
        }
        tcp.close(h);
        appClosed[i] = true;
        return TcpReason.OK;
    }

    /** Resets the connection (RST); otherwise as {@link #close}. */
    public int abort(int h) {
        int i = slotOf(h);
        if (i < 0) {
            return TcpReason.BAD_HANDLE;
        }
        tcp.abort(h);
        appClosed[i] = true;
        return TcpReason.OK;
    }

    /** Bytes ready to read, or BAD_HANDLE. */
    public int readable(int h) {
        return slotOf(h) < 0 ? TcpReason.BAD_HANDLE : tcp.readable(h);
    }

    /** Bytes {@link #write} would take now, or BAD_HANDLE. */
    public int writable(int h) {
        return slotOf(h) < 0 ? TcpReason.BAD_HANDLE : tcp.writable(h);
    }

    /** RFC 9293 state ({@code TcpSocket.ESTABLISHED}...), or BAD_HANDLE. */
    public int state(int h) {
        return slotOf(h) < 0 ? TcpReason.BAD_HANDLE : tcp.state(h);
    }

    /** Connections the OEM holds. */
    public int connections() {
        int n = 0;
        for (int i = 0; i < conns.length; i++) {
            if (conns[i] >= 0 && !appClosed[i]) {
                n++;
            }
        }
        return n;
    }

    /** Connections reset at accept because the connection table was full. */
    public long refusedConnections() {
        return refused;
    }

    // ------------------------------------------------------------------ UDP

    /** Binds {@code port} (0: ephemeral); returns the socket handle or BIND_IN_USE, BIND_TABLE_FULL, BIND_BAD_PORT. */
    public int udpBind(int port, UdpListener callbacks) {
        if (callbacks == null) {
            return UdpStatus.BIND_BAD_PORT;
        }
        int h = udp.bind(port);
        if (h >= 0) {
            udpCallbacks[h] = callbacks;
        }
        return h;
    }

    /** Queues a datagram from socket {@code h} to {@code to}: len, or NOT_BOUND, SEND_TOO_LARGE, SEND_QUEUE_FULL... */
    @HotPath
    public int udpSend(int h, byte[] buf, int off, int len, UdpEndpoint to) {
        if (h < 0 || h >= udpCallbacks.length || udpCallbacks[h] == null) {
            return UdpStatus.NOT_BOUND;
        }
        return udp.socket(h).send(buf, off, len, to);
    }

    /** Unbinds socket {@code h}; OK or NOT_BOUND. */
    public int udpClose(int h) {
        if (h < 0 || h >= udpCallbacks.length || udpCallbacks[h] == null) {
            return UdpStatus.NOT_BOUND;
        }
        udpCallbacks[h] = null;
        return udp.close(h);
    }

    // ------------------------------------------------------------------ peers

    /** Sets (or clears, null) the peer up/down observer. */
    public void setPeerListener(PeerListener listener) {
        peerListener = listener;
    }

    /** Whether the peer in {@code slot} is up (see {@link PeerListener}). */
    public boolean isPeerUp(int slot) {
        return slot >= 0 && slot < peerUp.length && peerUp[slot];
    }

    @HotPath
    @Override
    public void handshakeCompleted(int slot, long nowMs) {
        if (slot >= 0 && slot < peerUp.length) {
            peerHandshake[slot] = nowMs;
            if (!peerUp[slot]) {
                peerUp[slot] = true;
                if (peerListener != null) {
                    peerListener.onPeerUp(slot, nowMs);
                }
            }
        }
        if (forward != null) {
            forward.handshakeCompleted(slot, nowMs);
        }
    }

    @HotPath
    @Override
    public void endpointChanged(int slot, byte[] endpoint, int off, int len, long nowMs) {
        if (forward != null) {
            forward.endpointChanged(slot, endpoint, off, len, nowMs);
        }
    }

    // ------------------------------------------------------------------ the loop's side

    @HotPath
    @Override
    public long nextDeadline(long nowMs) {
        if (moreWork || (executor != null && executor.pending() > 0)) {
            return nowMs;
        }
        long d = Long.MAX_VALUE;
        for (int s = 0; s < peerUp.length; s++) {
            if (peerUp[s]) {
                long down = peerHandshake[s] + WgConstants.REJECT_AFTER_TIME_MS;
                if (down < d) {
                    d = down;
                }
            }
        }
        return d;
    }

    /** Called by the services once per loop iteration (see the class comment); not for the OEM. */
    @HotPath
    @Override
    public void onIteration(long nowMs) {
        moreWork = false;
        if (executor != null && executor.drain(TASKS_PER_ITERATION) == TASKS_PER_ITERATION) {
            moreWork = true;
        }
        for (int s = 0; s < peerUp.length; s++) {
            if (peerUp[s] && nowMs - peerHandshake[s] >= WgConstants.REJECT_AFTER_TIME_MS) {
                peerUp[s] = false;
                if (peerListener != null) {
                    peerListener.onPeerDown(s, nowMs);
                }
            }
        }
        acceptAll();
        for (int i = 0; i < conns.length; i++) {
            if (conns[i] >= 0) {
                dispatch(i);
            }
        }
        for (int h = 0; h < udpCallbacks.length; h++) {
            if (udpCallbacks[h] != null) {
                receiveDatagrams(h);
            }
        }
    }

    @HotPath
    private void acceptAll() {
        for (int l = 0; l < listenIds.length; l++) {
            for (int k = 0; k < ACCEPTS_PER_ITERATION && listenIds[l] >= 0; k++) {
                int h = tcp.accept(listenIds[l]);
                if (h < 0) {
                    break;
                }
                int i = freeSlot();
                if (i < 0) {
                    refused++;
                    tcp.abort(h);
                } else {
                    conns[i] = h;
                    connCallbacks[i] = listenCallbacks[l];
                    rxSeen[i] = 0;
                    eofReported[i] = false;
                    wantWrite[i] = false;
                    appClosed[i] = false;
                    connecting[i] = false;
                    connCallbacks[i].onAccept(h);
                }
                if (k == ACCEPTS_PER_ITERATION - 1) {
                    moreWork = true;
                }
            }
        }
    }

    /** At most one readable, one writable, one closed callback for connection entry {@code i}. */
    @HotPath
    private void dispatch(int i) {
        int h = conns[i];
        TcpListener cb = connCallbacks[i];
        if (appClosed[i]) {
            free(i);
            cb.onClosed(h, TcpReason.OK);
            return;
        }
        int state = tcp.state(h);
        int error = tcp.error(h);
        if (state < 0) {
            free(i);
            cb.onClosed(h, state);
            return;
        }
        if (connecting[i] && error == 0) {
            if (state == TcpSocket.SYN_SENT || state == TcpSocket.SYN_RECEIVED) {
                return;
            }
            connecting[i] = false;
            cb.onAccept(h);
            if (conns[i] != h || appClosed[i]) {
                return;
            }
        }
        if (error == 0) {
            int avail = tcp.readable(h);
            boolean eof = avail == 0 && !eofReported[i] && finReceived(state);
            if (avail > rxSeen[i] || eof) {
                rxSeen[i] = avail;
                if (eof) {
                    eofReported[i] = true;
                }
                cb.onReadable(h);
                if (conns[i] != h || appClosed[i]) {
                    return;
                }
            }
            if (wantWrite[i] && tcp.writable(h) > 0) {
                wantWrite[i] = false;
                cb.onWritable(h);
                if (conns[i] != h || appClosed[i]) {
                    return;
                }
            }
        }
        if (state == TcpSocket.CLOSED && (error != 0 || (tcp.readable(h) <= 0 && eofReported[i]))) {
            tcp.close(h);
            free(i);
            cb.onClosed(h, error != 0 ? error : TcpReason.END_OF_STREAM);
        }
    }

    @HotPath
    private void receiveDatagrams(int h) {
        UdpSocket s = udp.socket(h);
        UdpListener cb = udpCallbacks[h];
        for (int k = 0; k < DATAGRAMS_PER_ITERATION; k++) {
            int n = s.recv(datagram, 0, datagram.length, from);
            if (n < 0) {
                return;
            }
            cb.onDatagram(h, datagram, 0, n, from);
            if (udpCallbacks[h] != cb) {
                return;
            }
        }
        if (s.canRecv()) {
            moreWork = true;
        }
    }

    private static boolean finReceived(int state) {
        return state == TcpSocket.CLOSE_WAIT || state == TcpSocket.LAST_ACK || state == TcpSocket.CLOSING
                || state == TcpSocket.TIME_WAIT || state == TcpSocket.CLOSED;
    }

    @HotPath
    private int slotOf(int h) {
        if (h < 0) {
            return -1;
        }
        for (int i = 0; i < conns.length; i++) {
            if (conns[i] == h && !appClosed[i]) {
                return i;
            }
        }
        return -1;
    }

    private int freeSlot() {
        for (int i = 0; i < conns.length; i++) {
            if (conns[i] < 0) {
                return i;
            }
        }
        return -1;
    }

    private void free(int i) {
        conns[i] = -1;
        connCallbacks[i] = null;
        appClosed[i] = false;
        connecting[i] = false;
    }
}
