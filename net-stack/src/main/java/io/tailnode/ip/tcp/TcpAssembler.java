package io.tailnode.ip.tcp;

import io.tailnode.lang.HotPath;

/**
 * Out-of-order bookkeeping for one receive window (after smoltcp storage/assembler.rs): up to a fixed number
 * of disjoint byte ranges, as offsets from RCV.NXT, whose data already sits in the receive ring's free space.
 * A range that would need one slot more than configured is refused (the segment is dropped and retransmitted
 * later), so memory stays fixed. Ranges are kept sorted and merged when they touch. Not thread-safe.
 */
final class TcpAssembler {
    private final int[] starts;
    private final int[] ends;
    private int count;

    TcpAssembler(int capacity) {
        starts = new int[capacity];
        ends = new int[capacity];
    }

    void clear() {
        count = 0;
    }

    int ranges() {
        return count;
    }

    /** Records bytes {@code [start, end)} (offsets from RCV.NXT, start > 0). False if no slot is left. */
    @HotPath
    boolean add(int start, int end) {
        int i = 0;
        while (i < count && ends[i] < start) {
            i++;
        }
        // Merge every range touching [start, end) into slot i.
        int j = i;
        while (j < count && starts[j] <= end) {
            start = Math.min(start, starts[j]);
            end = Math.max(end, ends[j]);
            j++;
        }
        if (j > i) {
            starts[i] = start;
            ends[i] = end;
            shiftDown(i + 1, j - i - 1);
            return true;
        }
        if (count == starts.length) {
            return false;
        }
        for (int k = count; k > i; k--) {
            starts[k] = starts[k - 1];
            ends[k] = ends[k - 1];
        }
        starts[i] = start;
        ends[i] = end;
        count++;
        return true;
    }

    private void shiftDown(int from, int by) {
        if (by == 0) {
            return;
        }
        for (int k = from; k + by < count; k++) {
            starts[k] = starts[k + by];
            ends[k] = ends[k + by];
        }
        count -= by;
    }

    /**
     * In-order bytes {@code [0, n)} have arrived: returns how many bytes are now contiguous from RCV.NXT
     * (n plus any ranges it reaches) and rebases the remaining ranges on the new RCV.NXT.
     */
    @HotPath
    int advance(int n) {
        int total = n;
        int drop = 0;
        while (drop < count && starts[drop] <= total) {
            total = Math.max(total, ends[drop]);
            drop++;
        }
        int k = 0;
        for (int s = drop; s < count; s++) {
            starts[k] = starts[s] - total;
            ends[k] = ends[s] - total;
            k++;
        }
        count = k;
        return total;
    }
}
