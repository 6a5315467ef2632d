package io.tailnode.control.json;

import io.tailnode.lang.HotPath;

/**
 * Cuts the map long-poll response body into messages (shared tailscale-protocol.md §2.6 "Response framing",
 * pitfall 2 in §9): repeated {@code [uint32 little-endian length][length bytes]}. The firmware requests
 * {@code Compress: ""}, so the payload is plain UTF-8 JSON; zstd frames are not supported. A length of 0 is
 * invalid; a length above {@code maxFrameSize} is refused before any payload is read (the Go client caps frames
 * at 4 MiB; the device can choose far less because payloads are streamed, not buffered).
 * <p>
 * Bytes arrive in arbitrary pieces (HTTP/2 DATA frames do not align with messages, pitfall 5): the 4-byte prefix
 * may itself be split. Payload is passed through to the {@link MapFrameListener} without copying. After any error
 * the reader is stopped until {@link #reset}; the caller must reset the connection, since the framing can no
 * longer be trusted. Not thread-safe; one instance per map stream.
 */
public final class MapFrameReader {
    private final int maxFrameSize;
    private final MapFrameListener listener;

    private int headerBytes;
    private int header;
    /** Payload bytes still expected in the current frame; 0 while reading a prefix. */
    private int remaining;
    private boolean inFrame;
    private int error;
    private long frames;

    /**
     * @param maxFrameSize largest accepted payload in bytes (e.g. 4 MiB like the Go client, or less)
     * @param listener     receives frame start, payload and end
     */
    public MapFrameReader(int maxFrameSize, MapFrameListener listener) {
        if (maxFrameSize < 1 || listener == null) {
            throw new IllegalArgumentException("maxFrameSize/listener");
        }
        this.maxFrameSize = maxFrameSize;
        this.listener = listener;
    }

    /** Back to "expecting a length prefix", error cleared: call when a new map stream (connection) starts. */
    @HotPath
    public void reset() {
        headerBytes = 0;
        header = 0;
        remaining = 0;
        inFrame = false;
        error = MapReason.OK;
    }

    /**
     * Consumes a piece of the response body.
     *
     * @return {@link MapReason#OK}, or a negative code (framing error, the listener's code, or
     *         {@link MapReason#STREAM_FAILED} when called again after an error)
     */
    @HotPath
    public int feed(byte[] buf, int off, int len) {
        if (error != MapReason.OK) {
            return MapReason.STREAM_FAILED;
        }
        int end = off + len;
        while (off < end) {
            if (!inFrame) {
                // Little-endian prefix, possibly split over several pieces.
                header |= (buf[off++] & 0xFF) << (8 * headerBytes);
                if (++headerBytes < 4) {
                    continue;
                }
                int length = header;
                headerBytes = 0;
                header = 0;
                if (length == 0) {
                    return stop(MapReason.FRAME_ZERO_LENGTH);
                }
                if (length < 0 || length > maxFrameSize) {
                    return stop(MapReason.FRAME_TOO_LARGE);
                }
                inFrame = true;
                remaining = length;
                listener.frameStart(length);
                continue;
            }
            int n = end - off < remaining ? end - off : remaining;
            int r = listener.frameData(buf, off, n);
            if (r < 0) {
                return stop(r);
            }
            off += n;
            remaining -= n;
            if (remaining == 0) {
                inFrame = false;
                frames++;
                r = listener.frameEnd();
                if (r < 0) {
                    return stop(r);
                }
            }
        }
        return MapReason.OK;
    }

    private int stop(int why) {
        error = why;
        return why;
    }

    /** True between a frame's prefix and its last payload byte. */
    public boolean inFrame() {
        return inFrame;
    }

    /** Payload bytes of the current frame not received yet. */
    public int frameRemaining() {
        return remaining;
    }

    /** Frames completely delivered since construction. */
    public long framesCompleted() {
        return frames;
    }

    /** {@link MapReason#OK} or the code that stopped the reader. */
    public int error() {
        return error;
    }
}
