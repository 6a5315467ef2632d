package io.tailnode.control.map;

import io.tailnode.control.json.IpList;
import io.tailnode.control.json.MapNode;
import io.tailnode.lang.HotPath;

/**
 * The device's view of its tailnet peers (shared tailscale-protocol.md §2.6 "Node object"): per entry the node
 * ID, node key, disco key, Addresses, AllowedIPs (absent = same as Addresses), Endpoints, home DERP region, the
 * WireGuard peer slot it maps to, whether it is pinned and when it was admitted. Fixed capacity, all storage
 * allocated at construction as parallel primitive arrays (no object per entry).
 * <p>
 * Memory per entry, with A addresses, L allowed IPs and E endpoints per peer: 32 (key) + 32 (disco key) + 8 (ID)
 * + 8 (admission order) + 20 x (A + L + E) (16 address bytes + one int of family/prefix/port) + 4 x 6 ints
 * (three list sizes, DERP region, WireGuard slot, frame stamp) + 3 booleans = 107 + 20 (A + L + E) bytes; with
 * the defaults (2, 8, 4) that is 387 bytes ({@link #bytesPerEntry}). {@link NetmapApplier} keeps two tables
 * (live and staging).
 * <p>
 * Entries are found by a linear scan of the ID column (capacities are tens of peers). Admission policy is not
 * decided here but in {@link NetmapApplier}. Not thread-safe.
 */
public final class PeerTable {
    private static final int KEY = 32;
    private static final int ADDR = 16;

    private final int capacity;
    private final int maxAddresses;
    private final int maxAllowedIps;
    private final int maxEndpoints;
    final boolean[] used;
    final boolean[] pinned;
    final boolean[] hasAllowed;
    final long[] ids;
    final long[] order;
    final byte[] keys;
    final byte[] discoKeys;
    final byte[] addrBytes;
    final int[] addrMeta;
    final int[] addrCount;
    final byte[] allowedBytes;
    final int[] allowedMeta;
    final int[] allowedCount;
    final byte[] endpointBytes;
    final int[] endpointMeta;
    final int[] endpointCount;
    final int[] derp;
    final int[] wgSlot;
    final int[] stamp;
    private int size;

    public PeerTable(int capacity, int maxAddresses, int maxAllowedIps, int maxEndpoints) {
        if (capacity < 1 || maxAddresses < 1 || maxAllowedIps < 0 || maxEndpoints < 0) {
            throw new IllegalArgumentException("capacity");
        }
        this.capacity = capacity;
        this.maxAddresses = maxAddresses;
        this.maxAllowedIps = maxAllowedIps;
        this.maxEndpoints = maxEndpoints;
        used = new boolean[capacity];
        pinned = new boolean[capacity];
        hasAllowed = new boolean[capacity];
        ids = new long[capacity];
        order = new long[capacity];
        keys = new byte[KEY * capacity];
        discoKeys = new byte[KEY * capacity];
        addrBytes = new byte[ADDR * maxAddresses * capacity];
        addrMeta = new int[maxAddresses * capacity];
        addrCount = new int[capacity];
        allowedBytes = new byte[ADDR * Math.max(1, maxAllowedIps) * capacity];
        allowedMeta = new int[Math.max(1, maxAllowedIps) * capacity];
        allowedCount = new int[capacity];
        endpointBytes = new byte[ADDR * Math.max(1, maxEndpoints) * capacity];
        endpointMeta = new int[Math.max(1, maxEndpoints) * capacity];
        endpointCount = new int[capacity];
        derp = new int[capacity];
        wgSlot = new int[capacity];
        stamp = new int[capacity];
    }

    /** Bytes of primitive storage per entry (see the class comment). */
    public static int bytesPerEntry(int maxAddresses, int maxAllowedIps, int maxEndpoints) {
        return 107 + 20 * (maxAddresses + maxAllowedIps + maxEndpoints);
    }

    public int capacity() {
        return capacity;
    }

    /** Entries in use. */
    public int size() {
        return size;
    }

    public boolean inUse(int i) {
        return used[i];
    }

    /** Entry index holding node {@code id}, or -1. */
    @HotPath
    public int find(long id) {
        for (int i = 0; i < capacity; i++) {
            if (used[i] && ids[i] == id) {
                return i;
            }
        }
        return -1;
    }

