package io.tailnode.control.h2;

/**
 * Why the HTTP/2 layer refused input or a request: negative {@code int} codes, one per way of being wrong, so a
 * counter array indexed by {@code -code} ({@link #COUNT} entries) and tests can tell them apart. Codes up to
 * {@link #TX_OVERFLOW} are connection errors (RFC 9113 §5.4.1): the client queues GOAWAY and stays in the error
 * state. The API codes after it refuse one call and change nothing.
 */
public final class H2Reason {
    /** Fewer than 9 bytes where a frame header was expected (view check only). */
    public static final int TRUNCATED = -1;
    /** Frame length above the SETTINGS_MAX_FRAME_SIZE we advertised (RFC 9113 §4.2). */
    public static final int FRAME_TOO_LARGE = -2;
    /** Wrong fixed length for the type: PING 8, WINDOW_UPDATE/RST_STREAM 4, PRIORITY 5, SETTINGS n*6 (§6). */
    public static final int BAD_FRAME_LENGTH = -3;
    /** A stream-level frame (DATA, HEADERS, PRIORITY, RST_STREAM, CONTINUATION) on stream 0 (§6). */
    public static final int STREAM_ID_REQUIRED = -4;
    /** A connection-level frame (SETTINGS, PING, GOAWAY) on a non-zero stream (§6). */
    public static final int STREAM_ID_NOT_ZERO = -5;
    /** The server's first frame was not SETTINGS (§3.4). */
    public static final int FIRST_FRAME_NOT_SETTINGS = -6;
    /** Pad length, or pad length plus HEADERS priority fields, not fitting in the payload (§6.1, §6.2). */
    public static final int BAD_PADDING = -7;
    /** A frame for a stream we never opened (idle, §5.1). */
    public static final int UNKNOWN_STREAM = -8;
    /** PUSH_PROMISE or a server-initiated stream although we sent ENABLE_PUSH=0 (§8.4). */
    public static final int PUSH_NOT_ENABLED = -9;
    /** Another frame arrived inside a HEADERS/CONTINUATION sequence (§6.10). */
    public static final int CONTINUATION_EXPECTED = -10;
    /** CONTINUATION without an open header block, or for another stream (§6.10). */
    public static final int UNEXPECTED_CONTINUATION = -11;
    /** The compressed header block exceeds the configured reassembly buffer. */
    public static final int HEADER_BLOCK_TOO_LARGE = -12;
    /** HPACK index 0 or beyond static + dynamic table (RFC 7541 §2.3.3). */
    public static final int HPACK_BAD_INDEX = -13;
    /** HPACK integer longer than the bound we accept (RFC 7541 §5.1; values above 2^24 are never legitimate here). */
    public static final int HPACK_BAD_INTEGER = -14;
    /** HPACK representation or string runs past the end of the block. */
    public static final int HPACK_TRUNCATED = -15;
    /** Invalid Huffman data: EOS decoded, padding over 7 bits or not all ones (RFC 7541 §5.2). */
    public static final int HPACK_BAD_HUFFMAN = -16;
    /** Table size update above our SETTINGS_HEADER_TABLE_SIZE or after a field (RFC 7541 §4.2, §6.3). */
    public static final int HPACK_BAD_TABLE_SIZE = -17;
    /** The decoded header list exceeds the configured output block (bytes or field count). */
    public static final int HEADER_LIST_TOO_LARGE = -18;
    /** DATA beyond the stream or connection receive window (§6.9.1). */
    public static final int FLOW_CONTROL = -19;
    /** WINDOW_UPDATE or SETTINGS_INITIAL_WINDOW_SIZE pushes a send window above 2^31-1 (§6.9.1, §6.9.2). */
    public static final int WINDOW_OVERFLOW = -20;
    /** WINDOW_UPDATE with increment 0 on the connection (§6.9). */
    public static final int ZERO_WINDOW_INCREMENT = -21;
    /** SETTINGS value out of range: ENABLE_PUSH > 1, MAX_FRAME_SIZE outside [2^14, 2^24-1] (§6.5.2). */
    public static final int BAD_SETTING_VALUE = -22;
    /** DATA or HEADERS after the peer's END_STREAM on that stream (§5.1 half-closed remote). */
    public static final int STREAM_CLOSED = -23;
    /** Control frames (PING/SETTINGS ACK, RST_STREAM) no longer fit: the peer floods while we are not polled. */
    public static final int TX_OVERFLOW = -24;

    /** API: every stream slot is busy (capacity from {@link H2Config#maxStreams}). */
    public static final int NO_STREAM_SLOT = -25;
    /** API: GOAWAY sent or received, or stream ids exhausted: no new streams (§6.8). */
    public static final int GOING_AWAY = -26;
    /** API: not enough room in the transmit buffer; poll and retry. Nothing was queued. */
    public static final int TX_FULL = -27;
    /** API: the request header block overflowed its buffer. */
    public static final int REQUEST_TOO_LARGE = -28;
    /** API: no such open stream, or its sending side has already ended. */
    public static final int NOT_OPEN = -29;
    /** API: the peer's SETTINGS_MAX_CONCURRENT_STREAMS is reached. */
    public static final int PEER_STREAM_LIMIT = -30;

    /** Size of a counter array indexed by {@code -reason}. */
    public static final int COUNT = 31;

    private H2Reason() {
    }

    /** True for the codes that end the connection (the client sent GOAWAY and refuses further input). */
    public static boolean isConnectionError(int reason) {
        return reason < 0 && reason >= TX_OVERFLOW;
    }

    /** The RFC 9113 §7 error code to put in GOAWAY for a connection error reason. */
    public static int errorCode(int reason) {
        switch (reason) {
            case FRAME_TOO_LARGE:
            case BAD_FRAME_LENGTH:
                return H2Constants.ERR_FRAME_SIZE;
            case HPACK_BAD_INDEX:
            case HPACK_BAD_INTEGER:
            case HPACK_TRUNCATED:
            case HPACK_BAD_HUFFMAN:
            case HPACK_BAD_TABLE_SIZE:
            case HEADER_LIST_TOO_LARGE:
                // The dynamic table may be out of sync after any of these (RFC 7541 §2.2).
                return H2Constants.ERR_COMPRESSION;
            case FLOW_CONTROL:
            case WINDOW_OVERFLOW:
                return H2Constants.ERR_FLOW_CONTROL;
            case STREAM_CLOSED:
                return H2Constants.ERR_STREAM_CLOSED;
            case TX_OVERFLOW:
                return H2Constants.ERR_ENHANCE_YOUR_CALM;
            default:
                return H2Constants.ERR_PROTOCOL;
        }
    }
}
