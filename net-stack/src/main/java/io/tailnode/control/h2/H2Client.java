package io.tailnode.control.h2;

import io.tailnode.lang.HotPath;

/**
 * HTTP/2 client connection state machine (RFC 9113: §3.4 preface, §4 framing, §5.1 stream states, §5.4 error
 * handling, §6 frames, §6.9 flow control) over a byte stream, sans-I/O. Read RFC 9113 §5 and §6.9 before
 * editing.
 *
 * <p>Driving it: construct (the preface, our SETTINGS and a connection WINDOW_UPDATE are queued); feed every
 * decrypted byte to {@link #receive} (frames may be split anywhere; each is parsed as it arrives, with no
 * frame-sized buffer: {@code H2Inbound}); after each receive, read, send or open call {@link #poll} until it
 * returns 0 and write those bytes to the channel. Events arrive on the {@link H2Listener} during {@code receive}. No clock is needed:
 * settings and ping timeouts belong to the caller (map watchdog).
 *
 * <p>Our SETTINGS: HEADER_TABLE_SIZE = {@link H2Config#headerTableSize}, ENABLE_PUSH = 0, INITIAL_WINDOW_SIZE =
 * {@link H2Config#streamWindow} (= each stream's receive buffer), MAX_FRAME_SIZE = {@link H2Config#maxFrameSize},
 * MAX_HEADER_LIST_SIZE = {@link H2Config#headerListBytes}. MAX_CONCURRENT_STREAMS is not sent: it limits
 * server-initiated streams, which ENABLE_PUSH = 0 already forbids. The connection receive window is raised to
 * the total of the stream buffers plus half a stream window when that exceeds 65,535.
 *
 * <p>Receiving ({@link H2Inbound}): DATA is copied into the stream's buffer; {@link #read} takes it out and credits both windows;
 * {@link #poll} emits WINDOW_UPDATE once half a window is credited (proactive, so the long poll never stalls).
 * Any connection error returns a negative {@link H2Reason}, queues GOAWAY with the matching error code and
 * leaves the client in {@link #STATE_ERROR}, where {@code receive} refuses everything. A frame rejected by a
 * check delivers no event and changes no stream. Stream errors (zero or overflowing stream WINDOW_UPDATE) reset
 * just that stream. Not thread-safe: one thread drives a client.
 */
public final class H2Client {
    public static final int STATE_OPEN = 0;
    /** GOAWAY received or sent: existing streams continue, no new ones. */
    public static final int STATE_GOING_AWAY = 1;
    /** A connection error: GOAWAY queued, input refused. */
    public static final int STATE_ERROR = 2;

    /** Flags reported by {@link #streamFlags}. */
    public static final int STREAM_LOCAL_END = H2Streams.LOCAL_END;
    public static final int STREAM_REMOTE_END = H2Streams.REMOTE_END;
    public static final int STREAM_HEADERS_SEEN = H2Streams.HEADERS_SEEN;

    private static final int SETTINGS_WE_SEND = 5;

    private final H2Streams streams;
    private final H2Tx tx;
    private final H2Inbound inbound;
    private final HpackEncoder encoder = new HpackEncoder();
    private final byte[] requestBlock;
    private final int connWindowTarget;
    private final int connCreditThreshold;
    /** Our SETTINGS values, kept to write the opening again after {@link #reset}. */
    private final int settingHeaderTable;
    private final int settingWindow;
    private final int settingFrame;
    private final int settingHeaderList;
    private int nextStreamId = 1;

    // Connection state shared with H2Inbound (package-private for that reason only).
    int state = STATE_OPEN;
    int lastError;
    boolean settingsReceived;
    boolean settingsAcked;
    int lastOpenedId;
    int goAwayLastStreamId = -1;
    int goAwayErrorCode;
    int peerMaxFrameSize = H2Constants.DEFAULT_MAX_FRAME_SIZE;
    int peerInitialWindow = H2Constants.DEFAULT_WINDOW;
    int peerMaxStreams = Integer.MAX_VALUE;
    int peerMaxHeaderList = Integer.MAX_VALUE;
    int connSendWindow = H2Constants.DEFAULT_WINDOW;
    int connRecvWindow;
    int connPendingCredit;