    /** Entry index whose node key equals {@code key[off..off+32)}, or -1. */
    @HotPath
    public int findKey(byte[] key, int off) {
        for (int i = 0; i < capacity; i++) {
            if (used[i] && equal(keys, KEY * i, key, off, KEY)) {
                return i;
            }
        }
        return -1;
    }

    public long id(int i) {
        return ids[i];
    }

    public boolean pinned(int i) {
        return pinned[i];
    }

    /** Home DERP region, 0 if none. */
    public int derpRegion(int i) {
        return derp[i];
    }

    /** WireGuard peer slot, -1 if the device refused the peer (e.g. a low-order key). */
    public int wireGuardSlot(int i) {
        return wgSlot[i];
    }

    public void copyKey(int i, byte[] out, int off) {
        System.arraycopy(keys, KEY * i, out, off, KEY);
    }

    public void copyDiscoKey(int i, byte[] out, int off) {
        System.arraycopy(discoKeys, KEY * i, out, off, KEY);
    }

    public int addressCount(int i) {
        return addrCount[i];
    }

    /** Family (4 or 6) of address k of entry i. */
    public int addressFamily(int i, int k) {
        return addrMeta[i * maxAddresses + k] >>> 16;
    }

    /** Prefix length of address k of entry i as sent (normally 32 or 128). */
    public int addressPrefix(int i, int k) {
        return addrMeta[i * maxAddresses + k] & 0xffff;
    }

    /** Copies address k of entry i (4 or 16 bytes); returns the length. */
    public int copyAddress(int i, int k, byte[] out, int off) {
        int n = addressFamily(i, k) == 4 ? 4 : 16;
        System.arraycopy(addrBytes, ADDR * (i * maxAddresses + k), out, off, n);
        return n;
    }

    /** False if AllowedIPs was absent: the same as Addresses. */
    public boolean hasAllowedIps(int i) {
        return hasAllowed[i];
    }

    public int allowedIpCount(int i) {
        return allowedCount[i];
    }

    public int allowedIpFamily(int i, int k) {
        return allowedMeta[i * maxAllowedIps + k] >>> 16;
    }

    public int allowedIpPrefix(int i, int k) {
        return allowedMeta[i * maxAllowedIps + k] & 0xffff;
    }

    public int copyAllowedIp(int i, int k, byte[] out, int off) {
        int n = allowedIpFamily(i, k) == 4 ? 4 : 16;
        System.arraycopy(allowedBytes, ADDR * (i * maxAllowedIps + k), out, off, n);
        return n;
    }

    public int endpointCount(int i) {
        return endpointCount[i];
    }

    public int endpointFamily(int i, int k) {
        return endpointMeta[i * maxEndpoints + k] >>> 16;
    }

    public int endpointPort(int i, int k) {
        return endpointMeta[i * maxEndpoints + k] & 0xffff;
    }

    public int copyEndpoint(int i, int k, byte[] out, int off) {
        int n = endpointFamily(i, k) == 4 ? 4 : 16;
        System.arraycopy(endpointBytes, ADDR * (i * maxEndpoints + k), out, off, n);
        return n;
    }

