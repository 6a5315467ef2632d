package io.tailnode.wg;

import io.tailnode.lang.HotPath;

/**
 * Maps our random 32-bit local indices (the "sender index" we put in handshake messages and the receiver
 * index peers echo back, whitepaper §5.4.2) to peer slots. Indices are random so an observer cannot count
 * sessions or guess the next one; 0 is never handed out, so it marks "no index" in callers and an empty entry
 * here.
 * <p>
 * Open addressing with linear probing and backward-shift deletion (no tombstones, so lookups stay short after
 * churn); the table is twice the entry capacity, keeping the load at or below one half. Every array is
 * allocated in the constructor. Not thread-safe; one event loop.
 */
public final class IndexTable {
    /** Random draws before giving up on finding an unused index (each succeeds with p >= 1/2 of the space). */
    private static final int MAX_DRAWS = 16;

    private final int[] keys;
    private final int[] slots;
    private final int mask;
    /** 32 - log2(table size): Fibonacci hashing keeps the high bits of the product. */
    private final int shift;
    private final int maxEntries;
    private final WgRandom random;
    private final byte[] draw = new byte[4];
    private int size;

    /**
     * @param maxEntries indices that can be live at once: per peer one handshake plus three keypairs
     *                   (current, previous, next), so {@code 4 * peers}
     */
    public IndexTable(int maxEntries, WgRandom random) {
        if (maxEntries < 1 || maxEntries > (1 << 24)) {
            throw new IllegalArgumentException("maxEntries");
        }
        int cap = 2;
        while (cap < 2 * maxEntries) {
            cap <<= 1;
        }
        this.keys = new int[cap];
        this.slots = new int[cap];
        this.mask = cap - 1;
        this.shift = 32 - Integer.numberOfTrailingZeros(cap);
        this.maxEntries = maxEntries;
        this.random = random;
    }

    /**
     * Registers a fresh random non-zero index for {@code peerSlot}.
     *
     * @return the index as an unsigned value ({@code (int)} it for the wire), or {@link WgReason#TABLE_FULL}
     */
    @HotPath
    public long allocate(int peerSlot) {
        if (size >= maxEntries) {
            return WgReason.TABLE_FULL;
        }
        for (int attempt = 0; attempt < MAX_DRAWS; attempt++) {
            random.nextBytes(draw, 0, 4);
            int index = (draw[0] & 0xFF) | (draw[1] & 0xFF) << 8 | (draw[2] & 0xFF) << 16 | draw[3] << 24;
            if (index == 0) {
                continue;
            }
            int i = home(index);
            while (keys[i] != 0 && keys[i] != index) {
                i = (i + 1) & mask;
            }
            if (keys[i] == 0) {
                keys[i] = index;
                slots[i] = peerSlot;
                size++;
                return index & 0xFFFFFFFFL;
            }
        }
        // Only reachable with a broken random source: a healthy one finds a free index almost surely.
        return WgReason.TABLE_FULL;
    }

    /** The peer slot registered for {@code index}, or {@link WgReason#UNKNOWN_INDEX} (also for 0). */
    @HotPath
    public int lookup(int index) {
        if (index == 0) {
            return WgReason.UNKNOWN_INDEX;
        }
        int i = home(index);
        while (keys[i] != 0) {
            if (keys[i] == index) {
                return slots[i];
            }
            i = (i + 1) & mask;
        }
        return WgReason.UNKNOWN_INDEX;
    }

    /** Forgets {@code index}; returns false if it was not registered. */
    @HotPath
    public boolean remove(int index) {
        if (index == 0) {
            return false;
        }
        int i = home(index);
        while (keys[i] != index) {
            if (keys[i] == 0) {
                return false;
            }
            i = (i + 1) & mask;
        }
        // Backward-shift deletion: pull later members of the probe run into the hole so no lookup stops early.
        int hole = i;
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            if (keys[j] == 0) {
                break;
            }
            int h = home(keys[j]);
            boolean movable = hole <= j ? (h <= hole || h > j) : (h <= hole && h > j);
            if (movable) {
                keys[hole] = keys[j];
                slots[hole] = slots[j];
                hole = j;
            }
        }
        keys[hole] = 0;
        slots[hole] = 0;
        size--;
        return true;
    }

    /** Live indices. */
    public int size() {
        return size;
    }

    public int capacity() {
        return maxEntries;
    }

    /** Fibonacci hashing: indices are random, but a peer echoing chosen receiver indices cannot cluster them. */
    private int home(int index) {
        return (index * 0x9E3779B9) >>> shift;
    }
}
