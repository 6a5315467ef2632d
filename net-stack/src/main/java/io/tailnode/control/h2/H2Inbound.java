package io.tailnode.control.h2;

import io.tailnode.lang.HotPath;

/**
 * The receive half of {@link H2Client}: frames are parsed as their bytes arrive, whatever the input split, without
 * holding a whole frame (RFC 9113 §4): the 9-byte header is checked first; DATA payload goes straight into the
 * stream's receive ring (flow control, checked on the header, guarantees room); HEADERS and CONTINUATION
 * fragments go straight into the header-block buffer (§6.10, §4.3), which alone bounds a header block;
 * SETTINGS are validated one 6-byte entry at a time into pending values applied when the frame ends; the small
 * fixed frames (PING, RST_STREAM, WINDOW_UPDATE, the first 8 bytes of GOAWAY) are kept in an 8-byte buffer; GOAWAY
 * debug data, PRIORITY and unknown types are skipped (§5.5, §6.3). So every frame up to SETTINGS_MAX_FRAME_SIZE
 * (at least 16,384, §6.5.2) is accepted with no frame-sized buffer. Each handler validates before it changes
 * anything; a DATA or HEADERS frame's events (listener calls) come when the frame ends. Connection state
 * (windows, peer settings, GOAWAY) lives in the client; this class owns only the parse state.
 */
final class H2Inbound {
    /** Frame payload routing, fixed when the header has been checked. */
    private static final int ROUTE_SMALL = 0;
    private static final int ROUTE_DATA = 1;
    private static final int ROUTE_HEADER_BLOCK = 2;
    private static final int ROUTE_SETTINGS = 3;
    private static final int ROUTE_SKIP = 4;
    /** Bytes of a small frame kept (PING 8, GOAWAY's last-stream-id and error code 8, RST_STREAM 4, ...). */
    private static final int SMALL = 8;
    private static final int SETTING_SIZE = 6;

    private final H2Client c;
    private final H2Listener listener;
    private final H2Streams streams;
    private final H2Tx tx;
    private final HpackDecoder decoder;
    private final HeaderList headers;
    private final FrameHeader header = new FrameHeader();
    /** The frame header, then up to {@link #SMALL} payload bytes of a small frame (or one SETTINGS entry). */
    private final byte[] rx = new byte[FrameHeader.SIZE + SMALL];
    private final byte[] headerBlock;
    private final int maxFrameSize;
    private int headerFill;
    // The frame being received.
    private int route;
    /** Payload bytes of the current frame still to come. */
    private int payloadLeft;
    /** Bytes of {@link #rx} after the header in use (small frame payload or a SETTINGS entry). */
    private int smallFill;
    /** Payload prefix (pad length, priority) still to read; the pad length once read. */
    private int prefixLeft;
    private int padLength;
    /** The current DATA frame's stream was gone when it started: its whole length is already credited. */
    private boolean dataDropped;
    /** DATA bytes of the current frame still to deliver. */
    private int dataLeft;
    // Header block across HEADERS + CONTINUATION.
    private int headerBlockLen;
    private int headerBlockStream;
    private boolean headerBlockEndStream;
    private int continuationStream;
    // SETTINGS values of the frame being received, applied when it ends (a bad entry changes nothing).
    private int pendingMaxStreams;
    private int pendingInitialWindow;
    private int pendingMaxFrameSize;
    private int pendingMaxHeaderList;
    private int pendingSeen;

    H2Inbound(H2Client client, H2Listener listener, H2Streams streams, H2Tx tx, H2Config config) {
        this.c = client;
        this.listener = listener;
        this.streams = streams;
        this.tx = tx;
        decoder = new HpackDecoder(config.headerTableSize);
        headers = new HeaderList(config.headerListBytes, config.headerListFields);
        headerBlock = new byte[config.maxHeaderBlock];
        maxFrameSize = config.maxFrameSize;
    }

