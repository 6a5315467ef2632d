package io.tailnode.firmware.api;

/**
 * {@link PeerDirectory} over a fixed table filled by the device (from its configuration today, from the netmap
 * later): up to {@code capacity} names of at most {@link #MAX_NAME} ASCII bytes, matched case-insensitively and
 * exactly (a trailing '.' is ignored on both sides). All storage allocated in the constructor. Not thread-safe:
 * fill and query it on the event loop's thread (or fill it before the loop starts).
 */
public final class StaticPeerDirectory implements PeerDirectory {
    /** Longest name (a DNS label is 63; MagicDNS FQDNs fit too). */
    public static final int MAX_NAME = 128;

    private final byte[] names;
    private final int[] nameLength;
    private final byte[] addresses;
    private final int[] family;
    private int count;

    public StaticPeerDirectory(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity");
        }
        names = new byte[capacity * MAX_NAME];
        nameLength = new int[capacity];
        addresses = new byte[capacity * 16];
        family = new int[capacity];
    }

    /**
     * Adds or replaces {@code name} → address ({@code fam} 4: 4 bytes, 6: 16 bytes at {@code addr[aoff]}).
     * Returns the entry index, or -1 (bad arguments or table full).
     */
    public int put(byte[] name, int off, int len, byte[] addr, int aoff, int fam) {
        len = trimDot(name, off, len);
        int alen = fam == 6 ? 16 : 4;
        if (name == null || addr == null || len < 1 || len > MAX_NAME || off < 0 || off > name.length - len
                || (fam != 4 && fam != 6) || aoff < 0 || aoff > addr.length - alen) {
            return -1;
        }
        int i = find(name, off, len);
        if (i < 0) {
            if (count == nameLength.length) {
                return -1;
            }
            i = count++;
        }
        System.arraycopy(name, off, names, i * MAX_NAME, len);
        nameLength[i] = len;
        System.arraycopy(addr, aoff, addresses, i * 16, alen);
        family[i] = fam;
        return i;
    }

    /** Removes every entry (before refilling from a new configuration or netmap). */
    public void clear() {
        count = 0;
    }

    public int size() {
        return count;
    }

    @Override
    public int lookup(byte[] name, int off, int len, byte[] addrOut, int outOff) {
        if (name == null || off < 0 || len < 0 || off > name.length - len) {
            return NOT_FOUND;
        }
        len = trimDot(name, off, len);
        int i = find(name, off, len);
        if (i < 0) {
            return NOT_FOUND;
        }
        int alen = family[i] == 6 ? 16 : 4;
        if (addrOut == null || outOff < 0 || outOff > addrOut.length - alen) {
            return NOT_FOUND;
        }
        System.arraycopy(addresses, i * 16, addrOut, outOff, alen);
        return family[i];
    }

    private int find(byte[] name, int off, int len) {
        for (int i = 0; i < count; i++) {
            if (nameLength[i] != len) {
                continue;
            }
            int base = i * MAX_NAME;
            int k = 0;
            while (k < len && lower(names[base + k]) == lower(name[off + k])) {
                k++;
            }
            if (k == len) {
                return i;
            }
        }
        return -1;
    }

    private static int trimDot(byte[] name, int off, int len) {
        return name != null && len > 0 && off >= 0 && off + len <= name.length && name[off + len - 1] == '.'
                ? len - 1 : len;
    }

    private static int lower(byte b) {
        return b >= 'A' && b <= 'Z' ? b + 32 : b;
    }
}
