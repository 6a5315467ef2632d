package io.tailnode.control.h2;

import io.tailnode.lang.HotPath;

/**
 * The transmit buffer: frames are written whole into one linear array and handed out by {@link #poll} in any
 * chunk size. Space is tiered so that queued requests and DATA can never starve control frames: data may fill
 * up to {@link #DATA_RESERVE} bytes short of the end, control frames (ACKs, RST_STREAM, WINDOW_UPDATE) up to
 * {@link #GOAWAY_SIZE} short, and the final GOAWAY may use everything.
 */
final class H2Tx {
    static final int GOAWAY_SIZE = FrameHeader.SIZE + 8;
    static final int DATA_RESERVE = 256;

    private final byte[] buf;
    private int start;
    private int end;

    H2Tx(int capacity) {
        buf = new byte[capacity];
    }

    /** Drops everything queued (a new connection). */
    void clear() {
        start = 0;
        end = 0;
    }

    byte[] buf() {
        return buf;
    }

    int pending() {
        return end - start;
    }

    /** Free bytes for a writer that must leave {@code keep} bytes unused. */
    int room(int keep) {
        return buf.length - keep - (end - start);
    }

    /** Reserves {@code n} contiguous bytes leaving {@code keep} free; returns their offset or -1 (nothing changed). */
    @HotPath
    int reserve(int n, int keep) {
        if (n > room(keep)) {
            return -1;
        }
        if (end + n > buf.length) {
            System.arraycopy(buf, start, buf, 0, end - start);
            end -= start;
            start = 0;
        }
        int at = end;
        end += n;
        return at;
    }

    /** Copies up to {@code cap} queued bytes into {@code out}; returns the count. */
    @HotPath
    int poll(byte[] out, int off, int cap) {
        int n = Math.min(cap, end - start);
        System.arraycopy(buf, start, out, off, n);
        start += n;
        if (start == end) {
            start = 0;
            end = 0;
        }
        return n;
    }

    /** A frame whose payload is one 32-bit value (RST_STREAM, WINDOW_UPDATE); false if it does not fit. */
    @HotPath
    boolean frame32(int type, int flags, int streamId, int value, int keep) {
        int at = reserve(FrameHeader.SIZE + 4, keep);
        if (at < 0) {
            return false;
        }
        FrameHeader.write(buf, at, 4, type, flags, streamId);
        putInt(at + FrameHeader.SIZE, value);
        return true;
    }

    /** PING or PING ACK carrying the 8 opaque bytes at {@code src[off]}. */
    @HotPath
    boolean ping(int flags, byte[] src, int off, int keep) {
        int at = reserve(FrameHeader.SIZE + 8, keep);
        if (at < 0) {
            return false;
        }
        FrameHeader.write(buf, at, 8, H2Constants.TYPE_PING, flags, 0);
        System.arraycopy(src, off, buf, at + FrameHeader.SIZE, 8);
        return true;
    }

    /** GOAWAY without debug data (RFC 9113 §6.8). */
    @HotPath
    boolean goAway(int lastStreamId, int errorCode) {
        int at = reserve(GOAWAY_SIZE, 0);
        if (at < 0) {
            return false;
        }
        FrameHeader.write(buf, at, 8, H2Constants.TYPE_GOAWAY, 0, 0);
        putInt(at + FrameHeader.SIZE, lastStreamId & 0x7fffffff);
        putInt(at + FrameHeader.SIZE + 4, errorCode);
        return true;
    }

    void putInt(int at, int v) {
        buf[at] = (byte) (v >>> 24);
        buf[at + 1] = (byte) (v >>> 16);
        buf[at + 2] = (byte) (v >>> 8);
        buf[at + 3] = (byte) v;
    }
}
