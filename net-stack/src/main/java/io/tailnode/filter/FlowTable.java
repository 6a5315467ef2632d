package io.tailnode.filter;

import io.tailnode.lang.HotPath;

/**
 * The flows the device opened, so their replies get through the inbound filter (Go records outbound UDP tuples in
 * an LRU of 512, shared tailscale-protocol.md §5.3 step 4/7; we also record ICMP echo identifiers). A flow is
 * (protocol, family, remote address, local address, remote port, local port) as seen from the device; for ICMP
 * echo the remote port is 0 and the local port the echo identifier.
 * <p>
 * Fixed capacity, primitive arrays, allocation-free: a chained hash index (buckets = the next power of two at
 * or above twice the capacity) plus a doubly linked recency list. {@link #note} inserts or refreshes; when full
 * it evicts the least recently used flow. A flow with no packet either way for {@code timeoutMs} has expired:
 * lookups treat it as absent and remove it. Memory: 58 bytes per flow plus 4 bytes per hash bucket, 2 to 4
 * buckets per flow ({@link #bytesFor}: 4,224 bytes for 64 flows). Not thread-safe.
 */
public final class FlowTable {
    private static final int NONE = -1;

    private final long timeoutMs;
    private final byte[] proto;
    private final byte[] family;
    private final long[] remoteHi;
    private final long[] remoteLo;
    private final long[] localHi;
    private final long[] localLo;
    /** Remote port in the high 16 bits, local port in the low 16 bits. */
    private final int[] ports;
    private final long[] lastSeen;
    private final int[] prev;
    private final int[] next;
    private final int[] chain;
    private final int[] buckets;
    private final int mask;

    private int head = NONE;
    private int tail = NONE;
    private int size;
    private long evicted;
    private long expired;

    public FlowTable(int capacity, long timeoutMs) {
        if (capacity < 1 || timeoutMs < 1) {
            throw new IllegalArgumentException("flow table");
        }
        this.timeoutMs = timeoutMs;
        proto = new byte[capacity];
        family = new byte[capacity];
        remoteHi = new long[capacity];
        remoteLo = new long[capacity];
        localHi = new long[capacity];
        localLo = new long[capacity];
        ports = new int[capacity];
        lastSeen = new long[capacity];
        prev = new int[capacity];
        next = new int[capacity];
        chain = new int[capacity];
        int b = 1;
        while (b < 2 * capacity) {
            b <<= 1;
        }
        buckets = new int[b];
        mask = b - 1;
        clear();
    }

    /** Bytes of primitive storage for {@code capacity} flows. */
    public static int bytesFor(int capacity) {
        int b = 1;
        while (b < 2 * capacity) {
            b <<= 1;
        }
        return 58 * capacity + 4 * b;
    }

