package io.tailnode.control.h2;

/**
 * Events of an {@link H2Client}, called synchronously from {@code receive} (and {@code read} for nothing).
 * Implementations may call the client's {@code read}, {@code send}, {@code reset}, {@code beginRequest} and
 * {@code openStream} from a callback, but never {@code receive}. Stream ids are those returned by
 * {@code openStream}.
 */
public interface H2Listener {
    /**
     * A complete header block for {@code streamId}: the response headers ({@code headers.status()} gives
     * {@code :status}) or trailers (status -1). {@code headers} is valid only during the call.
     */
    void onHeaders(int streamId, HeaderList headers, boolean endStream);

    /**
     * DATA arrived: {@code buffered} bytes wait in the stream's buffer for {@link H2Client#read}; {@code endStream}
     * when the server has finished the stream (buffered bytes remain readable).
     */
    void onData(int streamId, int buffered, boolean endStream);

    /**
     * The stream is gone: reset by the server ({@code byPeer}, RST_STREAM or refused by GOAWAY) or by us after a
     * stream error; {@code errorCode} is the RFC 9113 §7 code. Its buffered data is discarded.
     */
    void onStreamReset(int streamId, int errorCode, boolean byPeer);

    /** The server sent GOAWAY: streams above {@code lastStreamId} were reset, no new streams may be opened. */
    void onGoAway(int lastStreamId, int errorCode);

    /** The server acknowledged our PING with this opaque value. */
    void onPingAck(long opaque);
}
