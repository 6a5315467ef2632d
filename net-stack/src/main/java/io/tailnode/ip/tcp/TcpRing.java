package io.tailnode.ip.tcp;

import io.tailnode.lang.HotPath;

/**
 * A fixed byte ring (smoltcp storage/ring_buffer.rs): the send buffer keeps unacknowledged and unsent bytes
 * (retransmission reads them with {@link #peek}); the receive buffer keeps in-order bytes plus, in its free
 * space, out-of-order bytes written with {@link #writeAt} and made readable by {@link #commit} once the hole
 * before them fills. Allocated once; never grows. Not thread-safe.
 */
final class TcpRing {
    private final byte[] data;
    private int head;
    private int count;

    TcpRing(int capacity) {
        data = new byte[capacity];
    }

    int capacity() {
        return data.length;
    }

    int count() {
        return count;
    }

    int free() {
        return data.length - count;
    }

    void clear() {
        head = 0;
        count = 0;
    }

    /** Appends up to {@code len} bytes; returns how many fit. */
    @HotPath
    int write(byte[] src, int off, int len) {
        int n = Math.min(len, free());
        writeAt(0, src, off, n);
        count += n;
        return n;
    }

    /**
     * Copies {@code len} bytes into the free space, {@code gap} bytes past the readable end, without making
     * them readable. The caller keeps {@code gap + len <= free()}.
     */
    @HotPath
    void writeAt(int gap, byte[] src, int off, int len) {
        int cap = data.length;
        int pos = (head + count + gap) % cap;
        int first = Math.min(len, cap - pos);
        System.arraycopy(src, off, data, pos, first);
        if (len > first) {
            System.arraycopy(src, off + first, data, 0, len - first);
        }
    }

    /** Makes {@code n} bytes written by {@link #writeAt} at gap 0 readable. */
    void commit(int n) {
        count += n;
    }

    /** Copies {@code len} bytes starting {@code from} bytes after the head, without consuming them. */
    @HotPath
    void peek(int from, byte[] dst, int off, int len) {
        int cap = data.length;
        int pos = (head + from) % cap;
        int first = Math.min(len, cap - pos);
        System.arraycopy(data, pos, dst, off, first);
        if (len > first) {
            System.arraycopy(data, 0, dst, off + first, len - first);
        }
    }

    /** Consumes up to {@code len} bytes into {@code dst}; returns how many. */
    @HotPath
    int read(byte[] dst, int off, int len) {
        int n = Math.min(len, count);
        peek(0, dst, off, n);
        discard(n);
        return n;
    }

    /** Drops {@code n <= count} bytes from the head (acknowledged data). */
    void discard(int n) {
        head = (head + n) % data.length;
        // The head never snaps back to 0 when empty: out-of-order bytes may already sit past it.
        count -= n;
    }
}
