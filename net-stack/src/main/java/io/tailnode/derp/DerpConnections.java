package io.tailnode.derp;

/**
 * Which DERP region each of a fixed set of {@link DerpClient}s serves (tailscale-protocol.md §3.4): one connection
 * to the home region, kept for good, plus connections to peers' home regions opened on demand and closed after
 * 60 s without use (as Go's client does); on a board the set is small (e.g. home + 1) and the clients share the
 * I/O thread. Bookkeeping only, sans-I/O: the driver opens and closes the TLS connections it is told about.
 * <ul>
 * <li>{@link #acquire}: the slot already serving a region, else a free slot, else the least recently used
 * non-home slot, whose old region the driver must disconnect first ({@link #lastEvictedRegion}); NO_SLOT when
 * every slot is the home (capacity 1).</li>
 * <li>{@link #setHome}: acquires and marks the home slot; the previous home becomes an ordinary, closable one.</li>
 * <li>{@link #idleSlot}: a non-home slot unused for {@link #IDLE_CLOSE_MS}; the driver closes it and calls
 * {@link #release}.</li>
 * </ul>
 * Region 0 means "free". No allocation after construction; not thread-safe.
 */
public final class DerpConnections {
    public static final long IDLE_CLOSE_MS = 60000;
    public static final int NO_SLOT = -1;

    private final DerpClient[] clients;
    private final int[] region;
    private final long[] lastUsed;
    private int homeSlot = -1;
    private int lastEvicted;

    /** @param clients one per slot, built by the caller with its capacities (the array is kept, not copied) */
    public DerpConnections(DerpClient[] clients) {
        if (clients == null || clients.length == 0) {
            throw new IllegalArgumentException("no clients");
        }
        this.clients = clients;
        region = new int[clients.length];
        lastUsed = new long[clients.length];
    }

    public int capacity() {
        return clients.length;
    }

    public DerpClient client(int slot) {
        return clients[slot];
    }

    /** Region served by a slot, 0 if free. */
    public int regionAt(int slot) {
        return region[slot];
    }

    public boolean isHome(int slot) {
        return slot == homeSlot;
    }

    public int homeSlot() {
        return homeSlot;
    }

    /** Slot serving {@code regionId}, or NO_SLOT. */
    public int slotOf(int regionId) {
        for (int i = 0; i < clients.length; i++) {
            if (region[i] == regionId && regionId != 0) {
                return i;
            }
        }
        return NO_SLOT;
    }

    /**
     * The slot for {@code regionId}, marked used now. If the slot served another region, that region is in
     * {@link #lastEvictedRegion} (else 0) and the driver must close that connection before dialling the new one.
     */
    public int acquire(int regionId, long nowMs) {
        lastEvicted = 0;
        if (regionId <= 0) {
            return NO_SLOT;
        }
        int s = slotOf(regionId);
        if (s < 0) {
            s = slotOf0();
        }
        if (s < 0) {
            for (int i = 0; i < clients.length; i++) {
                if (i != homeSlot && (s < 0 || lastUsed[i] < lastUsed[s])) {
                    s = i;
                }
            }
            if (s < 0) {
                return NO_SLOT;
            }
            lastEvicted = region[s];
        }
        region[s] = regionId;
        lastUsed[s] = nowMs;
        return s;
    }

    private int slotOf0() {
        for (int i = 0; i < clients.length; i++) {
            if (region[i] == 0) {
                return i;
            }
        }
        return NO_SLOT;
    }

    /** Region whose connection the last {@link #acquire} / {@link #setHome} took over (0: none). */
    public int lastEvictedRegion() {
        return lastEvicted;
    }

    /** Makes {@code regionId} the home region; returns its slot (see {@link #acquire}). */
    public int setHome(int regionId, long nowMs) {
        int previous = homeSlot;
        homeSlot = -1;
        int s = acquire(regionId, nowMs);
        homeSlot = s >= 0 ? s : previous;
        return s;
    }

    /** A packet went to or came from the region of {@code slot}. */
    public void noteUsed(int slot, long nowMs) {
        lastUsed[slot] = nowMs;
    }

    /** A non-home slot unused for {@link #IDLE_CLOSE_MS}, or NO_SLOT. */
    public int idleSlot(long nowMs) {
        for (int i = 0; i < clients.length; i++) {
            if (i != homeSlot && region[i] != 0 && nowMs - lastUsed[i] >= IDLE_CLOSE_MS) {
                return i;
            }
        }
        return NO_SLOT;
    }

    /** The driver closed the slot's connection: it is free again. */
    public void release(int slot) {
        region[slot] = 0;
        if (slot == homeSlot) {
            homeSlot = -1;
        }
    }

    /** When the next idle close is due; Long.MAX_VALUE if none. */
    public long nextDeadline() {
        long d = Long.MAX_VALUE;
        for (int i = 0; i < clients.length; i++) {
            if (i != homeSlot && region[i] != 0) {
                d = Math.min(d, lastUsed[i] + IDLE_CLOSE_MS);
            }
        }
        return d;
    }
}
