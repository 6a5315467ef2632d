package io.tailnode.derp;

import io.tailnode.crypto.ConstantTime;
import io.tailnode.crypto.CryptoBox;
import io.tailnode.lang.Bytes;
import io.tailnode.lang.HotPath;
import io.tailnode.wg.WgRandom;

/**
 * One DERP connection (tailscale-protocol.md §3), sans-I/O, over the plaintext byte stream inside TLS.
 * <p>
 * Sequence: {@link #connect} queues {@code GET /derp} (Upgrade: DERP); every byte read from TLS goes to
 * {@link #receive}: first the 101 headers, then frames, which may follow in the same read (§9 pitfall 4).
 * ServerKey (magic + server key) → we queue ClientInfo = our node key, a random nonce and a NaCl box of
 * {@code {"version":2,"CanAckPings":true}} sealed with (node private, server key) → ServerInfo must open with the
 * same pair, then the connection is OPEN ({@link DerpListener#onConnected}). As Go's client does, packets may
 * be sent right after ClientInfo. The driver writes {@link #outputBuffer}[0..{@link #outputLength}) to TLS and
 * {@link #consumeOutput}s what it wrote, and calls {@link #poll} at {@link #nextDeadline}.
 * <p>
 * Server frames: RecvPacket → {@link DerpListener#onPacket}; Ping → Pong queued; KeepAlive (every 60 s) only
 * refreshes liveness: nothing received for {@code keepAliveTimeoutMs} (120 s, two missed) closes with
 * KEEPALIVE_TIMEOUT; PeerGone, Health, Pong go to the listener; Restarting → after the transport closes, the
 * reconnect deadline is the advertised delay, and failures within the advertised try-for window retry at the
 * initial backoff. Mesh frames and unknown types are ignored (counted); client-only types from the server, a
 * second ServerKey, frames before ServerKey, a truncated frame, a bad magic, a frame over 1 MiB or a ServerInfo
 * that does not open are forged or corrupt: {@code receive} returns the {@link DerpReason}, the connection is
 * CLOSED (queued output dropped) and the driver must drop TLS and reconnect at {@link #reconnectAt} (backoff
 * doubling from 1 s to 30 s, reset on login). Frames larger than the receive buffer but within 1 MiB are skipped
 * and counted ({@link #oversizeSkipped}), not buffered.
 * <p>
 * Memory: receive buffer 5 + 32 + maxPacket, output buffer, health text buffer; no allocation after construction
 * (one X25519 per connection, none per packet). A frame that arrives whole inside one {@code receive} call is
 * decoded in place, without a copy. Not thread-safe.
 */
public final class DerpClient {
    public static final int STATE_IDLE = 0;
    public static final int STATE_UPGRADING = 1;
    public static final int STATE_AWAIT_SERVER_KEY = 2;
    public static final int STATE_AWAIT_SERVER_INFO = 3;
    public static final int STATE_OPEN = 4;
    public static final int STATE_CLOSED = 5;

    /** 60 s keep-alive interval, two missed (§3.2). */
    public static final long KEEPALIVE_TIMEOUT_MS = 120000L;
    public static final long HANDSHAKE_TIMEOUT_MS = 15000L;
    public static final long BACKOFF_INITIAL_MS = 1000L;
    public static final long BACKOFF_MAX_MS = 30000L;

    private static final byte[] CLIENT_INFO_JSON = DerpUpgradeRequest.ascii("{\"version\":2,\"CanAckPings\":true}");
    private static final int SERVER_INFO_MAX = 512;

