package io.tailnode.control.h2;

import io.tailnode.lang.HotPath;

/**
 * The receive half of {@link H2Client}: frame reassembly (a header plus at most one frame of
 * SETTINGS_MAX_FRAME_SIZE, whatever the input split), header-block assembly across CONTINUATION (RFC 9113 §6.10,
 * §4.3), and one handler per frame type (§6.1-§6.9), each validating before it changes anything. Connection
 * state (windows, peer settings, GOAWAY) lives in the client; this class owns only the parse state.
 */
final class H2Inbound {
    private final H2Client c;
    private final H2Listener listener;
    private final H2Streams streams;
    private final H2Tx tx;
    private final HpackDecoder decoder;
    private final HeaderList headers;
    private final FrameHeader header = new FrameHeader();
    private final byte[] rx;
    private final byte[] headerBlock;
    private final int maxFrameSize;
    private int rxFill;
    private int headerBlockLen;
    private int headerBlockStream;
    private boolean headerBlockEndStream;
    private int continuationStream;

    H2Inbound(H2Client client, H2Listener listener, H2Streams streams, H2Tx tx, H2Config config) {
        this.c = client;
        this.listener = listener;
        this.streams = streams;
        this.tx = tx;
        decoder = new HpackDecoder(config.headerTableSize);
        headers = new HeaderList(config.headerListBytes, config.headerListFields);
        rx = new byte[FrameHeader.SIZE + config.maxFrameSize];
        headerBlock = new byte[config.maxHeaderBlock];
        maxFrameSize = config.maxFrameSize;
    }

    /** Forgets partial frames, header blocks and the HPACK table (a new connection). */
    void reset() {
        rxFill = 0;
        headerBlockLen = 0;
        headerBlockStream = 0;
        headerBlockEndStream = false;
        continuationStream = 0;
        decoder.reset();
    }

    HpackDecoder decoder() {
        return decoder;
    }

    /**
     * Consumes decrypted channel bytes. Returns {@code len} (everything is consumed or buffered), or a negative
     * {@link H2Reason} after a connection error (then and on every later call).
     */
    @HotPath
    int receive(byte[] buf, int off, int len) {
        if (c.state == H2Client.STATE_ERROR) {
            return c.lastError;
        }
        int p = off;
        int end = off + len;
        while (p < end) {
            if (rxFill < FrameHeader.SIZE) {
                int take = Math.min(FrameHeader.SIZE - rxFill, end - p);
                System.arraycopy(buf, p, rx, rxFill, take);
                rxFill += take;
                p += take;
                if (rxFill < FrameHeader.SIZE) {
                    break;
                }
                // Reject a bad header before its payload arrives: no buffering on behalf of a broken peer.
                int r = header.wrap(rx, 0, FrameHeader.SIZE).check(maxFrameSize);
                if (r < 0) {
                    return c.fail(r);
                }
            }
            int need = FrameHeader.SIZE + header.length();
            int take = Math.min(need - rxFill, end - p);
            System.arraycopy(buf, p, rx, rxFill, take);
            rxFill += take;
            p += take;
            if (rxFill == need) {
                rxFill = 0;
                int r = onFrame();
                if (r < 0) {
                    return c.fail(r);
                }
            }
        }
        return len;
    }


    @HotPath
    private int onFrame() {
        int type = header.type();
        if (!c.settingsReceived && type != H2Constants.TYPE_SETTINGS) {
            return H2Reason.FIRST_FRAME_NOT_SETTINGS;
        }
        if (continuationStream != 0 && type != H2Constants.TYPE_CONTINUATION) {
            return H2Reason.CONTINUATION_EXPECTED;
        }
        int len = header.length();
        switch (type) {
            case H2Constants.TYPE_DATA:
                return onData(len);
            case H2Constants.TYPE_HEADERS:
                return onHeaders(len);
            case H2Constants.TYPE_CONTINUATION:
                return onContinuation(len);
            case H2Constants.TYPE_RST_STREAM:
                return onRstStream();
            case H2Constants.TYPE_SETTINGS:
                return onSettings(len);
            case H2Constants.TYPE_PUSH_PROMISE:
                return H2Reason.PUSH_NOT_ENABLED;
            case H2Constants.TYPE_PING:
                return onPing();
            case H2Constants.TYPE_GOAWAY:
                return onGoAway();
            case H2Constants.TYPE_WINDOW_UPDATE:
                return onWindowUpdate();
            default:
                return 0; // PRIORITY (checked by the view) and unknown types are ignored (§5.5, §6.3)
        }
    }

