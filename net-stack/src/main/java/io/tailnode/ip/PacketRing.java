package io.tailnode.ip;

import io.tailnode.lang.HotPath;

/**
 * A ring of variable-length packets bounded twice, after smoltcp's {@code storage/packet_buffer.rs}: a
 * metadata ring bounds the <em>number</em> of packets, a payload ring their <em>total bytes</em>. Each packet
 * is stored contiguously; one that does not fit before the end of the payload ring starts at 0 and the skipped
 * tail counts against the bytes until the packet is popped. Callers keep per-packet metadata in their own
 * arrays indexed by the slot that {@link #push} returns. Not thread-safe.
 */
public final class PacketRing {
    private final byte[] payload;
    private final int[] start;
    private final int[] length;
    private final int[] span;
    private int read;
    private int count;
    private int payloadRead;
    private int payloadUsed;

    public PacketRing(int packets, int bytes) {
        if (packets < 1 || bytes < 1) {
            throw new IllegalArgumentException("ring size");
        }
        payload = new byte[bytes];
        start = new int[packets];
        length = new int[packets];
        span = new int[packets];
    }

    /**
     * Copies {@code src[off, off+len)} in as the newest packet; returns its slot (for the caller's metadata),
     * or -1 if the packet count or the bytes are exhausted (nothing changes then).
     */
    @HotPath
    public int push(byte[] src, int off, int len) {
        int cap = payload.length;
        if (count == start.length || len > cap - payloadUsed) {
            return -1;
        }
        if (payloadUsed == 0) {
            payloadRead = 0; // empty: the whole ring is contiguous again
        }
        int write = payloadRead + payloadUsed;
        if (write >= cap) {
            write -= cap;
        }
        int pad = 0;
        if (write >= payloadRead && len > cap - write) {
            // Not enough room before the end: skip the tail and start at 0, if the head leaves room there.
            if (len > payloadRead) {
                return -1;
            }
            pad = cap - write;
            if (pad + len > cap - payloadUsed) {
                return -1;
            }
            write = 0;
        }
        int slot = read + count;
        if (slot >= start.length) {
            slot -= start.length;
        }
        System.arraycopy(src, off, payload, write, len);
        start[slot] = write;
        length[slot] = len;
        span[slot] = pad + len;
        payloadUsed += pad + len;
        count++;
        return slot;
    }

    public boolean isEmpty() {
        return count == 0;
    }

    public int size() {
        return count;
    }

    /** Slot of the oldest packet (meaningless when empty). */
    public int oldestSlot() {
        return read;
    }

    /** Length of the oldest packet, or -1 when empty. */
    public int peekLength() {
        return count == 0 ? -1 : length[read];
    }

    /** Copies the oldest packet to {@code dst[off...]} (caller checked the room) and removes it. */
    @HotPath
    public int pop(byte[] dst, int off) {
        int n = length[read];
        System.arraycopy(payload, start[read], dst, off, n);
        payloadRead += span[read];
        if (payloadRead >= payload.length) {
            payloadRead -= payload.length;
        }
        payloadUsed -= span[read];
        read = read + 1 == start.length ? 0 : read + 1;
        count--;
        return n;
    }

    public void clear() {
        read = 0;
        count = 0;
        payloadRead = 0;
        payloadUsed = 0;
    }
}
