package io.tailnode.control.json;

import io.tailnode.lang.Bytes;
import io.tailnode.lang.HotPath;

/**
 * IP address text as the control server writes it (Go net/netip: shared tailscale-protocol.md §2.6 Node
 * Addresses/AllowedIPs/Endpoints): dotted IPv4 without leading zeros, RFC 4291 §2.2 IPv6 (one "::", optional
 * trailing dotted IPv4; zones are refused), and the decimal parts of CIDR prefixes and
 * endpoints (split by {@link IpList}). Parses from a byte range into a caller's 16-byte slot
 * (IPv4 in its first 4 bytes); returns -1 on anything else. Stateless.
 */
public final class IpText {
    private IpText() {
    }

    /** @return 4 or 6 (address written at dst[dstOff..]), or -1 */
    @HotPath
    public static int parseAddress(byte[] s, int off, int len, byte[] dst, int dstOff) {
        for (int i = off; i < off + len; i++) {
            if (s[i] == ':') {
                return parseV6(s, off, len, dst, dstOff) ? 6 : -1;
            }
        }
        return parseV4(s, off, len, dst, dstOff) ? 4 : -1;
    }

    /** Decimal without sign or leading zeros, at most {@code max}. @return value or -1 */
    @HotPath
    public static int parseDecimal(byte[] s, int off, int len, int max) {
        if (len < 1 || len > 10 || (len > 1 && s[off] == '0')) {
            return -1;
        }
        long v = 0;
        for (int i = off; i < off + len; i++) {
            int d = s[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v > max ? -1 : (int) v;
    }

    @HotPath
    static boolean parseV4(byte[] s, int off, int len, byte[] dst, int dstOff) {
        int end = off + len;
        int part = 0;
        int start = off;
        for (int i = off; i <= end; i++) {
            if (i == end || s[i] == '.') {
                if (part > 3) {
                    return false;
                }
                int v = parseDecimal(s, start, i - start, 255);
                if (v < 0 || i - start > 3) {
                    return false;
                }
                dst[dstOff + part++] = (byte) v;
                start = i + 1;
            }
        }
        return part == 4;
    }

    @HotPath
    static boolean parseV6(byte[] s, int off, int len, byte[] dst, int dstOff) {
        int end = off + len;
        int groups = 0;
        int ellipsis = -1;
        int i = off;
        if (len >= 2 && s[off] == ':' && s[off + 1] == ':') {
            ellipsis = 0;
            i += 2;
            if (i == end) {
                for (int k = 0; k < 16; k++) {
                    dst[dstOff + k] = 0;
                }
                return true;
            }
        }
        while (i < end) {
            if (groups == 8) {
                return false;
            }
            int start = i;
            int v = 0;
            while (i < end && i - start < 5) {
                int h = Bytes.hexDigit(s[i]);
                if (h < 0) {
                    break;
                }
                v = (v << 4) | h;
                i++;
            }
            int digits = i - start;
            if (digits == 0 || digits > 4) {
                return false;
            }
            if (i < end && s[i] == '.') {
                // Trailing dotted IPv4 fills the last two groups.
                if (groups > 6 || !parseV4(s, start, end - start, dst, dstOff + 2 * groups)) {
                    return false;
                }
                groups += 2;
                i = end;
                break;
            }
            dst[dstOff + 2 * groups] = (byte) (v >> 8);
            dst[dstOff + 2 * groups + 1] = (byte) v;
            groups++;
            if (i == end) {
                break;
            }
            if (s[i] != ':') {
                return false;
            }
            i++;
            if (i < end && s[i] == ':') {
                if (ellipsis >= 0) {
                    return false;
                }
                ellipsis = groups;
                i++;
                if (i == end) {
                    break;
                }
            } else if (i == end) {
                return false;
            }
        }
        if (ellipsis < 0) {
            return groups == 8;
        }
        if (groups == 8) {
            return false;
        }
        // Move the groups after "::" to the end and zero the gap.
        int tail = groups - ellipsis;
        for (int k = tail - 1; k >= 0; k--) {
            int from = dstOff + 2 * (ellipsis + k);
            int to = dstOff + 2 * (8 - tail + k);
            dst[to] = dst[from];
            dst[to + 1] = dst[from + 1];
        }
        for (int k = 2 * ellipsis; k < 2 * (8 - tail); k++) {
            dst[dstOff + k] = 0;
        }
        return true;
    }
}
