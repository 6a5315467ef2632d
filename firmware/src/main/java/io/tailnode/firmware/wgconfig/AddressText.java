package io.tailnode.firmware.wgconfig;

import io.tailnode.lang.Bytes;

/**
 * Text forms of IP addresses as wg-quick files write them: IPv4 dotted quad (RFC 791; four decimal parts
 * 0-255 without leading zeros, like inet_pton) and IPv6 (RFC 4291 §2.2: 1-4 hex digits per group, one "::",
 * an optional trailing dotted quad). No zone ids, no hostnames. Allocation-free; stateless.
 */
public final class AddressText {
    private AddressText() {
    }

    /**
     * Parses {@code b[s, e)} into {@code out[0..16)} (IPv4 in the first 4 bytes, the rest zeroed); returns 4 or
     * 6, or -1 if it is not an address (then {@code out} holds garbage).
     */
    public static int parse(byte[] b, int s, int e, byte[] out) {
        for (int i = 0; i < 16; i++) {
            out[i] = 0;
        }
        for (int i = s; i < e; i++) {
            if (b[i] == ':') {
                return parseV6(b, s, e, out) ? 6 : -1;
            }
        }
        return parseV4(b, s, e, out, 0) ? 4 : -1;
    }

    /** Parses a dotted quad in {@code b[s, e)} into {@code out[at..at+4)}. */
    static boolean parseV4(byte[] b, int s, int e, byte[] out, int at) {
        int part = 0;
        int p = s;
        while (part < 4) {
            int start = p;
            int v = 0;
            while (p < e && b[p] >= '0' && b[p] <= '9' && p - start < 3) {
                v = v * 10 + (b[p] - '0');
                p++;
            }
            int digits = p - start;
            if (digits == 0 || v > 255 || (digits > 1 && b[start] == '0')) {
                return false;
            }
            out[at + part] = (byte) v;
            part++;
            if (part < 4) {
                if (p >= e || b[p] != '.') {
                    return false;
                }
                p++;
            }
        }
        return p == e;
    }

    private static boolean parseV6(byte[] b, int s, int e, byte[] out) {
        int groups = 0;
        int gap = -1;
        int p = s;
        if (e - s >= 2 && b[s] == ':' && b[s + 1] == ':') {
            gap = 0;
            p += 2;
            if (p == e) {
                return true;
            }
        } else if (p < e && b[p] == ':') {
            return false;
        }
        while (true) {
            int start = p;
            int v = 0;
            boolean dotted = false;
            while (p < e && b[p] != ':') {
                int h = Bytes.hexDigit(b[p]);
                if (b[p] == '.') {
                    dotted = true;
                } else if (h < 0) {
                    return false;
                }
                v = (v << 4) | (h < 0 ? 0 : h);
                p++;
            }
            if (dotted) {
                if (p != e || groups > 6 || !parseV4(b, start, e, out, groups * 2)) {
                    return false;
                }
                groups += 2;
                break;
            }
            int digits = p - start;
            if (digits == 0 || digits > 4 || groups == 8) {
                return false;
            }
            out[groups * 2] = (byte) (v >>> 8);
            out[groups * 2 + 1] = (byte) v;
            groups++;
            if (p == e) {
                break;
            }
            p++; // ':'
            if (p < e && b[p] == ':') {
                if (gap >= 0) {
                    return false;
                }
                gap = groups;
                p++;
                if (p == e) {
                    break;
                }
            } else if (p == e) {
                return false;
            }
        }
        if (gap < 0) {
            return groups == 8;
        }
        if (groups > 7) {
            return false;
        }
        // Move the groups after "::" to the end and zero the gap.
        int tail = groups - gap;
        for (int i = tail - 1; i >= 0; i--) {
            int from = (gap + i) * 2;
            int to = (8 - tail + i) * 2;
            out[to] = out[from];
            out[to + 1] = out[from + 1];
        }
        for (int g = gap; g < 8 - tail; g++) {
            out[g * 2] = 0;
            out[g * 2 + 1] = 0;
        }
        return true;
    }
}