    private final CryptoBox box;
    private final WgRandom random;
    private final DerpListener listener;
    private final DerpUpgradeResponse http = new DerpUpgradeResponse(256, 4096);
    private final DerpFrameView view = new DerpFrameView();
    private final int maxPacket;
    private final byte[] nodePrivate = new byte[32];
    private final byte[] nodePublic = new byte[32];
    private final byte[] serverKey = new byte[32];
    private final byte[] shared = new byte[32];
    private final byte[] nonce = new byte[DerpWire.NONCE];
    private final byte[] serverInfo = new byte[SERVER_INFO_MAX];
    private final byte[] rx;
    private final byte[] tx;
    private final byte[] health;
    private int rxHave;
    private int rxNeed;
    private int skipRemaining;
    private int txLen;
    private int healthLength;
    private int serverInfoLength;
    private int state = STATE_IDLE;
    private int closeReason;
    private boolean hasKeys;
    private boolean restartPending;
    private long restartAt;
    private long restartTryUntil = Long.MIN_VALUE;
    private long lastRxMs;
    private long handshakeDeadline;
    private long reconnectAt;
    private long backoffMs = BACKOFF_INITIAL_MS;
    private long keepAliveTimeoutMs = KEEPALIVE_TIMEOUT_MS;
    private long packetsReceived;
    private long packetsSent;
    private long oversizeSkipped;
    private long ignoredFrames;
    private long pongsDropped;
    private long connects;

    /**
     * @param maxPacket   largest packet sent or received (e.g. 1500 for WireGuard over a 1280 MTU, at most 64 KiB);
     *                    larger received packets are skipped
     * @param txCapacity  output buffer (at least 1024; room for a few packets while TLS is slow)
     * @param healthCapacity bytes of Health text kept
     */
    public DerpClient(CryptoBox box, WgRandom random, DerpListener listener, int maxPacket, int txCapacity,
            int healthCapacity) {
        if (box == null || random == null || listener == null) {
            throw new IllegalArgumentException("null argument");
        }
        if (maxPacket < 64 || maxPacket > DerpWire.MAX_PACKET || txCapacity < 1024 || healthCapacity < 0) {
            throw new IllegalArgumentException("bad capacity");
        }
        this.box = box;
        this.random = random;
        this.listener = listener;
        this.maxPacket = maxPacket;
        rx = new byte[Math.max(DerpWire.HEADER + DerpWire.KEY + maxPacket, SERVER_INFO_MAX + 64)];
        tx = new byte[Math.max(txCapacity, DerpWire.HEADER + DerpWire.KEY + maxPacket)];
        health = new byte[healthCapacity];
    }

    /** Our node key pair (= the WireGuard static key, §1); copied. Call before {@link #connect}. */
    public void setNodeKey(byte[] priv, int privOff, byte[] pub, int pubOff) {
        System.arraycopy(priv, privOff, nodePrivate, 0, 32);
        System.arraycopy(pub, pubOff, nodePublic, 0, 32);
        hasKeys = true;
    }

    /** For tests and tuning: the silence after which the connection counts as dead (default 120 s). */
    public void setKeepAliveTimeout(long ms) {
        keepAliveTimeoutMs = ms;
    }

    /**
     * Starts a connection on a fresh TLS stream: forgets everything of the previous one and queues the upgrade
     * request for {@code host} (the DERP node's HostName; HTTP Host header). Returns OK, BAD_ARGUMENT (host) or
     * BAD_STATE (no node key yet, or a connection is live: close it first).
     */
    @HotPath
    public int connect(byte[] host, int hostOff, int hostLen, long nowMs) {
        if (!hasKeys || (state != STATE_IDLE && state != STATE_CLOSED)) {
            return DerpReason.BAD_STATE;
        }
        int n = DerpUpgradeRequest.write(host, hostOff, hostLen, tx, 0, tx.length);
        if (n < 0) {
            return n;
        }
        txLen = n;
        http.reset();
        rxHave = 0;
        rxNeed = 0;
        skipRemaining = 0;
        healthLength = 0;
        serverInfoLength = 0;
        closeReason = 0;
        Bytes.wipe(serverKey, 0, 32);
        lastRxMs = nowMs;
        handshakeDeadline = nowMs + HANDSHAKE_TIMEOUT_MS;
        state = STATE_UPGRADING;
        connects++;
        return DerpReason.OK;
    }