    /** Forgets partial frames, header blocks and the HPACK table (a new connection). */
    void reset() {
        headerFill = 0;
        route = ROUTE_SMALL;
        payloadLeft = 0;
        smallFill = 0;
        prefixLeft = 0;
        padLength = 0;
        dataDropped = false;
        dataLeft = 0;
        pendingMaxStreams = 0;
        pendingInitialWindow = 0;
        pendingMaxFrameSize = 0;
        pendingMaxHeaderList = 0;
        pendingSeen = 0;
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
     * Consumes decrypted channel bytes. Returns {@code len} (everything is consumed), or a negative
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
            if (headerFill < FrameHeader.SIZE) {
                int take = Math.min(FrameHeader.SIZE - headerFill, end - p);
                System.arraycopy(buf, p, rx, headerFill, take);
                headerFill += take;
                p += take;
                if (headerFill < FrameHeader.SIZE) {
                    break;
                }
                // Reject a bad header before its payload arrives: no buffering on behalf of a broken peer.
                int r = header.wrap(rx, 0, FrameHeader.SIZE).check(maxFrameSize);
                if (r < 0) {
                    return c.fail(r);
                }
                r = onFrameStart();
                if (r < 0) {
                    return c.fail(r);
                }
            }
            if (payloadLeft > 0) {
                if (p == end) {
                    break;
                }
                int n = payload(buf, p, Math.min(payloadLeft, end - p));
                if (n < 0) {
                    return c.fail(n);
                }
                p += n;
                payloadLeft -= n;
            }
            if (payloadLeft == 0) {
                headerFill = 0;
                int r = onFrameEnd();
                if (r < 0) {
                    return c.fail(r);
                }
            }
        }
        return len;
    }

    /** Connection-level checks of the header and the payload route; returns 0 or a negative reason. */
    @HotPath
    private int onFrameStart() {
        int type = header.type();
        if (!c.settingsReceived && type != H2Constants.TYPE_SETTINGS) {
            return H2Reason.FIRST_FRAME_NOT_SETTINGS;
        }
        if (continuationStream != 0 && type != H2Constants.TYPE_CONTINUATION) {
            return H2Reason.CONTINUATION_EXPECTED;
        }
        int len = header.length();
        int flags = header.flags();
        payloadLeft = len;
        smallFill = 0;
        prefixLeft = 0;
        padLength = 0;
        dataLeft = 0;
        dataDropped = false;
        switch (type) {
            case H2Constants.TYPE_DATA:
                route = ROUTE_DATA;
                return onDataStart(len, flags);
            case H2Constants.TYPE_HEADERS:
                route = ROUTE_HEADER_BLOCK;
                return onHeadersStart(len, flags);
            case H2Constants.TYPE_CONTINUATION:
                route = ROUTE_HEADER_BLOCK;
                if (continuationStream == 0 || header.streamId() != continuationStream) {
                    return H2Reason.UNEXPECTED_CONTINUATION;
                }
                return fragmentStart(len);
            case H2Constants.TYPE_SETTINGS:
                route = ROUTE_SETTINGS;
                pendingSeen = 0;
                return 0;
            case H2Constants.TYPE_PUSH_PROMISE:
                return H2Reason.PUSH_NOT_ENABLED;
            case H2Constants.TYPE_PING:
            case H2Constants.TYPE_RST_STREAM:
            case H2Constants.TYPE_WINDOW_UPDATE:
            case H2Constants.TYPE_GOAWAY:
                route = ROUTE_SMALL;
                return 0;
            default:
                route = ROUTE_SKIP; // PRIORITY (checked by the view) and unknown types are ignored (§5.5, §6.3)
                return 0;
        }
    }

    /** Routes {@code n} payload bytes of the current frame; returns the count consumed or a negative reason. */
    @HotPath
    private int payload(byte[] buf, int p, int n) {
        int used = 0;
        if (prefixLeft > 0) {
            // Pad length (first byte when PADDED), then HEADERS' priority fields (skipped, §5.3.2).
            int take = Math.min(prefixLeft, n);
            if ((header.flags() & H2Constants.FLAG_PADDED) != 0 && payloadLeft == header.length()) {
                padLength = buf[p] & 0xff;
                int r = route == ROUTE_DATA ? onDataPadding() : onHeadersPadding();
                if (r < 0) {
                    return r;
                }
            }
            prefixLeft -= take;
            used = take;
            if (prefixLeft > 0 || used == n) {
                return used;
            }
        }
        int rest = n - used;
        int at = p + used;
        switch (route) {
            case ROUTE_DATA: {
                int d = Math.min(dataLeft, rest);
                int slot = streams.slotOf(header.streamId());
                if (slot >= 0) {
                    streams.write(slot, buf, at, d);
                } else {
                    c.connPendingCredit += d; // reset meanwhile: the bytes were counted on the connection window
                }
                dataLeft -= d;
                return n; // the rest is padding, skipped
            }
            case ROUTE_HEADER_BLOCK: {
                int d = Math.min(dataLeft, rest);
                System.arraycopy(buf, at, headerBlock, headerBlockLen, d);
                headerBlockLen += d;
                dataLeft -= d;
                return n;
            }
            case ROUTE_SETTINGS: {
                int done = used;
                while (done < n) {
                    int take = Math.min(SETTING_SIZE - smallFill, n - done);
                    System.arraycopy(buf, p + done, rx, FrameHeader.SIZE + smallFill, take);
                    smallFill += take;
                    done += take;
                    if (smallFill == SETTING_SIZE) {
                        smallFill = 0;
                        int r = settingEntry();
                        if (r < 0) {
                            return r;
                        }
                    }
                }
                return n;
            }
            case ROUTE_SMALL: {
                int take = Math.min(SMALL - smallFill, rest);
                System.arraycopy(buf, at, rx, FrameHeader.SIZE + smallFill, take);
                smallFill += take;
                return n; // GOAWAY debug data beyond the first 8 bytes is skipped
            }
            default:
                return n;
        }
    }

    @HotPath
    private int onFrameEnd() {
        switch (header.type()) {
            case H2Constants.TYPE_DATA:
                return onDataEnd();
            case H2Constants.TYPE_HEADERS:
            case H2Constants.TYPE_CONTINUATION:
                return onFragmentEnd();
            case H2Constants.TYPE_RST_STREAM:
                return onRstStream();
            case H2Constants.TYPE_SETTINGS:
                return onSettingsEnd();
            case H2Constants.TYPE_PING:
                return onPing();
            case H2Constants.TYPE_GOAWAY:
                return onGoAway();
            case H2Constants.TYPE_WINDOW_UPDATE:
                return onWindowUpdate();
            default:
                return 0;
        }
    }

    /** A frame for a stream id we never opened: server-initiated (even) or not yet used (idle). */
    @HotPath
    private int idleStream(int sid) {
        return (sid & 1) == 0 || sid > c.lastOpenedId ? H2Reason.UNKNOWN_STREAM : 0;
    }

    /** DATA header checks (§6.1, §6.9); the windows are charged once the padding is known. */
    @HotPath
    private int onDataStart(int len, int flags) {
        int sid = header.streamId();
        int r = idleStream(sid);
        if (r < 0) {
            return r;
        }
        if (len > c.connRecvWindow) {
            return H2Reason.FLOW_CONTROL;
        }
        int slot = streams.slotOf(sid);
        if (slot >= 0 && (streams.flags[slot] & H2Streams.REMOTE_END) != 0) {
            return H2Reason.STREAM_CLOSED;
        }
        if (slot >= 0 && len > streams.recvWindow[slot]) {
            return H2Reason.FLOW_CONTROL;
        }
        if ((flags & H2Constants.FLAG_PADDED) != 0) {
            if (len < 1) {
                return H2Reason.BAD_PADDING;
            }
            prefixLeft = 1;
            return 0;
        }
        return onDataPadding();
    }

    /** The pad length is known (0 when not PADDED): checks it and charges the windows (§6.9.1). */
    @HotPath
    private int onDataPadding() {
        int len = header.length();
        int prefix = (header.flags() & H2Constants.FLAG_PADDED) != 0 ? 1 : 0;
        if (prefix == 1 && padLength >= len) {
            return H2Reason.BAD_PADDING;
        }
        dataLeft = len - prefix - padLength;
        c.connRecvWindow -= len;
        int slot = streams.slotOf(header.streamId());
        if (slot < 0) {
            // A stream we reset or finished: frames in flight still count on the connection (§6.9).
            c.connPendingCredit += len;
            dataLeft = 0;
            dataDropped = true;
            return 0;
        }
        streams.recvWindow[slot] -= len;
        return 0;
    }

    @HotPath
    private int onDataEnd() {
        int sid = header.streamId();
        int slot = streams.slotOf(sid);
        int len = header.length();
        int prefix = (header.flags() & H2Constants.FLAG_PADDED) != 0 ? 1 : 0;
        // Padding (and its length byte) is never read by the application, so its credit is returned at once.
        int padding = len == 0 ? 0 : prefix + padLength;
        if (slot < 0) {
            if (!dataDropped) {
                c.connPendingCredit += padding; // reset while the frame arrived: its data was credited already
            }
            return 0;
        }
        streams.pendingCredit[slot] += padding;
        c.connPendingCredit += padding;
        boolean end = (header.flags() & H2Constants.FLAG_END_STREAM) != 0;
        if (end) {
            streams.flags[slot] |= H2Streams.REMOTE_END;
        }
        listener.onData(sid, streams.buffered(slot), end);
        c.releaseIfDone(sid);
        return 0;
    }

    @HotPath
    private int onHeadersStart(int len, int flags) {
        int sid = header.streamId();
        if ((sid & 1) == 0) {
            return H2Reason.PUSH_NOT_ENABLED;
        }
        int r = idleStream(sid);
        if (r < 0) {
            return r;
        }
        int prefix = ((flags & H2Constants.FLAG_PADDED) != 0 ? 1 : 0) + ((flags & H2Constants.FLAG_PRIORITY) != 0 ? 5 : 0);
        if (len < prefix) {
            return H2Reason.BAD_PADDING;
        }
        headerBlockLen = 0;
        headerBlockStream = sid;
        headerBlockEndStream = (flags & H2Constants.FLAG_END_STREAM) != 0;
        if (prefix > 0) {
            prefixLeft = prefix;
            if ((flags & H2Constants.FLAG_PADDED) != 0) {
                return 0; // the fragment length is known with the pad length
            }
        }
        return fragmentStart(len - prefix);
    }

    /** HEADERS' pad length is known: the fragment is what lies between the prefix and the padding. */
    @HotPath
    private int onHeadersPadding() {
        int flags = header.flags();
        int prefix = 1 + ((flags & H2Constants.FLAG_PRIORITY) != 0 ? 5 : 0);
        int fragment = header.length() - prefix - padLength;
        if (fragment < 0) {
            return H2Reason.BAD_PADDING;
        }
        return fragmentStart(fragment);
    }

    /** A header-block fragment of {@code len} bytes follows; it must fit what is left of the block buffer. */
    @HotPath
    private int fragmentStart(int len) {
        if (len > headerBlock.length - headerBlockLen) {
            return H2Reason.HEADER_BLOCK_TOO_LARGE;
        }
        dataLeft = len;
        return 0;
    }

    @HotPath
    private int onFragmentEnd() {
        if ((header.flags() & H2Constants.FLAG_END_HEADERS) == 0) {
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
        if (slot < 0) {
            return 0;
        }
        int code = getInt(FrameHeader.SIZE);
        if (code == H2Constants.ERR_NO_ERROR && (streams.flags[slot] & H2Streams.REMOTE_END) != 0) {
            // RFC 9113 §8.1: a server that answered before reading the whole request may stop the request with
            // RST_STREAM(NO_ERROR); the client must not discard the complete response. We stop sending and keep
            // the buffered body for read(), which frees the stream once it is drained.
            streams.flags[slot] |= H2Streams.LOCAL_END;
            c.releaseIfDone(sid);
            return 0;
        }
        c.connPendingCredit += streams.release(slot);
        listener.onStreamReset(sid, code, true);
        return 0;
    }

    /** One SETTINGS entry (in {@code rx} after the header): validated, then kept as a pending value. */
    @HotPath
    private int settingEntry() {
        if ((header.flags() & H2Constants.FLAG_ACK) != 0) {
            return 0; // the view checked an ACK is empty
        }
        int p = FrameHeader.SIZE;
        int id = ((rx[p] & 0xff) << 8) | (rx[p + 1] & 0xff);
        int v = getInt(p + 2);
        switch (id) {
            case H2Constants.SETTINGS_ENABLE_PUSH:
                return (v & 0xfffffffe) != 0 ? H2Reason.BAD_SETTING_VALUE : 0;
            case H2Constants.SETTINGS_INITIAL_WINDOW_SIZE:
                if (v < 0 || !windowsAcceptDelta(v - (long) c.peerInitialWindow)) {
                    return H2Reason.WINDOW_OVERFLOW;
                }
                pendingInitialWindow = v;
                pendingSeen |= 1;
                return 0;
            case H2Constants.SETTINGS_MAX_FRAME_SIZE:
                if (v < H2Constants.DEFAULT_MAX_FRAME_SIZE || v > H2Constants.MAX_MAX_FRAME_SIZE) {
                    return H2Reason.BAD_SETTING_VALUE;
                }
                pendingMaxFrameSize = v;
                pendingSeen |= 2;
                return 0;
            case H2Constants.SETTINGS_MAX_CONCURRENT_STREAMS:
                pendingMaxStreams = v < 0 ? Integer.MAX_VALUE : v;
                pendingSeen |= 4;
                return 0;
            case H2Constants.SETTINGS_MAX_HEADER_LIST_SIZE:
                pendingMaxHeaderList = v < 0 ? Integer.MAX_VALUE : v;
                pendingSeen |= 8;
                return 0;
            default:
                // HEADER_TABLE_SIZE binds the peer's decoder; our encoder never indexes, so it needs nothing.
                return 0;
        }
    }

    /** The whole SETTINGS frame was valid: apply the last value of each setting and queue the ACK (§6.5.3). */
    @HotPath
    private int onSettingsEnd() {
        if ((header.flags() & H2Constants.FLAG_ACK) != 0) {
            c.settingsAcked = true;
            return 0;
        }
        if (tx.room(H2Tx.GOAWAY_SIZE) < FrameHeader.SIZE) {
            return H2Reason.TX_OVERFLOW;
        }
        if ((pendingSeen & 4) != 0) {
            c.peerMaxStreams = pendingMaxStreams;
        }
        if ((pendingSeen & 1) != 0) {
            applyInitialWindow(pendingInitialWindow);
        }
        if ((pendingSeen & 2) != 0) {
            c.peerMaxFrameSize = pendingMaxFrameSize;
        }
        if ((pendingSeen & 8) != 0) {
            c.peerMaxHeaderList = pendingMaxHeaderList;
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
