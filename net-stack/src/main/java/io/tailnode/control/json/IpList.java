package io.tailnode.control.json;

import io.tailnode.lang.HotPath;

/**
 * A fixed-capacity list of IP addresses, each with one int: the prefix length for Addresses/AllowedIPs
 * ("100.64.0.1/32", "fd7a:115c:a1e0::1/128") or the port for Endpoints ("1.2.3.4:41641", "[2001:db8::1]:41641"),
 * filled from control JSON text (shared tailscale-protocol.md §2.6). Storage is allocated at construction: 16
 * bytes per address (IPv4 in the first 4), so a node's lists have fixed maxima; a full list refuses more.
 */
public final class IpList {
    /** add* results. */
    public static final int ADDED = 0;
    public static final int FULL = -1;
    public static final int MALFORMED = -2;

    private final byte[] addresses;
    private final int[] values;
    private final int[] families;
    private int size;

    public IpList(int capacity) {
        addresses = new byte[16 * capacity];
        values = new int[capacity];
        families = new int[capacity];
    }

    public void clear() {
        size = 0;
    }

    /** Replaces this list with the first {@code capacity()} entries of {@code o}. */
    @HotPath
    public void copyFrom(IpList o) {
        int n = o.size < values.length ? o.size : values.length;
        System.arraycopy(o.addresses, 0, addresses, 0, 16 * n);
        System.arraycopy(o.values, 0, values, 0, n);
        System.arraycopy(o.families, 0, families, 0, n);
        size = n;
    }

    public int size() {
        return size;
    }

    public int capacity() {
        return values.length;
    }

    /** 4 or 6. */
    public int family(int i) {
        return families[i];
    }

    /** Prefix length or port of entry i. */
    public int value(int i) {
        return values[i];
    }

    /** Backing array: entry i's address starts at {@code 16 * i} (4 bytes used for IPv4). */
    public byte[] addressBuffer() {
        return addresses;
    }

    /** Copies entry i's address (4 or 16 bytes) to dst. @return bytes copied */
    public int copyAddress(int i, byte[] dst, int off) {
        int n = families[i] == 4 ? 4 : 16;
        System.arraycopy(addresses, 16 * i, dst, off, n);
        return n;
    }

    /** Appends a CIDR prefix "addr/bits". @return ADDED, FULL or MALFORMED */
    @HotPath
    public int addPrefix(byte[] s, int off, int len) {
        if (size == values.length) {
            return FULL;
        }
        int slash = -1;
        for (int i = off; i < off + len; i++) {
            if (s[i] == '/') {
                slash = i;
                break;
            }
        }
        if (slash < 0) {
            return MALFORMED;
        }
        int family = IpText.parseAddress(s, off, slash - off, addresses, 16 * size);
        if (family < 0) {
            return MALFORMED;
        }
        int bits = IpText.parseDecimal(s, slash + 1, off + len - slash - 1, family == 4 ? 32 : 128);
        if (bits < 0) {
            return MALFORMED;
        }
        families[size] = family;
        values[size++] = bits;
        return ADDED;
    }

    /** Appends an endpoint "v4:port" or "[v6]:port". @return ADDED, FULL or MALFORMED */
    @HotPath
    public int addEndpoint(byte[] s, int off, int len) {
        if (size == values.length) {
            return FULL;
        }
        int end = off + len;
        int colon = -1;
        for (int i = end - 1; i >= off; i--) {
            if (s[i] == ':') {
                colon = i;
                break;
            }
        }
        if (colon <= off) {
            return MALFORMED;
        }
        boolean ok;
        int family;
        if (s[off] == '[') {
            family = 6;
            ok = colon - off >= 3 && s[colon - 1] == ']'
                    && IpText.parseV6(s, off + 1, colon - off - 2, addresses, 16 * size);
        } else {
            family = 4;
            ok = IpText.parseV4(s, off, colon - off, addresses, 16 * size);
        }
        int port = ok ? IpText.parseDecimal(s, colon + 1, end - colon - 1, 65535) : -1;
        if (port < 0) {
            return MALFORMED;
        }
        families[size] = family;
        values[size++] = port;
        return ADDED;
    }
}