    /**
     * Bytes read from the TLS stream. Returns {@code len}, or a negative {@link DerpReason} that closed the
     * connection (CLOSED if it was already closed, BAD_STATE before {@link #connect}).
     */
    @HotPath
    public int receive(byte[] buf, int off, int len, long nowMs) {
        if (state == STATE_CLOSED) {
            return DerpReason.CLOSED;
        }
        if (state == STATE_IDLE) {
            return DerpReason.BAD_STATE;
        }
        lastRxMs = nowMs;
        int i = 0;
        if (state == STATE_UPGRADING) {
            int r = http.receive(buf, off, len);
            if (r < 0) {
                return close(r, nowMs);
            }
            if (http.state() != DerpUpgradeResponse.STATE_DONE) {
                return len;
            }
            i = r;
            state = STATE_AWAIT_SERVER_KEY;
        }
        while (i < len) {
            if (skipRemaining > 0) {
                int k = Math.min(skipRemaining, len - i);
                skipRemaining -= k;
                i += k;
                continue;
            }
            if (rxHave == 0 && len - i >= DerpWire.HEADER) {
                // Fast path: a whole frame inside this read is decoded where it lies.
                int c = view.point(buf, off + i, len - i).check();
                if (c < 0) {
                    return close(c, nowMs);
                }
                if (c > 0 && c <= rx.length) {
                    int r = frame(nowMs);
                    if (r < 0) {
                        return close(r, nowMs);
                    }
                    if (state == STATE_CLOSED) {
                        return closeReason;
                    }
                    i += c;
                    continue;
                }
            }
            if (rxHave < DerpWire.HEADER) {
                int k = Math.min(DerpWire.HEADER - rxHave, len - i);
                System.arraycopy(buf, off + i, rx, rxHave, k);
                rxHave += k;
                i += k;
                if (rxHave < DerpWire.HEADER) {
                    continue;
                }
                int c = view.point(rx, 0, rxHave).check();
                if (c < 0) {
                    return close(c, nowMs);
                }
                int payload = Bytes.getIntBE(rx, 1);
                rxNeed = DerpWire.HEADER + payload;
                if (rxNeed > rx.length) {
                    // Too big for us but legal: skip it rather than buffer it.
                    oversizeSkipped++;
                    skipRemaining = payload;
                    rxHave = 0;
                    continue;
                }
            }
            int k = Math.min(rxNeed - rxHave, len - i);
            System.arraycopy(buf, off + i, rx, rxHave, k);
            rxHave += k;
            i += k;
            if (rxHave == rxNeed) {
                int c = view.point(rx, 0, rxHave).check();
                rxHave = 0;
                if (c < 0) {
                    return close(c, nowMs);
                }
                int r = frame(nowMs);
                if (r < 0) {
                    return close(r, nowMs);
                }
            }
        }
        return len;
    }

