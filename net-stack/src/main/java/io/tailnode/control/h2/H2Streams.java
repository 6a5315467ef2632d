package io.tailnode.control.h2;

import io.tailnode.lang.HotPath;

/**
 * Fixed table of stream slots (RFC 9113 §5.1 states reduced to two end flags) with the flow-control windows of
 * §6.9 and one receive ring per slot. The ring is as large as the window we advertise, and the invariant
 * {@code buffered + recvWindow + pendingCredit == ring size} means a peer that respects flow control can
 * never overflow it; one that does not is caught before the write. Lookups are linear over a handful of slots.
 */
final class H2Streams {
    static final int LOCAL_END = 1;
    static final int REMOTE_END = 2;
    static final int HEADERS_SEEN = 4;

    private final int[] ids;
    final int[] flags;
    final int[] sendWindow;
    final int[] recvWindow;
    final int[] pendingCredit;
    private final byte[] ring;
    private final int[] head;
    private final int[] fill;
    private final int ringSize;
    private int open;

    H2Streams(int slots, int ringSize) {
        ids = new int[slots];
        flags = new int[slots];
        sendWindow = new int[slots];
        recvWindow = new int[slots];
        pendingCredit = new int[slots];
        head = new int[slots];
        fill = new int[slots];
        ring = new byte[slots * ringSize];
        this.ringSize = ringSize;
    }

    /** Frees every slot (a new connection). */
    void clear() {
        for (int i = 0; i < ids.length; i++) {
            ids[i] = 0;
            flags[i] = 0;
            fill[i] = 0;
            head[i] = 0;
            pendingCredit[i] = 0;
        }
        open = 0;
    }

    int capacity() {
        return ids.length;
    }

    int open() {
        return open;
    }

    int ringSize() {
        return ringSize;
    }

    int id(int slot) {
        return ids[slot];
    }

    /** Slot of an open stream, or -1. */
    @HotPath
    int slotOf(int streamId) {
        if (streamId <= 0) {
            return -1;
        }
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == streamId) {
                return i;
            }
        }
        return -1;
    }

    /** A free slot, or -1. */
    @HotPath
    int freeSlot() {
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    @HotPath
    void allocate(int slot, int streamId, int peerInitialWindow) {
        ids[slot] = streamId;
        flags[slot] = 0;
        sendWindow[slot] = peerInitialWindow;
        recvWindow[slot] = ringSize;
        pendingCredit[slot] = 0;
        head[slot] = 0;
        fill[slot] = 0;
        open++;
    }

    /** Frees the slot; returns the buffered bytes dropped (they must be credited to the connection window). */
    @HotPath
    int release(int slot) {
        int dropped = fill[slot];
        ids[slot] = 0;
        flags[slot] = 0;
        fill[slot] = 0;
        open--;
        return dropped;
    }

    int buffered(int slot) {
        return fill[slot];
    }

    /** Appends received DATA; the caller has checked the window, which guarantees room. */
    @HotPath
    void write(int slot, byte[] src, int off, int len) {
        int base = slot * ringSize;
        int tail = (head[slot] + fill[slot]) % ringSize;
        int first = Math.min(len, ringSize - tail);
        System.arraycopy(src, off, ring, base + tail, first);
        System.arraycopy(src, off + first, ring, base, len - first);
        fill[slot] += len;
    }

    /** Copies up to {@code len} buffered bytes out; returns the count. */
    @HotPath
    int read(int slot, byte[] dst, int off, int len) {
        int n = Math.min(len, fill[slot]);
        int base = slot * ringSize;
        int h = head[slot];
        int first = Math.min(n, ringSize - h);
        System.arraycopy(ring, base + h, dst, off, first);
        System.arraycopy(ring, base, dst, off + first, n - first);
        head[slot] = (h + n) % ringSize;
        fill[slot] -= n;
        return n;
    }
}
