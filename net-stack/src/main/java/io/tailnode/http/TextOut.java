package io.tailnode.http;

import io.tailnode.lang.Base64;
import io.tailnode.lang.HotPath;

/**
 * A write cursor over a caller-owned byte range with the formatting the device's text responses need, written
 * by hand because the device has no String.format and must not allocate per request: ASCII literals, decimal
 * and hex numbers, base64 (RFC 4648 §4, padded), IPv4 dotted quads, IPv6 text (RFC 5952: lower case, longest run
 * of two or more zero groups compressed), JSON string escaping (RFC 8259 §7) and Prometheus label-value escaping.
 * <p>
 * Overflow contract: a write that does not fit sets {@link #overflowed()} and writes nothing more; the caller
 * checks once after rendering (smoltcp-style: one check, then no accessor fails). Never writes outside
 * {@code [start, limit)}. Not thread-safe.
 */
public final class TextOut {
    private static final byte[] HEX = {
            '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};

    private byte[] buf;
    private int pos;
    private int limit;
    private boolean overflow;

    /** Re-points the cursor at {@code buf[off..off+cap)} and clears the overflow flag. */
    @HotPath
    public void wrap(byte[] buf, int off, int cap) {
        this.buf = buf;
        this.pos = off;
        this.limit = off + cap;
        this.overflow = false;
    }

    /** Index one past the last byte written. */
    public int position() {
        return pos;
    }

    public boolean overflowed() {
        return overflow;
    }

    @HotPath
    private boolean room(int n) {
        if (overflow || limit - pos < n) {
            overflow = true;
            return false;
        }
        return true;
    }

    @HotPath
    public void raw(int b) {
        if (room(1)) {
            buf[pos++] = (byte) b;
        }
    }

    /** Writes the chars of an ASCII literal (callers pass constants only; each char is truncated to a byte). */
    @HotPath
    public void ascii(String s) {
        int n = s.length();
        if (room(n)) {
            for (int i = 0; i < n; i++) {
                buf[pos++] = (byte) s.charAt(i);
            }
        }
    }

    @HotPath
    public void bytes(byte[] src, int off, int len) {
        if (room(len)) {
            System.arraycopy(src, off, buf, pos, len);
            pos += len;
        }
    }

    /** Signed decimal without leading zeros; Long.MIN_VALUE is handled (digits are produced as negatives). */
    @HotPath
    public void decimal(long v) {
        int digits = 1;
        long neg = v < 0 ? v : -v;
        for (long t = neg; t <= -10; t /= 10) {
            digits++;
        }
        if (!room(digits + (v < 0 ? 1 : 0))) {
            return;
        }
        if (v < 0) {
            buf[pos++] = '-';
        }
        int end = pos + digits;
        for (int i = end - 1; i >= pos; i--) {
            buf[i] = (byte) ('0' - (int) (neg % 10));
            neg /= 10;
        }
        pos = end;
    }

    /** {@code v} as exactly {@code width} decimal digits, zero-padded (for fractional parts). */
    @HotPath
    public void decimalPadded(long v, int width) {
        if (room(width)) {
            for (int i = pos + width - 1; i >= pos; i--) {
                buf[i] = (byte) ('0' + (int) (v % 10));
                v /= 10;
            }
            pos += width;
        }
    }

    /** Lower-case hex without leading zeros (chunk sizes, IPv6 groups). */
    @HotPath
    public void hex(int v) {
        int digits = 1;
        for (int t = v >>> 4; t != 0; t >>>= 4) {
            digits++;
        }
        if (room(digits)) {
            for (int i = pos + digits - 1; i >= pos; i--) {
                buf[i] = HEX[v & 15];
                v >>>= 4;
            }
            pos += digits;
        }
    }

    /** Two lower-case hex digits per byte. */
    @HotPath
    public void hexBytes(byte[] src, int off, int len) {
        if (room(2 * len)) {
            for (int i = 0; i < len; i++) {
                int b = src[off + i];
                buf[pos++] = HEX[(b >>> 4) & 15];
                buf[pos++] = HEX[b & 15];
            }
        }
    }

    /** Standard base64 with padding (RFC 4648 §4), as WireGuard tools print keys. */
    @HotPath
    public void base64(byte[] src, int off, int len) {
        if (!room(Base64.encodedLength(len))) {
            return;
        }
        pos += Base64.encode(src, off, len, buf, pos);
    }

    @HotPath
    public void ipv4(byte[] a, int off) {
        for (int i = 0; i < 4; i++) {
            if (i > 0) {
                raw('.');
            }
            decimal(a[off + i] & 0xFF);
        }
    }

    /** RFC 5952 §4: lower case, no leading zeros, the longest (first on ties) run of >= 2 zero groups as "::". */
    @HotPath
    public void ipv6(byte[] a, int off) {
        int bestStart = -1;
        int bestLen = 1;
        int runStart = -1;
        for (int g = 0; g <= 8; g++) {
            boolean zero = g < 8 && a[off + 2 * g] == 0 && a[off + 2 * g + 1] == 0;
            if (zero && runStart < 0) {
                runStart = g;
            } else if (!zero && runStart >= 0) {
                if (g - runStart > bestLen) {
                    bestStart = runStart;
                    bestLen = g - runStart;
                }
                runStart = -1;
            }
        }
        for (int g = 0; g < 8; g++) {
            if (g == bestStart) {
                ascii("::");
                g += bestLen - 1;
                continue;
            }
            if (g > 0 && g != bestStart + bestLen) {
                raw(':');
            }
            hex((a[off + 2 * g] & 0xFF) << 8 | (a[off + 2 * g + 1] & 0xFF));
        }
    }

    /**
     * A JSON string literal with quotes. Bytes are taken as ASCII; '"', '\\' and controls are escaped, and bytes
     * >= 0x80 become \\u00XX (their Latin-1 code point) so the output is valid JSON whatever the source gave us.
     */
    @HotPath
    public void jsonString(byte[] s, int off, int len) {
        raw('"');
        for (int i = 0; i < len; i++) {
            int c = s[off + i] & 0xFF;
            if (c == '"' || c == '\\') {
                raw('\\');
                raw(c);
            } else if (c < 0x20 || c >= 0x7F) {
                ascii("\\u00");
                raw(HEX[c >>> 4]);
                raw(HEX[c & 15]);
            } else {
                raw(c);
            }
        }
        raw('"');
    }

    /**
     * A Prometheus label value without quotes (exposition format: escape backslash, double quote and line feed).
     * Bytes outside printable ASCII become '?' so a non-UTF-8 name cannot corrupt the exposition.
     */
    @HotPath
    public void promLabelValue(byte[] s, int off, int len) {
        for (int i = 0; i < len; i++) {
            int c = s[off + i] & 0xFF;
            if (c == '"' || c == '\\') {
                raw('\\');
                raw(c);
            } else if (c == '\n') {
                ascii("\\n");
            } else if (c < 0x20 || c >= 0x7F) {
                raw('?');
            } else {
                raw(c);
            }
        }
    }
}