    /** Handles the frame {@link #view} points at (already checked). */
    @HotPath
    private int frame(long nowMs) {
        int type = view.type();
        if (state == STATE_AWAIT_SERVER_KEY && type != DerpWire.SERVER_KEY) {
            return DerpReason.UNEXPECTED_FRAME;
        }
        byte[] b = view.buffer();
        switch (type) {
            case DerpWire.SERVER_KEY:
                return serverKeyFrame(b, view.keyOffset());
            case DerpWire.SERVER_INFO:
                return serverInfoFrame(b, view.payloadOffset(), view.payloadLength());
            case DerpWire.RECV_PACKET:
                packetsReceived++;
                listener.onPacket(b, view.keyOffset(), b, view.packetOffset(), view.packetLength());
                return DerpReason.OK;
            case DerpWire.KEEP_ALIVE:
                return DerpReason.OK;
            case DerpWire.PING:
                if (queuePing(DerpWire.PONG, b, view.payloadOffset()) < 0) {
                    pongsDropped++;
                }
                return DerpReason.OK;
            case DerpWire.PONG:
                listener.onPong(b, view.payloadOffset());
                return DerpReason.OK;
            case DerpWire.PEER_GONE:
                listener.onPeerGone(b, view.keyOffset(), view.peerGoneReason());
                return DerpReason.OK;
            case DerpWire.HEALTH:
                healthLength = Math.min(view.payloadLength(), health.length);
                System.arraycopy(b, view.payloadOffset(), health, 0, healthLength);
                listener.onHealth(health, 0, healthLength);
                return DerpReason.OK;
            case DerpWire.RESTARTING:
                restartPending = true;
                restartAt = nowMs + view.restartReconnectInMs();
                restartTryUntil = restartAt + view.restartTryForMs();
                listener.onRestarting(view.restartReconnectInMs(), view.restartTryForMs());
                return DerpReason.OK;
            case DerpWire.CLIENT_INFO:
            case DerpWire.SEND_PACKET:
            case DerpWire.NOTE_PREFERRED:
                // Client-to-server types coming from the server: not a server we understand.
                return DerpReason.UNEXPECTED_FRAME;
            default:
                // Mesh frames (PeerPresent, ForwardPacket, WatchConns, ClosePeer) and future types.
                ignoredFrames++;
                return DerpReason.OK;
        }
    }

    @HotPath
    private int serverKeyFrame(byte[] b, int keyOff) {
        if (state != STATE_AWAIT_SERVER_KEY) {
            return DerpReason.UNEXPECTED_FRAME;
        }
        if (http.hasServerKey() && !ConstantTime.equals(http.serverKey(), 0, b, keyOff, 32)) {
            return DerpReason.SERVER_KEY_MISMATCH;
        }
        System.arraycopy(b, keyOff, serverKey, 0, 32);
        if (!box.beforenm(shared, 0, serverKey, 0, nodePrivate, 0)) {
            return DerpReason.BAD_SERVER_KEY;
        }
        int boxLen = CLIENT_INFO_JSON.length + CryptoBox.MAC_BYTES;
        int payload = DerpWire.KEY + DerpWire.NONCE + boxLen;
        if (tx.length - txLen < DerpWire.HEADER + payload) {
            // The driver never drained the upgrade request: the stream is not moving.
            return DerpReason.UNEXPECTED_FRAME;
        }
        random.nextBytes(nonce, 0, DerpWire.NONCE);
        int o = txLen;
        DerpWire.writeHeader(tx, o, DerpWire.CLIENT_INFO, payload);
        o += DerpWire.HEADER;
        System.arraycopy(nodePublic, 0, tx, o, 32);
        o += 32;
        System.arraycopy(nonce, 0, tx, o, DerpWire.NONCE);
        o += DerpWire.NONCE;
        box.sealAfternm(shared, 0, nonce, 0, CLIENT_INFO_JSON, 0, CLIENT_INFO_JSON.length, tx, o);
        txLen = o + boxLen;
        state = STATE_AWAIT_SERVER_INFO;
        return DerpReason.OK;
    }

    @HotPath
    private int serverInfoFrame(byte[] b, int off, int len) {
        if (state != STATE_AWAIT_SERVER_INFO) {
            return DerpReason.UNEXPECTED_FRAME;
        }
        int boxLen = len - DerpWire.NONCE;
        if (boxLen - CryptoBox.MAC_BYTES > serverInfo.length) {
            return DerpReason.BAD_SERVER_INFO;
        }
        int n = box.openAfternm(shared, 0, b, off, b, off + DerpWire.NONCE, boxLen, serverInfo, 0);
        if (n < 0) {
            return DerpReason.BAD_SERVER_INFO;
        }
        serverInfoLength = n;
        state = STATE_OPEN;
        backoffMs = BACKOFF_INITIAL_MS;
        restartPending = false;
        restartTryUntil = Long.MIN_VALUE;
        listener.onConnected();
        return DerpReason.OK;
    }