    public H2Client(H2Config config, H2Listener listener) {
        if (config.maxStreams < 1 || config.streamWindow < 1 || config.maxFrameSize < H2Constants.DEFAULT_MAX_FRAME_SIZE
                || config.maxFrameSize > H2Constants.MAX_MAX_FRAME_SIZE || config.headerTableSize < 0
                || config.txBytes < 2 * H2Tx.DATA_RESERVE || config.maxHeaderBlock < 1 || listener == null) {
            throw new IllegalArgumentException("bad H2Config");
        }
        streams = new H2Streams(config.maxStreams, config.streamWindow);
        tx = new H2Tx(config.txBytes);
        inbound = new H2Inbound(this, listener, streams, tx, config);
        requestBlock = new byte[config.requestBlockBytes];
        // Unread data (at most every stream buffer) plus credit not yet returned (below connCreditThreshold) must
        // fit in the connection window, or one unread stream could stall the others.
        connCreditThreshold = Math.max(1, config.streamWindow / 2);
        long total = (long) config.maxStreams * config.streamWindow + connCreditThreshold;
        connWindowTarget = (int) Math.min(H2Constants.MAX_WINDOW, Math.max(H2Constants.DEFAULT_WINDOW, total));
        connRecvWindow = connWindowTarget;
        settingHeaderTable = config.headerTableSize;
        settingWindow = config.streamWindow;
        settingFrame = config.maxFrameSize;
        settingHeaderList = config.headerListBytes;
        writeOpening();
    }

    /**
     * Back to a fresh connection without allocating (the control client reconnects with the same object): every
     * stream, queued byte, partial frame and HPACK entry is dropped, the preface and SETTINGS are queued again.
     */
    public void reset() {
        streams.clear();
        tx.clear();
        inbound.reset();
        nextStreamId = 1;
        state = STATE_OPEN;
        lastError = 0;
        settingsReceived = false;
        settingsAcked = false;
        lastOpenedId = 0;
        goAwayLastStreamId = -1;
        goAwayErrorCode = 0;
        peerMaxFrameSize = H2Constants.DEFAULT_MAX_FRAME_SIZE;
        peerInitialWindow = H2Constants.DEFAULT_WINDOW;
        peerMaxStreams = Integer.MAX_VALUE;
        peerMaxHeaderList = Integer.MAX_VALUE;
        connSendWindow = H2Constants.DEFAULT_WINDOW;
        connRecvWindow = connWindowTarget;
        connPendingCredit = 0;
        writeOpening();
    }

    private void writeOpening() {
        byte[] b = tx.buf();
        int at = tx.reserve(H2Constants.PREFACE_LENGTH + FrameHeader.SIZE + 6 * SETTINGS_WE_SEND, 0);
        H2Constants.writePreface(b, at);
        at += H2Constants.PREFACE_LENGTH;
        FrameHeader.write(b, at, 6 * SETTINGS_WE_SEND, H2Constants.TYPE_SETTINGS, 0, 0);
        at += FrameHeader.SIZE;
        at = setting(b, at, H2Constants.SETTINGS_HEADER_TABLE_SIZE, settingHeaderTable);
        at = setting(b, at, H2Constants.SETTINGS_ENABLE_PUSH, 0);
        at = setting(b, at, H2Constants.SETTINGS_INITIAL_WINDOW_SIZE, settingWindow);
        at = setting(b, at, H2Constants.SETTINGS_MAX_FRAME_SIZE, settingFrame);
        setting(b, at, H2Constants.SETTINGS_MAX_HEADER_LIST_SIZE, settingHeaderList);
        if (connWindowTarget > H2Constants.DEFAULT_WINDOW) {
            tx.frame32(H2Constants.TYPE_WINDOW_UPDATE, 0, 0, connWindowTarget - H2Constants.DEFAULT_WINDOW, 0);
        }
    }

    private int setting(byte[] b, int at, int id, int value) {
        b[at] = (byte) (id >>> 8);
        b[at + 1] = (byte) id;
        tx.putInt(at + 2, value);
        return at + 6;
    }

    // ------------------------------------------------------------------ input