    /** A frame for a stream id we never opened: server-initiated (even) or not yet used (idle). */
    @HotPath
    private int idleStream(int sid) {
        return (sid & 1) == 0 || sid > c.lastOpenedId ? H2Reason.UNKNOWN_STREAM : 0;
    }

    @HotPath
    private int onData(int len) {
        int sid = header.streamId();
        int r = idleStream(sid);
        if (r < 0) {
            return r;
        }
        if (len > c.connRecvWindow) {
            return H2Reason.FLOW_CONTROL;
        }
        int dataOff = FrameHeader.SIZE;
        int dataLen = len;
        if ((header.flags() & H2Constants.FLAG_PADDED) != 0) {
            if (len < 1 || (rx[dataOff] & 0xff) >= len) {
                return H2Reason.BAD_PADDING;
            }
            dataLen = len - 1 - (rx[dataOff] & 0xff);
            dataOff++;
        }
        int slot = streams.slotOf(sid);
        if (slot >= 0 && (streams.flags[slot] & H2Streams.REMOTE_END) != 0) {
            return H2Reason.STREAM_CLOSED;
        }
        if (slot >= 0 && len > streams.recvWindow[slot]) {
            return H2Reason.FLOW_CONTROL;
        }
        c.connRecvWindow -= len;
        if (slot < 0) {
            // A stream we reset or finished: frames in flight still count on the connection (§6.9).
            c.connPendingCredit += len;
            return 0;
        }
        streams.recvWindow[slot] -= len;
        streams.write(slot, rx, dataOff, dataLen);
        // Padding is never read by the application, so its credit is returned at once.
        streams.pendingCredit[slot] += len - dataLen;
        c.connPendingCredit += len - dataLen;
        boolean end = (header.flags() & H2Constants.FLAG_END_STREAM) != 0;
        if (end) {
            streams.flags[slot] |= H2Streams.REMOTE_END;
        }
        listener.onData(sid, streams.buffered(slot), end);
        c.releaseIfDone(sid);
        return 0;
    }

    @HotPath
    private int onHeaders(int len) {
        int sid = header.streamId();
        if ((sid & 1) == 0) {
            return H2Reason.PUSH_NOT_ENABLED;
        }
        int r = idleStream(sid);
        if (r < 0) {
            return r;
        }
        int flags = header.flags();
        int p = FrameHeader.SIZE;
        int end = FrameHeader.SIZE + len;
        if ((flags & H2Constants.FLAG_PADDED) != 0) {
            if (len < 1) {
                return H2Reason.BAD_PADDING;
            }
            end -= rx[p] & 0xff;
            p++;
        }
        if ((flags & H2Constants.FLAG_PRIORITY) != 0) {
            p += 5; // stream dependency and weight: deprecated (§5.3.2), skipped
        }
        if (end < p) {
            return H2Reason.BAD_PADDING;
        }
        headerBlockLen = 0;
        headerBlockStream = sid;
        headerBlockEndStream = (flags & H2Constants.FLAG_END_STREAM) != 0;
        return appendFragment(p, end - p, (flags & H2Constants.FLAG_END_HEADERS) != 0);
    }

    @HotPath
    private int onContinuation(int len) {
        if (continuationStream == 0 || header.streamId() != continuationStream) {
            return H2Reason.UNEXPECTED_CONTINUATION;
        }
        return appendFragment(FrameHeader.SIZE, len, (header.flags() & H2Constants.FLAG_END_HEADERS) != 0);
    }