    /**
     * Queues SendPacket(dst, pkt). OK; WOULD_BLOCK (output full: nothing queued); TOO_LARGE (over maxPacket);
     * BAD_STATE (before ClientInfo went out, or closed).
     */
    @HotPath
    public int send(byte[] dst, int dstOff, byte[] pkt, int off, int len) {
        if (state != STATE_OPEN && state != STATE_AWAIT_SERVER_INFO) {
            return DerpReason.BAD_STATE;
        }
        if (len < 0 || len > maxPacket) {
            return DerpReason.TOO_LARGE;
        }
        int n = DerpWire.writeSendPacket(tx, txLen, tx.length - txLen, dst, dstOff, pkt, off, len);
        if (n < 0) {
            return n;
        }
        txLen += n;
        packetsSent++;
        return DerpReason.OK;
    }

    /** Queues NotePreferred (true: this is our home region). OK, WOULD_BLOCK, BAD_STATE. */
    @HotPath
    public int notePreferred(boolean preferred) {
        if (state != STATE_OPEN && state != STATE_AWAIT_SERVER_INFO) {
            return DerpReason.BAD_STATE;
        }
        int n = DerpWire.writeNotePreferred(tx, txLen, tx.length - txLen, preferred);
        if (n < 0) {
            return n;
        }
        txLen += n;
        return DerpReason.OK;
    }

    /** Queues a Ping with data[off..+8); the Pong comes to {@link DerpListener#onPong}. OK, WOULD_BLOCK, BAD_STATE. */
    @HotPath
    public int ping(byte[] data, int off) {
        if (state != STATE_OPEN && state != STATE_AWAIT_SERVER_INFO) {
            return DerpReason.BAD_STATE;
        }
        return queuePing(DerpWire.PING, data, off);
    }

    @HotPath
    private int queuePing(int type, byte[] data, int off) {
        int n = DerpWire.writePing(tx, txLen, tx.length - txLen, type, data, off);
        if (n < 0) {
            return n;
        }
        txLen += n;
        return DerpReason.OK;
    }

    /**
     * Time has passed: closes a login that took longer than 15 s (HANDSHAKE_TIMEOUT) or an open connection
     * silent for the keep-alive timeout (KEEPALIVE_TIMEOUT). Returns OK or that reason.
     */
    @HotPath
    public int poll(long nowMs) {
        if (state == STATE_UPGRADING || state == STATE_AWAIT_SERVER_KEY || state == STATE_AWAIT_SERVER_INFO) {
            if (nowMs >= handshakeDeadline) {
                return close(DerpReason.HANDSHAKE_TIMEOUT, nowMs);
            }
        } else if (state == STATE_OPEN && nowMs - lastRxMs >= keepAliveTimeoutMs) {
            return close(DerpReason.KEEPALIVE_TIMEOUT, nowMs);
        }
        return DerpReason.OK;
    }

    /** When {@link #poll} (or, once CLOSED, a reconnect) is next due; Long.MAX_VALUE when idle. */
    public long nextDeadline() {
        switch (state) {
            case STATE_UPGRADING:
            case STATE_AWAIT_SERVER_KEY:
            case STATE_AWAIT_SERVER_INFO:
                return handshakeDeadline;
            case STATE_OPEN:
                return lastRxMs + keepAliveTimeoutMs;
            case STATE_CLOSED:
                return reconnectAt;
            default:
                return Long.MAX_VALUE;
        }
    }

    /**
     * The driver could not open the TLS stream (TCP refused, handshake or certificate failure, dial timeout, or a
     * node it must not dial): CLOSED with TRANSPORT_CLOSED, and the next attempt is due at {@link #reconnectAt}
     * with the same growing backoff as a dropped connection. BAD_STATE while a connection is live.
     */
    @HotPath
    public int dialFailed(long nowMs) {
        if (state != STATE_IDLE && state != STATE_CLOSED) {
            return DerpReason.BAD_STATE;
        }
        return close(DerpReason.TRANSPORT_CLOSED, nowMs);
    }

