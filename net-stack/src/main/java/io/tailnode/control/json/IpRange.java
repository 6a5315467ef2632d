package io.tailnode.control.json;

import io.tailnode.lang.HotPath;

/**
 * One address set of a FilterRule, as the control server writes SrcIPs and DstPorts[].IP (shared
 * tailscale-protocol.md §5.3; Go: wgengine/filter parseIPSet): a single IP, "*" (every IPv4 and IPv6 address),
 * a CIDR prefix that must be masked ("10.0.0.0/8", not "10.0.0.1/8"), an inclusive range "a-b" of one family with
 * a &lt;= b, or "cap:&lt;name&gt;" (a peer-capability source: the device evaluates no capabilities, so it matches
 * nothing). Everything but "*" and capabilities becomes an inclusive range [lo, hi] of one family: 16 bytes each,
 * IPv4 in the first 4. Reusable view filled by {@link #parse}; valid until the next parse. Allocation-free.
 */
public final class IpRange {
    /** lo..hi of {@link #family}. */
    public static final int KIND_RANGE = 0;
    /** "*": every address of both families. */
    public static final int KIND_ANY = 1;
    /** "cap:...": a capability, matches no address. */
    public static final int KIND_CAPABILITY = 2;

    private final byte[] lo = new byte[16];
    private final byte[] hi = new byte[16];
    private int kind;
    private int family;

    public int kind() {
        return kind;
    }

    /** 4 or 6 for {@link #KIND_RANGE}. */
    public int family() {
        return family;
    }

    /** First address (4 or 16 bytes used). */
    public byte[] lo() {
        return lo;
    }

    /** Last address, inclusive. */
    public byte[] hi() {
        return hi;
    }

    /** Parses the text {@code s[off, off+len)}. @return false if it is none of the forms (then the view is stale) */
    @HotPath
    public boolean parse(byte[] s, int off, int len) {
        if (len == 1 && s[off] == '*') {
            kind = KIND_ANY;
            return true;
        }
        if (len >= 4 && s[off] == 'c' && s[off + 1] == 'a' && s[off + 2] == 'p' && s[off + 3] == ':') {
            kind = KIND_CAPABILITY;
            return true;
        }
        kind = KIND_RANGE;
        int slash = -1;
        int dash = -1;
        int dashes = 0;
        for (int i = off; i < off + len; i++) {
            if (s[i] == '/' && slash < 0) {
                slash = i;
            } else if (s[i] == '-') {
                dash = i;
                dashes++;
            }
        }
        if (slash >= 0) {
            return prefix(s, off, len, slash);
        }
        if (dashes > 1) {
            return false;
        }
        if (dashes == 1) {
            int f = IpText.parseAddress(s, off, dash - off, lo, 0);
            if (f < 0 || IpText.parseAddress(s, dash + 1, off + len - dash - 1, hi, 0) != f) {
                return false;
            }
            family = f;
            return compare(lo, hi, f == 4 ? 4 : 16) <= 0;
        }
        int f = IpText.parseAddress(s, off, len, lo, 0);
        if (f < 0) {
            return false;
        }
        family = f;
        System.arraycopy(lo, 0, hi, 0, 16);
        return true;
    }

    @HotPath
    private boolean prefix(byte[] s, int off, int len, int slash) {
        int f = IpText.parseAddress(s, off, slash - off, lo, 0);
        if (f < 0) {
            return false;
        }
        int n = f == 4 ? 4 : 16;
        int bits = IpText.parseDecimal(s, slash + 1, off + len - slash - 1, 8 * n);
        if (bits < 0) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            int keep = bits - 8 * i;
            int hostMask = keep >= 8 ? 0 : keep <= 0 ? 0xff : 0xff >>> keep;
            if ((lo[i] & hostMask) != 0) {
                return false; // host bits set: Go refuses an unmasked prefix
            }
            hi[i] = (byte) (lo[i] | hostMask);
        }
        family = f;
        return true;
    }

    private static int compare(byte[] a, byte[] b, int n) {
        for (int i = 0; i < n; i++) {
            int d = (a[i] & 0xff) - (b[i] & 0xff);
            if (d != 0) {
                return d;
            }
        }
        return 0;
    }
}