    @HotPath
    private int appendFragment(int off, int len, boolean endHeaders) {
        if (len > headerBlock.length - headerBlockLen) {
            return H2Reason.HEADER_BLOCK_TOO_LARGE;
        }
        System.arraycopy(rx, off, headerBlock, headerBlockLen, len);
        headerBlockLen += len;
        if (!endHeaders) {
            continuationStream = headerBlockStream;
            return 0;
        }
        continuationStream = 0;
        // Decode even for a stream we already dropped: the dynamic table must stay in sync (RFC 7541 §2.2).
        int r = decoder.decode(headerBlock, 0, headerBlockLen, headers);
        if (r < 0) {
            return r;
        }
        int sid = headerBlockStream;
        int slot = streams.slotOf(sid);
        if (slot < 0) {
            return 0;
        }
        if ((streams.flags[slot] & H2Streams.REMOTE_END) != 0) {
            return H2Reason.STREAM_CLOSED;
        }
        streams.flags[slot] |= H2Streams.HEADERS_SEEN;
        if (headerBlockEndStream) {
            streams.flags[slot] |= H2Streams.REMOTE_END;
        }
        listener.onHeaders(sid, headers, headerBlockEndStream);
        c.releaseIfDone(sid);
        return 0;
    }

    @HotPath
    private int onRstStream() {
        int sid = header.streamId();
        int r = idleStream(sid);
        if (r < 0) {
            return r;
        }
        int slot = streams.slotOf(sid);
        if (slot >= 0) {
            c.connPendingCredit += streams.release(slot);
            listener.onStreamReset(sid, getInt(FrameHeader.SIZE), true);
        }
        return 0;
    }

    @HotPath
    private int onSettings(int len) {
        if ((header.flags() & H2Constants.FLAG_ACK) != 0) {
            c.settingsAcked = true;
            return 0;
        }
        int end = FrameHeader.SIZE + len;
        // Validate everything first so a bad SETTINGS frame changes nothing.
        for (int p = FrameHeader.SIZE; p < end; p += 6) {
            int id = ((rx[p] & 0xff) << 8) | (rx[p + 1] & 0xff);
            int v = getInt(p + 2);
            if (id == H2Constants.SETTINGS_ENABLE_PUSH && (v & 0xfffffffe) != 0) {
                return H2Reason.BAD_SETTING_VALUE;
            }
            if (id == H2Constants.SETTINGS_INITIAL_WINDOW_SIZE && v < 0) {
                return H2Reason.WINDOW_OVERFLOW;
            }
            if (id == H2Constants.SETTINGS_MAX_FRAME_SIZE
                    && (v < H2Constants.DEFAULT_MAX_FRAME_SIZE || v > H2Constants.MAX_MAX_FRAME_SIZE)) {
                return H2Reason.BAD_SETTING_VALUE;
            }
            if (id == H2Constants.SETTINGS_INITIAL_WINDOW_SIZE && !windowsAcceptDelta(v - (long) c.peerInitialWindow)) {
                return H2Reason.WINDOW_OVERFLOW;
            }
        }
        if (tx.room(H2Tx.GOAWAY_SIZE) < FrameHeader.SIZE) {
            return H2Reason.TX_OVERFLOW;
        }
        for (int p = FrameHeader.SIZE; p < end; p += 6) {
            int id = ((rx[p] & 0xff) << 8) | (rx[p + 1] & 0xff);
            int v = getInt(p + 2);
            switch (id) {
                case H2Constants.SETTINGS_MAX_CONCURRENT_STREAMS:
                    c.peerMaxStreams = v < 0 ? Integer.MAX_VALUE : v;
                    break;
                case H2Constants.SETTINGS_INITIAL_WINDOW_SIZE:
                    applyInitialWindow(v);
                    break;
                case H2Constants.SETTINGS_MAX_FRAME_SIZE:
                    c.peerMaxFrameSize = v;
                    break;
                case H2Constants.SETTINGS_MAX_HEADER_LIST_SIZE:
                    c.peerMaxHeaderList = v < 0 ? Integer.MAX_VALUE : v;
                    break;
                default:
                    // HEADER_TABLE_SIZE binds the peer's decoder; our encoder never indexes, so it needs nothing.
                    break;
            }
        }
        c.settingsReceived = true;
        int at = tx.reserve(FrameHeader.SIZE, H2Tx.GOAWAY_SIZE);
        FrameHeader.write(tx.buf(), at, 0, H2Constants.TYPE_SETTINGS, H2Constants.FLAG_ACK, 0);
        return 0;
    }