    /**
     * Consumes decrypted channel bytes. Returns {@code len} (everything is consumed or buffered), or a negative
     * {@link H2Reason} after a connection error (then and on every later call).
     */
    @HotPath
    public int receive(byte[] buf, int off, int len) {
        return inbound.receive(buf, off, len);
    }

    /** Enters the error state once, queuing GOAWAY with the reason's RFC 9113 §7 code; returns the first reason. */
    @HotPath
    int fail(int reason) {
        if (state != STATE_ERROR) {
            state = STATE_ERROR;
            lastError = reason;
            // We accept no server streams, so the last peer-initiated stream we processed is always 0.
            tx.goAway(0, H2Reason.errorCode(reason));
        }
        return lastError;
    }

    /** Frees a stream once both sides ended and the application has read everything. */
    @HotPath
    void releaseIfDone(int sid) {
        int slot = streams.slotOf(sid);
        if (slot >= 0 && (streams.flags[slot] & (H2Streams.LOCAL_END | H2Streams.REMOTE_END))
                == (H2Streams.LOCAL_END | H2Streams.REMOTE_END) && streams.buffered(slot) == 0) {
            streams.release(slot);
        }
    }

    // ------------------------------------------------------------------ output

    /**
     * Moves queued bytes (after adding due WINDOW_UPDATEs) into {@code out}; returns the count, 0 when idle.
     * Call until it returns 0 after every other call.
     */
    @HotPath
    public int poll(byte[] out, int off, int cap) {
        if (state != STATE_ERROR) {
            flushCredits();
        }
        return tx.poll(out, off, cap);
    }

    /** Bytes queued for {@link #poll}. */
    public int pending() {
        return tx.pending();
    }

    /** WINDOW_UPDATE for credits of at least half a window (connection and each stream still receiving). */
    @HotPath
    private void flushCredits() {
        if (connPendingCredit >= connCreditThreshold
                && tx.frame32(H2Constants.TYPE_WINDOW_UPDATE, 0, 0, connPendingCredit, H2Tx.GOAWAY_SIZE)) {
            connRecvWindow += connPendingCredit;
            connPendingCredit = 0;
        }
        int half = streams.ringSize() / 2;
        for (int s = 0; s < streams.capacity(); s++) {
            int credit = streams.pendingCredit[s];
            if (streams.id(s) == 0 || credit == 0 || credit < half
                    || (streams.flags[s] & H2Streams.REMOTE_END) != 0) {
                continue;
            }
            if (tx.frame32(H2Constants.TYPE_WINDOW_UPDATE, 0, streams.id(s), credit, H2Tx.GOAWAY_SIZE)) {
                streams.recvWindow[s] += credit;
                streams.pendingCredit[s] = 0;
            }
        }
    }

    /**
     * Starts a request header block and returns the encoder to fill it (pseudo-headers first: :method,
     * :scheme, :path, :authority; then lowercase fields). Finish with {@link #openStream(boolean)}.
     */
    @HotPath
    public HpackEncoder beginRequest() {
        return encoder.reset(requestBlock, 0, requestBlock.length);
    }

