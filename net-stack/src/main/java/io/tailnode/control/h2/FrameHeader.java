package io.tailnode.control.h2;

import io.tailnode.lang.HotPath;

/**
 * Flyweight view over the 9-byte frame header of RFC 9113 §4.1. {@link #check(int)} validates length, and
 * the fixed length and stream-id rules of each known type (§6.1-§6.10), once; getters assume a passed check.
 * Unknown types pass (they must be ignored, §4.1). The reserved bit of the stream id is masked off (§4.1).
 * <pre>
 * +-----------------------------------------------+
 * |                 Length (24)                   |
 * +---------------+---------------+---------------+
 * |   Type (8)    |   Flags (8)   |
 * +-+-------------+---------------+-------------------------------+
 * |R|                 Stream Identifier (31)                      |
 * +=+=============================================================+
 * </pre>
 */
public final class FrameHeader {
    private static final int LENGTH_OFFSET = 0;
    private static final int TYPE_OFFSET = 3;
    private static final int FLAGS_OFFSET = 4;
    private static final int STREAM_OFFSET = 5;
    /** Size of the header on the wire. */
    public static final int SIZE = STREAM_OFFSET + 4;

    private byte[] buf;
    private int off;
    private int len;

    /** Re-points the view; {@code len} is the number of readable bytes at {@code off}. */
    public FrameHeader wrap(byte[] buf, int off, int len) {
        this.buf = buf;
        this.off = off;
        this.len = len;
        return this;
    }

    /**
     * Returns 0 if the header is complete, its length at most {@code maxFrameSize}, and length and stream id
     * fit the type; otherwise a negative {@link H2Reason}.
     */
    @HotPath
    public int check(int maxFrameSize) {
        if (len < SIZE) {
            return H2Reason.TRUNCATED;
        }
        int length = length();
        if (length > maxFrameSize) {
            return H2Reason.FRAME_TOO_LARGE;
        }
        int stream = streamId();
        switch (type()) {
            case H2Constants.TYPE_DATA:
            case H2Constants.TYPE_HEADERS:
            case H2Constants.TYPE_CONTINUATION:
            case H2Constants.TYPE_PUSH_PROMISE:
                return stream == 0 ? H2Reason.STREAM_ID_REQUIRED : 0;
            case H2Constants.TYPE_PRIORITY:
                return stream == 0 ? H2Reason.STREAM_ID_REQUIRED : length != 5 ? H2Reason.BAD_FRAME_LENGTH : 0;
            case H2Constants.TYPE_RST_STREAM:
                return stream == 0 ? H2Reason.STREAM_ID_REQUIRED : length != 4 ? H2Reason.BAD_FRAME_LENGTH : 0;
            case H2Constants.TYPE_SETTINGS:
                if (stream != 0) {
                    return H2Reason.STREAM_ID_NOT_ZERO;
                }
                boolean ack = (flags() & H2Constants.FLAG_ACK) != 0;
                return (ack ? length != 0 : length % 6 != 0) ? H2Reason.BAD_FRAME_LENGTH : 0;
            case H2Constants.TYPE_PING:
                return stream != 0 ? H2Reason.STREAM_ID_NOT_ZERO : length != 8 ? H2Reason.BAD_FRAME_LENGTH : 0;
            case H2Constants.TYPE_GOAWAY:
                return stream != 0 ? H2Reason.STREAM_ID_NOT_ZERO : length < 8 ? H2Reason.BAD_FRAME_LENGTH : 0;
            case H2Constants.TYPE_WINDOW_UPDATE:
                return length != 4 ? H2Reason.BAD_FRAME_LENGTH : 0;
            default:
                return 0;
        }
    }

    @HotPath
    public int length() {
        return ((buf[off + LENGTH_OFFSET] & 0xff) << 16) | ((buf[off + LENGTH_OFFSET + 1] & 0xff) << 8)
                | (buf[off + LENGTH_OFFSET + 2] & 0xff);
    }

    @HotPath
    public int type() {
        return buf[off + TYPE_OFFSET] & 0xff;
    }

    @HotPath
    public int flags() {
        return buf[off + FLAGS_OFFSET] & 0xff;
    }

    /** Stream identifier with the reserved bit cleared. */
    @HotPath
    public int streamId() {
        return ((buf[off + STREAM_OFFSET] & 0x7f) << 24) | ((buf[off + STREAM_OFFSET + 1] & 0xff) << 16)
                | ((buf[off + STREAM_OFFSET + 2] & 0xff) << 8) | (buf[off + STREAM_OFFSET + 3] & 0xff);
    }

    /** Writes a header at {@code off} (needs {@link #SIZE} bytes); the reserved bit is sent as 0. */
    @HotPath
    public static void write(byte[] b, int off, int length, int type, int flags, int streamId) {
        b[off] = (byte) (length >>> 16);
        b[off + 1] = (byte) (length >>> 8);
        b[off + 2] = (byte) length;
        b[off + TYPE_OFFSET] = (byte) type;
        b[off + FLAGS_OFFSET] = (byte) flags;
        b[off + STREAM_OFFSET] = (byte) ((streamId >>> 24) & 0x7f);
        b[off + STREAM_OFFSET + 1] = (byte) (streamId >>> 16);
        b[off + STREAM_OFFSET + 2] = (byte) (streamId >>> 8);
        b[off + STREAM_OFFSET + 3] = (byte) streamId;
    }
}