    /**
     * The driver saw TLS/TCP end (EOF, error, or it closed the socket itself). Closes with SERVER_RESTARTING if
     * the server had announced a restart, else TRANSPORT_CLOSED; no effect when already closed or idle.
     */
    @HotPath
    public int transportClosed(long nowMs) {
        if (state == STATE_CLOSED || state == STATE_IDLE) {
            return closeReason;
        }
        return close(restartPending ? DerpReason.SERVER_RESTARTING : DerpReason.TRANSPORT_CLOSED, nowMs);
    }

    /**
     * The driver closed a healthy connection on purpose (the device's own address changed, so its TCP socket is
     * dead behind a NAT): the next attempt is due now, not after the backoff. No effect unless CLOSED.
     */
    public void redialNow(long nowMs) {
        if (state == STATE_CLOSED) {
            reconnectAt = nowMs;
        }
    }

    @HotPath
    private int close(int reason, long nowMs) {
        state = STATE_CLOSED;
        closeReason = reason;
        txLen = 0;
        rxHave = 0;
        skipRemaining = 0;
        Bytes.wipe(shared, 0, 32);
        if (restartPending) {
            // First close after Restarting: come back when the server said.
            restartPending = false;
            reconnectAt = Math.max(restartAt, nowMs);
        } else if (nowMs < restartTryUntil) {
            // Within the advertised try-for window the server is expected back soon: no growing backoff.
            reconnectAt = nowMs + BACKOFF_INITIAL_MS;
        } else {
            reconnectAt = nowMs + backoffMs;
            backoffMs = Math.min(backoffMs * 2, BACKOFF_MAX_MS);
        }
        return reason;
    }

    /** Bytes to write to TLS are outputBuffer()[0..outputLength()). */
    public byte[] outputBuffer() {
        return tx;
    }

    public int outputLength() {
        return txLen;
    }

    /** The driver wrote the first {@code n} output bytes. */
    @HotPath
    public void consumeOutput(int n) {
        if (n <= 0) {
            return;
        }
        if (n >= txLen) {
            txLen = 0;
            return;
        }
        System.arraycopy(tx, n, tx, 0, txLen - n);
        txLen -= n;
    }

    public int state() {
        return state;
    }

    /** Why the connection closed (a negative {@link DerpReason}), 0 before. */
    public int closeReason() {
        return closeReason;
    }

    /** Earliest time to {@link #connect} again after a close. */
    public long reconnectAt() {
        return reconnectAt;
    }

    /** The server's public key (valid from STATE_AWAIT_SERVER_INFO on). */
    public void serverKey(byte[] out, int off) {
        System.arraycopy(serverKey, 0, out, off, 32);
    }

    /** Last Health text (empty: healthy). */
    public int health(byte[] out, int off, int cap) {
        int n = Math.min(cap, healthLength);
        System.arraycopy(health, 0, out, off, n);
        return n;
    }

    public int healthLength() {
        return healthLength;
    }

    /** The opened ServerInfo JSON (copied out), e.g. {@code {"version":2,...}}. */
    public int serverInfo(byte[] out, int off, int cap) {
        int n = Math.min(cap, serverInfoLength);
        System.arraycopy(serverInfo, 0, out, off, n);
        return n;
    }

    public long packetsReceived() {
        return packetsReceived;
    }

    public long packetsSent() {
        return packetsSent;
    }

    public long oversizeSkipped() {
        return oversizeSkipped;
    }

    public long ignoredFrames() {
        return ignoredFrames;
    }

    public long pongsDropped() {
        return pongsDropped;
    }

    public long connects() {
        return connects;
    }
}