    /**
     * Opens a stream with the block from {@link #beginRequest()}: HEADERS, plus CONTINUATION frames when the
     * block exceeds the server's SETTINGS_MAX_FRAME_SIZE. {@code endStream} for a request without body.
     * Returns the new odd stream id, or {@link H2Reason#GOING_AWAY}, {@link H2Reason#NO_STREAM_SLOT},
     * {@link H2Reason#PEER_STREAM_LIMIT}, {@link H2Reason#REQUEST_TOO_LARGE}, {@link H2Reason#TX_FULL}, or the
     * connection error; nothing is queued on failure.
     */
    @HotPath
    public int openStream(boolean endStream) {
        if (state == STATE_ERROR) {
            return lastError;
        }
        if (state == STATE_GOING_AWAY || nextStreamId < 0) {
            return H2Reason.GOING_AWAY;
        }
        if (encoder.overflowed()) {
            return H2Reason.REQUEST_TOO_LARGE;
        }
        if (streams.open() >= peerMaxStreams) {
            return H2Reason.PEER_STREAM_LIMIT;
        }
        int slot = streams.freeSlot();
        if (slot < 0) {
            return H2Reason.NO_STREAM_SLOT;
        }
        int len = encoder.length();
        int frames = len == 0 ? 1 : (len + peerMaxFrameSize - 1) / peerMaxFrameSize;
        int at = tx.reserve(len + frames * FrameHeader.SIZE, H2Tx.DATA_RESERVE);
        if (at < 0) {
            return H2Reason.TX_FULL;
        }
        int sid = nextStreamId;
        byte[] b = tx.buf();
        int done = 0;
        for (int f = 0; f < frames; f++) {
            int chunk = Math.min(peerMaxFrameSize, len - done);
            int flags = f == frames - 1 ? H2Constants.FLAG_END_HEADERS : 0;
            if (f == 0 && endStream) {
                flags |= H2Constants.FLAG_END_STREAM; // END_STREAM lives on HEADERS, never CONTINUATION (§6.10)
            }
            FrameHeader.write(b, at, chunk, f == 0 ? H2Constants.TYPE_HEADERS : H2Constants.TYPE_CONTINUATION, flags, sid);
            System.arraycopy(requestBlock, done, b, at + FrameHeader.SIZE, chunk);
            at += FrameHeader.SIZE + chunk;
            done += chunk;
        }
        streams.allocate(slot, sid, peerInitialWindow);
        if (endStream) {
            streams.flags[slot] |= H2Streams.LOCAL_END;
        }
        lastOpenedId = sid;
        nextStreamId = sid + 2; // becomes negative after 2^31-1: ids exhausted (§5.1.1)
        return sid;
    }

    /**
     * Queues request body bytes as DATA frames, as many as the stream and connection send windows, the server's
     * frame size and the transmit buffer allow. Returns the number of bytes accepted (possibly 0: poll, receive
     * WINDOW_UPDATE, retry), or {@link H2Reason#NOT_OPEN}. {@code endStream} takes effect only when all
     * {@code len} bytes were accepted (an empty DATA frame carries it when {@code len == 0}).
     */
    @HotPath
    public int send(int streamId, byte[] buf, int off, int len, boolean endStream) {
        if (state == STATE_ERROR) {
            return lastError;
        }
        int slot = streams.slotOf(streamId);
        if (slot < 0 || (streams.flags[slot] & H2Streams.LOCAL_END) != 0) {
            return H2Reason.NOT_OPEN;
        }
        int done = 0;
        byte[] b = tx.buf();
        while (true) {
            int window = Math.min(streams.sendWindow[slot], connSendWindow);
            int chunk = Math.min(Math.min(len - done, Math.max(0, window)), peerMaxFrameSize);
            chunk = Math.min(chunk, tx.room(H2Tx.DATA_RESERVE) - FrameHeader.SIZE);
            boolean last = done + chunk == len;
            if (chunk <= 0 && !(last && endStream && len == done)) {
                break;
            }
            int at = tx.reserve(FrameHeader.SIZE + chunk, H2Tx.DATA_RESERVE);
            if (at < 0) {
                break;
            }
            int flags = last && endStream ? H2Constants.FLAG_END_STREAM : 0;
            FrameHeader.write(b, at, chunk, H2Constants.TYPE_DATA, flags, streamId);
            System.arraycopy(buf, off + done, b, at + FrameHeader.SIZE, chunk);
            done += chunk;
            streams.sendWindow[slot] -= chunk;
            connSendWindow -= chunk;
            if (last) {
                if (endStream) {
                    streams.flags[slot] |= H2Streams.LOCAL_END;
                    releaseIfDone(streamId);
                }
                break;
            }
        }
        return done;
    }

    /**
     * Copies up to {@code len} received body bytes of the stream; returns the count (0 when none is buffered)
     * or {@link H2Reason#NOT_OPEN}. Reading credits the flow-control windows; the stream is released once
     * both sides ended and its buffer is empty.
     */
    @HotPath
    public int read(int streamId, byte[] out, int off, int len) {
        int slot = streams.slotOf(streamId);
        if (slot < 0) {
            return H2Reason.NOT_OPEN;
        }
        int n = streams.read(slot, out, off, len);
        streams.pendingCredit[slot] += n;
        connPendingCredit += n;
        releaseIfDone(streamId);
        return n;
    }