    public void clear() {
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = NONE;
        }
        head = NONE;
        tail = NONE;
        size = 0;
    }

    public int size() {
        return size;
    }

    public int capacity() {
        return proto.length;
    }

    /** Flows pushed out by newer ones because the table was full. */
    public long evicted() {
        return evicted;
    }

    /** Flows found expired on lookup (or reused after expiring). */
    public long expired() {
        return expired;
    }

    @HotPath
    private int hash(int p, long rHi, long rLo, long lHi, long lLo, int pp) {
        long h = rLo * 0x9E3779B97F4A7C15L;
        h ^= rHi + 0x632BE59BD9B4E019L + (h << 6) + (h >>> 2);
        h ^= lLo + 0x9E3779B97F4A7C15L + (h << 6) + (h >>> 2);
        h ^= lHi + (h << 6) + (h >>> 2);
        h ^= ((long) pp << 8 | p) * 0xC2B2AE3D27D4EB4FL;
        h ^= h >>> 29;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    @HotPath
    private int find(int p, int f, long rHi, long rLo, long lHi, long lLo, int pp) {
        int i = buckets[hash(p, rHi, rLo, lHi, lLo, pp)];
        while (i != NONE) {
            if (ports[i] == pp && remoteLo[i] == rLo && localLo[i] == lLo && remoteHi[i] == rHi && localHi[i] == lHi
                    && (proto[i] & 0xff) == p && family[i] == f) {
                return i;
            }
            i = chain[i];
        }
        return NONE;
    }

    /**
     * The device sent a packet of this flow: records it, or refreshes it. Evicts the least recently used flow when
     * the table is full.
     */
    @HotPath
    public void note(int p, int f, long rHi, long rLo, long lHi, long lLo, int remotePort, int localPort, long now) {
        int pp = (remotePort << 16) | (localPort & 0xffff);
        int i = find(p, f, rHi, rLo, lHi, lLo, pp);
        if (i != NONE) {
            lastSeen[i] = now;
            toFront(i);
            return;
        }
        if (size < proto.length) {
            i = size++;
        } else {
            i = tail;
            if (now - lastSeen[i] > timeoutMs) {
                expired++;
            } else {
                evicted++;
            }
            unlinkHash(i);
            unlinkList(i);
        }
        proto[i] = (byte) p;
        family[i] = (byte) f;
        remoteHi[i] = rHi;
        remoteLo[i] = rLo;
        localHi[i] = lHi;
        localLo[i] = lLo;
        ports[i] = pp;
        lastSeen[i] = now;
        int b = hash(p, rHi, rLo, lHi, lLo, pp);
        chain[i] = buckets[b];
        buckets[b] = i;
        pushFront(i);
    }

    /**
     * Whether this flow is tracked and not expired; if so and {@code refresh}, a reply counts as activity (as an
     * LRU lookup does in Go). An expired flow is removed.
     */
    @HotPath
    public boolean contains(int p, int f, long rHi, long rLo, long lHi, long lLo, int remotePort, int localPort,
            long now, boolean refresh) {
        int pp = (remotePort << 16) | (localPort & 0xffff);
        int i = find(p, f, rHi, rLo, lHi, lLo, pp);
        if (i == NONE) {
            return false;
        }
        if (now - lastSeen[i] > timeoutMs) {
            expired++;
            remove(i);
            return false;
        }
        if (refresh) {
            lastSeen[i] = now;
            toFront(i);
        }
        return true;
    }

    /** Removes entry i and moves the last entry into its slot, so used entries stay dense in 0..size-1. */
    private void remove(int i) {
        unlinkHash(i);
        unlinkList(i);
        int last = --size;
        if (i == last) {
            return;
        }
        // Move entry `last` to slot i.
        unlinkHash(last);
        int pl = prev[last];
        int nl = next[last];
        proto[i] = proto[last];
        family[i] = family[last];
        remoteHi[i] = remoteHi[last];
        remoteLo[i] = remoteLo[last];
        localHi[i] = localHi[last];
        localLo[i] = localLo[last];
        ports[i] = ports[last];
        lastSeen[i] = lastSeen[last];
        prev[i] = pl;
        next[i] = nl;
        if (pl != NONE) {
            next[pl] = i;
        } else {
            head = i;
        }
        if (nl != NONE) {
            prev[nl] = i;
        } else {
            tail = i;
        }
        int b = hash(proto[i] & 0xff, remoteHi[i], remoteLo[i], localHi[i], localLo[i], ports[i]);
        chain[i] = buckets[b];
        buckets[b] = i;
    }

    private void unlinkHash(int i) {
        int b = hash(proto[i] & 0xff, remoteHi[i], remoteLo[i], localHi[i], localLo[i], ports[i]);
        int k = buckets[b];
        if (k == i) {
            buckets[b] = chain[i];
            return;
        }
        while (k != NONE) {
            if (chain[k] == i) {
                chain[k] = chain[i];
                return;
            }
            k = chain[k];
        }
    }

    private void unlinkList(int i) {
        int p = prev[i];
        int n = next[i];
        if (p != NONE) {
            next[p] = n;
        } else {
            head = n;
        }
        if (n != NONE) {
            prev[n] = p;
        } else {
            tail = p;
        }
    }

    private void pushFront(int i) {
        prev[i] = NONE;
        next[i] = head;
        if (head != NONE) {
            prev[head] = i;
        }
        head = i;
        if (tail == NONE) {
            tail = i;
        }
    }

    private void toFront(int i) {
        if (head == i) {
            return;
        }
        unlinkList(i);
        pushFront(i);
    }
}
