package io.tailnode.ip;

import io.tailnode.lang.HotPath;

/**
 * The stack's fixed queue of outgoing IP packets (echo replies, ICMP errors, UDP datagrams), drained one per
 * {@link IpStack#poll}. Storage is one array of {@code slots} x {@code slotSize} bytes allocated here, so a
 * producer builds its packet straight into the slot ({@link #reserve()}, write at {@link #offset(int)} in
 * {@link #buffer()}, {@link #commit(int, int)}) and nothing is copied until poll. A full queue is the
 * producer's to count (OUTPUT_QUEUE_FULL / SEND_QUEUE_FULL). Not thread-safe.
 */
public final class OutputQueue {
    private final byte[] storage;
    private final int[] lengths;
    private final int slotSize;
    private int head;
    private int count;

    public OutputQueue(int slots, int slotSize) {
        if (slots < 1 || slotSize < 1 || (long) slots * slotSize > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("queue size");
        }
        this.storage = new byte[slots * slotSize];
        this.lengths = new int[slots];
        this.slotSize = slotSize;
    }

    /** The slot the next packet goes into, or -1 if the queue is full. Nothing is committed until commit. */
    @HotPath
    public int reserve() {
        if (count == lengths.length) {
            return -1;
        }
        int s = head + count;
        return s >= lengths.length ? s - lengths.length : s;
    }

    public byte[] buffer() {
        return storage;
    }

    /** Absolute offset of {@code slot} in {@link #buffer()}. */
    public int offset(int slot) {
        return slot * slotSize;
    }

    public int slotSize() {
        return slotSize;
    }

    /** Queues the packet of {@code len} bytes written into the slot from {@link #reserve()}. */
    @HotPath
    public void commit(int slot, int len) {
        lengths[slot] = len;
        count++;
    }

    public boolean isEmpty() {
        return count == 0;
    }

    public boolean isFull() {
        return count == lengths.length;
    }

    public int size() {
        return count;
    }

    /** Length of the oldest packet, or 0 if empty. */
    public int peekLength() {
        return count == 0 ? 0 : lengths[head];
    }

    /**
     * Moves the oldest packet to {@code out[off...]}; returns its length, 0 if empty, or BUFFER_TOO_SMALL
     * (the packet stays queued).
     */
    @HotPath
    public int pop(byte[] out, int off, int cap) {
        if (count == 0) {
            return 0;
        }
        int n = lengths[head];
        if (out == null || off < 0 || cap < n || off > out.length - cap) {
            return IpReason.BUFFER_TOO_SMALL;
        }
        System.arraycopy(storage, head * slotSize, out, off, n);
        head = head + 1 == lengths.length ? 0 : head + 1;
        count--;
        return n;
    }
}