    /** Whether {@code a} (4 or 16 bytes for {@code family} 4 or 6) is one of entry i's Addresses. */
    public boolean hasAddress(int i, int family, byte[] a) {
        int len = family == 4 ? 4 : 16;
        for (int k = 0; k < addrCount[i]; k++) {
            if (addressFamily(i, k) == family && equal(addrBytes, ADDR * (i * maxAddresses + k), a, 0, len)) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- mutation (package: NetmapApplier)

    /** A free entry index, or -1 if full. */
    @HotPath
    int freeIndex() {
        for (int i = 0; i < capacity; i++) {
            if (!used[i]) {
                return i;
            }
        }
        return -1;
    }

    /** The unpinned entry admitted last (highest order), or -1 if every entry is pinned or free. */
    @HotPath
    int youngestUnpinned() {
        int best = -1;
        for (int i = 0; i < capacity; i++) {
            if (used[i] && !pinned[i] && (best < 0 || order[i] > order[best])) {
                best = i;
            }
        }
        return best;
    }

    /**
     * Stores a whole node (Peers / PeersChanged entry) in entry i. Lists longer than this table's maxima are
     * cut (cannot happen when the scanner has the same maxima). The WireGuard slot is left as it was.
     */
    @HotPath
    void set(int i, MapNode n, boolean isPinned, long admitted) {
        if (!used[i]) {
            used[i] = true;
            size++;
            wgSlot[i] = -1;
        }
        ids[i] = n.id();
        pinned[i] = isPinned;
        order[i] = admitted;
        copyKey32(n.hasKey(), n.key(), keys, i);
        copyKey32(n.hasDiscoKey(), n.discoKey(), discoKeys, i);
        addrCount[i] = copyList(n.addresses(), addrBytes, addrMeta, i, maxAddresses);
        hasAllowed[i] = n.hasAllowedIps();
        allowedCount[i] = copyList(n.allowedIps(), allowedBytes, allowedMeta, i, maxAllowedIps);
        endpointCount[i] = copyList(n.endpoints(), endpointBytes, endpointMeta, i, maxEndpoints);
        derp[i] = n.derpRegion();
    }

    /** Applies a PeersChangedPatch entry to entry i: only the fields present change. */
    @HotPath
    void patch(int i, MapNode n) {
        if (n.hasKey()) {
            copyKey32(true, n.key(), keys, i);
        }
        if (n.hasDiscoKey()) {
            copyKey32(true, n.discoKey(), discoKeys, i);
        }
        if (n.hasEndpoints()) {
            endpointCount[i] = copyList(n.endpoints(), endpointBytes, endpointMeta, i, maxEndpoints);
        }
        if (n.derpRegion() != 0) {
            derp[i] = n.derpRegion();
        }
    }

    @HotPath
    void remove(int i) {
        if (used[i]) {
            used[i] = false;
            size--;
            ids[i] = 0;
            wgSlot[i] = -1;
        }
    }

    void clear() {
        for (int i = 0; i < capacity; i++) {
            remove(i);
        }
    }

    /** Makes this table an exact copy of {@code o} (same capacities). */
    void copyFrom(PeerTable o) {
        System.arraycopy(o.used, 0, used, 0, capacity);
        System.arraycopy(o.pinned, 0, pinned, 0, capacity);
        System.arraycopy(o.hasAllowed, 0, hasAllowed, 0, capacity);
        System.arraycopy(o.ids, 0, ids, 0, capacity);
        System.arraycopy(o.order, 0, order, 0, capacity);
        System.arraycopy(o.keys, 0, keys, 0, keys.length);
        System.arraycopy(o.discoKeys, 0, discoKeys, 0, discoKeys.length);
        System.arraycopy(o.addrBytes, 0, addrBytes, 0, addrBytes.length);
        System.arraycopy(o.addrMeta, 0, addrMeta, 0, addrMeta.length);
        System.arraycopy(o.addrCount, 0, addrCount, 0, capacity);
        System.arraycopy(o.allowedBytes, 0, allowedBytes, 0, allowedBytes.length);
        System.arraycopy(o.allowedMeta, 0, allowedMeta, 0, allowedMeta.length);
        System.arraycopy(o.allowedCount, 0, allowedCount, 0, capacity);
        System.arraycopy(o.endpointBytes, 0, endpointBytes, 0, endpointBytes.length);
        System.arraycopy(o.endpointMeta, 0, endpointMeta, 0, endpointMeta.length);
        System.arraycopy(o.endpointCount, 0, endpointCount, 0, capacity);
        System.arraycopy(o.derp, 0, derp, 0, capacity);
        System.arraycopy(o.wgSlot, 0, wgSlot, 0, capacity);
        System.arraycopy(o.stamp, 0, stamp, 0, capacity);
        size = o.size;
    }

    // ---------------------------------------------------------------- comparisons (package: NetmapApplier)

    /** Node key of entry i here equals node key of entry j in {@code o}. */
    boolean sameKey(int i, PeerTable o, int j) {
        return equal(keys, KEY * i, o.keys, KEY * j, KEY);
    }

    /** The prefixes pushed to WireGuard (Addresses as host routes, plus AllowedIPs) are the same. */
    boolean sameRoutes(int i, PeerTable o, int j) {
        return sameList(addrBytes, addrMeta, addrCount[i], i * maxAddresses, o.addrBytes, o.addrMeta,
                o.addrCount[j], j * o.maxAddresses)
                && hasAllowed[i] == o.hasAllowed[j]
                && sameList(allowedBytes, allowedMeta, allowedCount[i], i * maxAllowedIps, o.allowedBytes,
                        o.allowedMeta, o.allowedCount[j], j * o.maxAllowedIps);
    }

    /** The first endpoint (the one pushed to WireGuard) is the same, or both have none. */
    boolean sameFirstEndpoint(int i, PeerTable o, int j) {
        int a = endpointCount[i] > 0 ? 1 : 0;
        int b = o.endpointCount[j] > 0 ? 1 : 0;
        return sameList(endpointBytes, endpointMeta, a, i * maxEndpoints, o.endpointBytes, o.endpointMeta, b,
                j * o.maxEndpoints);
    }

    /**
     * A 64-bit digest (FNV-1a) of every entry in use, for tests and diagnostics: equal before and after input
     * that must change nothing (a rejected frame).
     */
    public long digest() {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < capacity; i++) {
            if (!used[i]) {
                continue;
            }
            h = mix(h, i);
            h = mix(h, ids[i]);
            h = mix(h, order[i]);
            h = mix(h, (pinned[i] ? 1 : 0) | (hasAllowed[i] ? 2 : 0));
            h = mix(h, derp[i]);
            h = mix(h, wgSlot[i]);
            h = mixBytes(h, keys, KEY * i, KEY);
            h = mixBytes(h, discoKeys, KEY * i, KEY);
            h = mixList(h, addrBytes, addrMeta, addrCount[i], i * maxAddresses);
            h = mixList(h, allowedBytes, allowedMeta, allowedCount[i], i * maxAllowedIps);
            h = mixList(h, endpointBytes, endpointMeta, endpointCount[i], i * maxEndpoints);
        }
        return h;
    }

    // ---------------------------------------------------------------- helpers

    private static void copyKey32(boolean present, byte[] src, byte[] dst, int i) {
        if (present) {
            System.arraycopy(src, 0, dst, KEY * i, KEY);
        } else {
            for (int k = 0; k < KEY; k++) {
                dst[KEY * i + k] = 0;
            }
        }
    }

    private static int copyList(IpList src, byte[] bytes, int[] meta, int i, int max) {
        int n = Math.min(src.size(), max);
        byte[] from = src.addressBuffer();
        for (int k = 0; k < n; k++) {
            int at = i * max + k;
            System.arraycopy(from, 16 * k, bytes, ADDR * at, ADDR);
            meta[at] = src.family(k) << 16 | (src.value(k) & 0xffff);
        }
        return n;
    }

    private static boolean sameList(byte[] ab, int[] am, int an, int abase, byte[] bb, int[] bm, int bn,
            int bbase) {
        if (an != bn) {
            return false;
        }
        for (int k = 0; k < an; k++) {
            if (am[abase + k] != bm[bbase + k]) {
                return false;
            }
            int len = am[abase + k] >>> 16 == 4 ? 4 : 16;
            if (!equal(ab, ADDR * (abase + k), bb, ADDR * (bbase + k), len)) {
                return false;
            }
        }
        return true;
    }

    static boolean equal(byte[] a, int ao, byte[] b, int bo, int len) {
        for (int k = 0; k < len; k++) {
            if (a[ao + k] != b[bo + k]) {
                return false;
            }
        }
        return true;
    }

    private static long mix(long h, long v) {
        for (int k = 0; k < 8; k++) {
            h ^= (v >>> (8 * k)) & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    private static long mixBytes(long h, byte[] b, int off, int len) {
        for (int k = 0; k < len; k++) {
            h ^= b[off + k] & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    private static long mixList(long h, byte[] bytes, int[] meta, int n, int base) {
        h = mix(h, n);
        for (int k = 0; k < n; k++) {
            h = mix(h, meta[base + k]);
            h = mixBytes(h, bytes, ADDR * (base + k), meta[base + k] >>> 16 == 4 ? 4 : 16);
        }
        return h;
    }
}
