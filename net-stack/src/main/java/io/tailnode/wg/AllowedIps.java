package io.tailnode.wg;

import io.tailnode.lang.HotPath;

/**
 * Cryptokey routing (whitepaper §2): IPv4 and IPv6 prefixes mapped to peer slots, longest-prefix match.
 * Outbound, the inner destination picks the peer; inbound, the inner <b>source</b> must map to the peer the
 * packet authenticated as (the wireguard-lwip family checked the destination, shared wireguard.md §5 item 1, and
 * did not filter IPv6 at all, item 8).
 * <p>
 * Layout and why: one flat table of at most {@code capacity} entries (16 address bytes each, both families),
 * kept sorted by prefix length, longest first, so the first match of a linear scan is the longest. A binary trie
 * needs up to 128 fixed nodes per IPv6 entry in the worst case and pointer chasing on every lookup; a device
 * has a few peers with one /32 and one /128 each plus some subnet routes (tens of entries), where a scan over one
 * contiguous byte array is small in flash, RAM (capacity x 22 bytes) and code. Insert and remove shift entries
 * (O(capacity)); they run on configuration changes, not per packet. Revisit if configurations reach hundreds of
 * prefixes.
 * <p>
 * Host bits are ignored: inserting 10.1.2.3/8 stores 10.0.0.0/8, as wg(8) and wireguard-go do. Inserting a
 * prefix that exists (same family, bits, length) moves it to the new peer. Not thread-safe; one event loop.
 */
public final class AllowedIps {
    private static final int ADDR_BYTES = 16;

    private final byte[] addrs;
    private final int[] prefixLens;
    private final int[] versions;
    private final int[] peers;
    private int count;

