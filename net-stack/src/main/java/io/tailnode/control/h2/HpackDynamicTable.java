package io.tailnode.control.h2;

import io.tailnode.lang.HotPath;

/**
 * The HPACK dynamic table (RFC 7541 §2.3.2, §4) in a fixed byte budget. Entries are stored oldest first, bytes
 * packed in one array; eviction drops the oldest and slides the rest down. With a budget of at most a few KiB
 * that copy is cheaper than ring bookkeeping and keeps every entry contiguous. Entry size is name + value + 32
 * (§4.1), so the byte array never needs more than the budget and the entry arrays never more than budget/32.
 */
final class HpackDynamicTable {
    private static final int ENTRY_OVERHEAD = 32;

    private final byte[] bytes;
    private final int[] nameLen;
    private final int[] valueLen;
    private final int[] offset;
    private int count;
    private int usedBytes;
    private int size;
    private int maxSize;

    /** {@code capacity} is the largest maximum size the table may be set to (our SETTINGS_HEADER_TABLE_SIZE). */
    HpackDynamicTable(int capacity) {
        bytes = new byte[capacity];
        int entries = capacity / ENTRY_OVERHEAD + 1;
        nameLen = new int[entries];
        valueLen = new int[entries];
        offset = new int[entries];
        maxSize = capacity;
    }

    int count() {
        return count;
    }

    int size() {
        return size;
    }

    int maxSize() {
        return maxSize;
    }

    byte[] bytes() {
        return bytes;
    }

    /** Position of entry {@code index} (1 = newest, §2.3.3). Callers check {@code 1 <= index <= count()}. */
    int nameOffset(int index) {
        return offset[count - index];
    }

    int nameLength(int index) {
        return nameLen[count - index];
    }

    int valueOffset(int index) {
        int e = count - index;
        return offset[e] + nameLen[e];
    }

    int valueLength(int index) {
        return valueLen[count - index];
    }

    /** Dynamic table size update (§6.3); the caller has checked {@code max <=} the capacity. */
    @HotPath
    void setMaxSize(int max) {
        maxSize = max;
        evictTo(max);
    }

    /** Adds an entry (§4.4): evicts until it fits; an entry larger than the table empties it and is not added. */
    @HotPath
    void add(byte[] src, int nOff, int nLen, int vOff, int vLen) {
        int entrySize = nLen + vLen + ENTRY_OVERHEAD;
        if (entrySize > maxSize) {
            evictTo(0);
            return;
        }
        evictTo(maxSize - entrySize);
        offset[count] = usedBytes;
        nameLen[count] = nLen;
        valueLen[count] = vLen;
        System.arraycopy(src, nOff, bytes, usedBytes, nLen);
        System.arraycopy(src, vOff, bytes, usedBytes + nLen, vLen);
        usedBytes += nLen + vLen;
        size += entrySize;
        count++;
    }

    @HotPath
    private void evictTo(int target) {
        int drop = 0;
        int dropBytes = 0;
        while (size > target && drop < count) {
            int n = nameLen[drop] + valueLen[drop];
            dropBytes += n;
            size -= n + ENTRY_OVERHEAD;
            drop++;
        }
        if (drop == 0) {
            return;
        }
        System.arraycopy(bytes, dropBytes, bytes, 0, usedBytes - dropBytes);
        usedBytes -= dropBytes;
        int keep = count - drop;
        for (int i = 0; i < keep; i++) {
            offset[i] = offset[i + drop] - dropBytes;
            nameLen[i] = nameLen[i + drop];
            valueLen[i] = valueLen[i + drop];
        }
        count = keep;
    }
}
