package io.tailnode.firmware.keystore;

/**
 * RAM index of the live sector: for each record type (known to this firmware or not), where its latest
 * committed record is. Parallel int arrays sized once from the configured number of types, so lookups and
 * updates allocate nothing; a linear search is right for the ~10 types a device has.
 */
final class RecordIndex {
    private final int[] types;
    private final int[] addresses;
    private final int[] sequences;
    private final int[] lengths;
    private final int[] flags;
    private int count;

    RecordIndex(int capacity) {
        types = new int[capacity];
        addresses = new int[capacity];
        sequences = new int[capacity];
        lengths = new int[capacity];
        flags = new int[capacity];
    }

    void clear() {
        count = 0;
    }

    int count() {
        return count;
    }

    boolean isFull() {
        return count == types.length;
    }

    /** Slot of {@code type}, or -1. */
    int find(int type) {
        for (int i = 0; i < count; i++) {
            if (types[i] == type) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Records that {@code type}'s record at {@code address} has {@code sequence}; keeps it only if newer than the
     * one already indexed (sequence numbers grow by one per record written; signed difference survives wrap).
     * Returns false if the type is new and the index is full.
     */
    boolean offer(int type, int address, int sequence, int length, int flag) {
        int i = find(type);
        if (i < 0) {
            if (count == types.length) {
                return false;
            }
            i = count++;
            types[i] = type;
        } else if (sequence - sequences[i] <= 0) {
            return true;
        }
        addresses[i] = address;
        sequences[i] = sequence;
        lengths[i] = length;
        flags[i] = flag;
        return true;
    }

    int type(int slot) {
        return types[slot];
    }

    int address(int slot) {
        return addresses[slot];
    }

    int length(int slot) {
        return lengths[slot];
    }

    boolean isTombstone(int slot) {
        return flags[slot] == KeyStoreLayout.FLAG_TOMBSTONE;
    }

    boolean hasTombstones() {
        for (int i = 0; i < count; i++) {
            if (isTombstone(i)) {
                return true;
            }
        }
        return false;
    }

    /** Flash bytes the live (non-deleted) records need after a garbage collection. */
    int liveFootprint(KeyStoreLayout layout) {
        int sum = 0;
        for (int i = 0; i < count; i++) {
            if (!isTombstone(i)) {
                sum += layout.footprint(lengths[i]);
            }
        }
        return sum;
    }

    /** After garbage collection: slot i moved to {@code newAddresses[i]}; -1 (tombstones) drops the slot. */
    void relocate(int[] newAddresses) {
        int n = 0;
        for (int i = 0; i < count; i++) {
            if (newAddresses[i] >= 0) {
                types[n] = types[i];
                addresses[n] = newAddresses[i];
                sequences[n] = sequences[i];
                lengths[n] = lengths[i];
                flags[n] = flags[i];
                n++;
            }
        }
        count = n;
    }
}