    /** Bytes buffered for {@link #read}, or {@link H2Reason#NOT_OPEN}. */
    @HotPath
    public int available(int streamId) {
        int slot = streams.slotOf(streamId);
        return slot < 0 ? H2Reason.NOT_OPEN : streams.buffered(slot);
    }

    /** {@link #STREAM_LOCAL_END} | {@link #STREAM_REMOTE_END} | {@link #STREAM_HEADERS_SEEN}, or -1 if not open. */
    @HotPath
    public int streamFlags(int streamId) {
        int slot = streams.slotOf(streamId);
        return slot < 0 ? -1 : streams.flags[slot];
    }

    /** Our remaining send window on the stream (may be negative after a SETTINGS change), or 0 if not open. */
    @HotPath
    public int sendWindow(int streamId) {
        int slot = streams.slotOf(streamId);
        return slot < 0 ? 0 : streams.sendWindow[slot];
    }

    public int connectionSendWindow() {
        return connSendWindow;
    }

    /**
     * Resets the stream (RST_STREAM with {@code errorCode}, e.g. CANCEL) and drops its buffered data. Returns 0,
     * {@link H2Reason#NOT_OPEN} or {@link H2Reason#TX_FULL}. No listener event: the caller knows.
     */
    @HotPath
    public int reset(int streamId, int errorCode) {
        int slot = streams.slotOf(streamId);
        if (slot < 0) {
            return H2Reason.NOT_OPEN;
        }
        if (!tx.frame32(H2Constants.TYPE_RST_STREAM, 0, streamId, errorCode, H2Tx.DATA_RESERVE)) {
            return H2Reason.TX_FULL;
        }
        connPendingCredit += streams.release(slot);
        return 0;
    }

    /** Queues a PING; the ACK arrives as {@link H2Listener#onPingAck}. Returns 0 or {@link H2Reason#TX_FULL}. */
    @HotPath
    public int ping(long opaque) {
        if (state == STATE_ERROR) {
            return lastError;
        }
        int at = tx.reserve(FrameHeader.SIZE + 8, H2Tx.DATA_RESERVE);
        if (at < 0) {
            return H2Reason.TX_FULL;
        }
        byte[] b = tx.buf();
        FrameHeader.write(b, at, 8, H2Constants.TYPE_PING, 0, 0);
        tx.putInt(at + FrameHeader.SIZE, (int) (opaque >>> 32));
        tx.putInt(at + FrameHeader.SIZE + 4, (int) opaque);
        return 0;
    }

    /** Graceful shutdown: queues GOAWAY(0, errorCode); open streams continue, new ones are refused. */
    @HotPath
    public int goAway(int errorCode) {
        if (state == STATE_ERROR) {
            return lastError;
        }
        if (!tx.goAway(0, errorCode)) {
            return H2Reason.TX_FULL;
        }
        state = STATE_GOING_AWAY;
        return 0;
    }

    // ------------------------------------------------------------------ status

    public int state() {
        return state;
    }

    /** The connection error reason, 0 while none. */
    public int lastError() {
        return lastError;
    }

    /** Last stream id from the server's GOAWAY, -1 if none received. */
    public int goAwayLastStreamId() {
        return goAwayLastStreamId;
    }

    public int goAwayErrorCode() {
        return goAwayErrorCode;
    }

    public boolean settingsReceived() {
        return settingsReceived;
    }

    /** Whether the server acknowledged our SETTINGS (then its encoder honours our table size). */
    public boolean settingsAcked() {
        return settingsAcked;
    }

    public int peerMaxFrameSize() {
        return peerMaxFrameSize;
    }

    /** The server's SETTINGS_MAX_HEADER_LIST_SIZE (advisory; unlimited when not sent). */
    public int peerMaxHeaderListSize() {
        return peerMaxHeaderList;
    }

    public int openStreams() {
        return streams.open();
    }

    /** The HPACK decoder, for its table statistics. */
    public HpackDecoder decoder() {
        return inbound.decoder();
    }
}