    /** Whether every open stream's send window stays <= 2^31-1 after adding {@code delta} (§6.9.2). */
    @HotPath
    private boolean windowsAcceptDelta(long delta) {
        for (int s = 0; s < streams.capacity(); s++) {
            if (streams.id(s) != 0 && streams.sendWindow[s] + delta > H2Constants.MAX_WINDOW) {
                return false;
            }
        }
        return true;
    }

    @HotPath
    private void applyInitialWindow(int v) {
        int delta = v - c.peerInitialWindow;
        for (int s = 0; s < streams.capacity(); s++) {
            if (streams.id(s) != 0) {
                streams.sendWindow[s] += delta; // may go negative: legal until WINDOW_UPDATE (§6.9.2)
            }
        }
        c.peerInitialWindow = v;
    }

    @HotPath
    private int onPing() {
        if ((header.flags() & H2Constants.FLAG_ACK) != 0) {
            listener.onPingAck(getLong(FrameHeader.SIZE));
            return 0;
        }
        return tx.ping(H2Constants.FLAG_ACK, rx, FrameHeader.SIZE, H2Tx.GOAWAY_SIZE) ? 0 : H2Reason.TX_OVERFLOW;
    }

    @HotPath
    private int onGoAway() {
        int last = getInt(FrameHeader.SIZE) & 0x7fffffff;
        int code = getInt(FrameHeader.SIZE + 4);
        c.goAwayLastStreamId = c.goAwayLastStreamId < 0 ? last : Math.min(c.goAwayLastStreamId, last);
        c.goAwayErrorCode = code;
        c.state = H2Client.STATE_GOING_AWAY;
        // Streams above last were never processed by the server (§6.8): report them refused.
        for (int s = 0; s < streams.capacity(); s++) {
            int sid = streams.id(s);
            if (sid > c.goAwayLastStreamId) {
                c.connPendingCredit += streams.release(s);
                listener.onStreamReset(sid, H2Constants.ERR_REFUSED_STREAM, true);
            }
        }
        listener.onGoAway(c.goAwayLastStreamId, code);
        return 0;
    }

    @HotPath
    private int onWindowUpdate() {
        int sid = header.streamId();
        int inc = getInt(FrameHeader.SIZE) & 0x7fffffff;
        if (sid == 0) {
            if (inc == 0) {
                return H2Reason.ZERO_WINDOW_INCREMENT;
            }
            if ((long) c.connSendWindow + inc > H2Constants.MAX_WINDOW) {
                return H2Reason.WINDOW_OVERFLOW;
            }
            c.connSendWindow += inc;
            return 0;
        }
        int r = idleStream(sid);
        if (r < 0) {
            return r;
        }
        int slot = streams.slotOf(sid);
        if (slot < 0) {
            return 0;
        }
        if (inc == 0) {
            return streamError(slot, H2Constants.ERR_PROTOCOL);
        }
        if ((long) streams.sendWindow[slot] + inc > H2Constants.MAX_WINDOW) {
            return streamError(slot, H2Constants.ERR_FLOW_CONTROL);
        }
        streams.sendWindow[slot] += inc;
        return 0;
    }

    /** Stream error (§5.4.2): RST_STREAM to the server, the stream is dropped and reported. */
    @HotPath
    private int streamError(int slot, int code) {
        int sid = streams.id(slot);
        if (!tx.frame32(H2Constants.TYPE_RST_STREAM, 0, sid, code, H2Tx.GOAWAY_SIZE)) {
            return H2Reason.TX_OVERFLOW;
        }
        c.connPendingCredit += streams.release(slot);
        listener.onStreamReset(sid, code, false);
        return 0;
    }


    private int getInt(int at) {
        return ((rx[at] & 0xff) << 24) | ((rx[at + 1] & 0xff) << 16) | ((rx[at + 2] & 0xff) << 8) | (rx[at + 3] & 0xff);
    }

    private long getLong(int at) {
        return ((long) getInt(at) << 32) | (getInt(at + 4) & 0xffffffffL);
    }
}