    /** @param capacity total prefixes (both families, all peers), from the configuration */
    public AllowedIps(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity");
        }
        addrs = new byte[capacity * ADDR_BYTES];
        prefixLens = new int[capacity];
        versions = new int[capacity];
        peers = new int[capacity];
    }

    public int size() {
        return count;
    }

    public int capacity() {
        return peers.length;
    }

    /**
     * Maps {@code addr[off..]/prefixLen} (4 or 16 address bytes for {@code version} 4 or 6) to {@code peer}.
     *
     * @return 0, or {@link SessionReason#TABLE_FULL}
     * @throws IllegalArgumentException on a bad version, prefix length or negative peer (configuration errors)
     */
    public int insert(byte[] addr, int off, int prefixLen, int version, int peer) {
        checkPrefix(prefixLen, version);
        if (peer < 0) {
            throw new IllegalArgumentException("peer");
        }
        int existing = find(addr, off, prefixLen, version);
        if (existing >= 0) {
            peers[existing] = peer;
            return 0;
        }
        if (count == peers.length) {
            return SessionReason.TABLE_FULL;
        }
        int at = 0;
        while (at < count && prefixLens[at] >= prefixLen) {
            at++;
        }
        System.arraycopy(addrs, at * ADDR_BYTES, addrs, (at + 1) * ADDR_BYTES, (count - at) * ADDR_BYTES);
        System.arraycopy(prefixLens, at, prefixLens, at + 1, count - at);
        System.arraycopy(versions, at, versions, at + 1, count - at);
        System.arraycopy(peers, at, peers, at + 1, count - at);
        int base = at * ADDR_BYTES;
        int n = version == 4 ? 4 : ADDR_BYTES;
        for (int i = 0; i < ADDR_BYTES; i++) {
            addrs[base + i] = i < n ? (byte) (addr[off + i] & maskByte(prefixLen, i)) : 0;
        }
        prefixLens[at] = prefixLen;
        versions[at] = version;
        peers[at] = peer;
        count++;
        return 0;
    }

    /** Removes the prefix if it maps to {@code peer}; returns whether something was removed. */
    public boolean remove(byte[] addr, int off, int prefixLen, int version, int peer) {
        checkPrefix(prefixLen, version);
        int i = find(addr, off, prefixLen, version);
        if (i < 0 || peers[i] != peer) {
            return false;
        }
        removeAt(i);
        return true;
    }

    /** Removes every prefix of {@code peer} (peer removed from the configuration); returns how many. */
    public int removePeer(int peer) {
        int removed = 0;
        for (int i = count - 1; i >= 0; i--) {
            if (peers[i] == peer) {
                removeAt(i);
                removed++;
            }
        }
        return removed;
    }

    /** Longest-prefix match of the address at {@code addr[off..]} ({@code version} 4 or 6): peer slot or -1. */
    @HotPath
    public int lookup(byte[] addr, int off, int version) {
        for (int i = 0; i < count; i++) {
            if (versions[i] == version && matches(i, addr, off)) {
                return peers[i];
            }
        }
        return -1;
    }

    /**
     * Outbound: the peer for the inner packet's destination.
     *
     * @return peer slot, {@link SessionReason#NO_ROUTE} or {@link SessionReason#BAD_INNER_PACKET}
     */
    @HotPath
    public int routeDestination(byte[] pkt, int off, int len) {
        int version = ipVersion(pkt, off, len);
        if (version < 0) {
            return SessionReason.BAD_INNER_PACKET;
        }
        int peer = lookup(pkt, off + (version == 4 ? 16 : 24), version);
        return peer < 0 ? SessionReason.NO_ROUTE : peer;
    }

    /**
     * Inbound (whitepaper §2): the decrypted packet's <b>source</b> must be in the allowed IPs of the peer it
     * authenticated as. Count a non-zero result and drop the packet.
     *
     * @return 0, {@link SessionReason#NOT_ALLOWED_SOURCE} or {@link SessionReason#BAD_INNER_PACKET}
     */
    @HotPath
    public int checkSource(byte[] pkt, int off, int len, int peer) {
        int version = ipVersion(pkt, off, len);
        if (version < 0) {
            return SessionReason.BAD_INNER_PACKET;
        }
        return lookup(pkt, off + (version == 4 ? 12 : 8), version) == peer ? 0 : SessionReason.NOT_ALLOWED_SOURCE;
    }

    /** 4 or 6 if the packet is long enough for that header's addresses, else -1. */
    @HotPath
    private static int ipVersion(byte[] pkt, int off, int len) {
        if (len < 1) {
            return -1;
        }
        int v = (pkt[off] >> 4) & 0xf;
        if (v == 4 && len >= 20) {
            return 4;
        }
        if (v == 6 && len >= 40) {
            return 6;
        }
        return -1;
    }

    @HotPath
    private boolean matches(int entry, byte[] addr, int off) {
        int bits = prefixLens[entry];
        int base = entry * ADDR_BYTES;
        int full = bits >> 3;
        for (int i = 0; i < full; i++) {
            if (addrs[base + i] != addr[off + i]) {
                return false;
            }
        }
        int rest = bits & 7;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return ((addr[off + full] ^ addrs[base + full]) & mask) == 0;
    }

    /** Index of the exact prefix (after masking host bits), or -1. */
    private int find(byte[] addr, int off, int prefixLen, int version) {
        int n = version == 4 ? 4 : ADDR_BYTES;
        for (int e = 0; e < count; e++) {
            if (versions[e] != version || prefixLens[e] != prefixLen) {
                continue;
            }
            int base = e * ADDR_BYTES;
            boolean same = true;
            for (int i = 0; i < n && same; i++) {
                same = addrs[base + i] == (byte) (addr[off + i] & maskByte(prefixLen, i));
            }
            if (same) {
                return e;
            }
        }
        return -1;
    }

    private void removeAt(int i) {
        int tail = count - i - 1;
        System.arraycopy(addrs, (i + 1) * ADDR_BYTES, addrs, i * ADDR_BYTES, tail * ADDR_BYTES);
        System.arraycopy(prefixLens, i + 1, prefixLens, i, tail);
        System.arraycopy(versions, i + 1, versions, i, tail);
        System.arraycopy(peers, i + 1, peers, i, tail);
        count--;
        for (int b = count * ADDR_BYTES; b < (count + 1) * ADDR_BYTES; b++) {
            addrs[b] = 0;
        }
    }

    /** Mask for byte {@code i} of a prefix {@code prefixLen} bits long. */
    private static int maskByte(int prefixLen, int i) {
        int bits = prefixLen - i * 8;
        if (bits >= 8) {
            return 0xff;
        }
        if (bits <= 0) {
            return 0;
        }
        return (0xff << (8 - bits)) & 0xff;
    }

    private static void checkPrefix(int prefixLen, int version) {
        if (version != 4 && version != 6) {
            throw new IllegalArgumentException("version");
        }
        if (prefixLen < 0 || prefixLen > (version == 4 ? 32 : 128)) {
            throw new IllegalArgumentException("prefix length");
        }
    }
}
