package io.tailnode.control.json;

import io.tailnode.lang.HotPath;

/**
 * RFC 3339 §5.6 date-time to Unix milliseconds, for MapResponse ControlTime (the device's trusted wall clock
 * when it has no RTC, shared tailscale-protocol.md §2.6) and KeyExpiry. Go writes "2025-09-30T00:32:16.013505287Z"
 * (fraction optional, up to 9 digits; offsets "+hh:mm" possible). Fraction digits beyond milliseconds are
 * truncated. Stateless.
 */
public final class Rfc3339 {
    /** Returned for text that is not an RFC 3339 date-time. */
    public static final long INVALID = Long.MIN_VALUE;

    private Rfc3339() {
    }

    @HotPath
    public static long toUnixMillis(byte[] s, int off, int len) {
        if (len < 20) {
            return INVALID;
        }
        int year = digits(s, off, 4);
        int month = digits(s, off + 5, 2);
        int day = digits(s, off + 8, 2);
        int hour = digits(s, off + 11, 2);
        int minute = digits(s, off + 14, 2);
        int second = digits(s, off + 17, 2);
        byte t = s[off + 10];
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23
                || minute > 59 || second > 60 || hour < 0 || minute < 0 || second < 0 || s[off + 4] != '-'
                || s[off + 7] != '-' || (t != 'T' && t != 't' && t != ' ') || s[off + 13] != ':'
                || s[off + 16] != ':') {
            return INVALID;
        }
        int p = off + 19;
        int end = off + len;
        long millis = 0;
        if (s[p] == '.') {
            p++;
            int start = p;
            int scale = 100;
            while (p < end && s[p] >= '0' && s[p] <= '9') {
                millis += (s[p] - '0') * scale;
                scale /= 10;
                p++;
            }
            if (p == start || p - start > 9) {
                return INVALID;
            }
        }
        if (p >= end) {
            return INVALID;
        }
        int offsetMinutes;
        if ((s[p] == 'Z' || s[p] == 'z') && p + 1 == end) {
            offsetMinutes = 0;
        } else if ((s[p] == '+' || s[p] == '-') && end - p == 6 && s[p + 3] == ':') {
            int oh = digits(s, p + 1, 2);
            int om = digits(s, p + 4, 2);
            if (oh < 0 || om < 0 || oh > 23 || om > 59) {
                return INVALID;
            }
            offsetMinutes = (oh * 60 + om) * (s[p] == '-' ? -1 : 1);
        } else {
            return INVALID;
        }
        long days = daysFromCivil(year, month, day);
        long secs = days * 86400L + hour * 3600L + minute * 60L + second - offsetMinutes * 60L;
        return secs * 1000L + millis;
    }

    private static int digits(byte[] s, int off, int n) {
        int v = 0;
        for (int i = 0; i < n; i++) {
            int d = s[off + i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }

    private static int daysInMonth(int y, int m) {
        if (m == 2) {
            return (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28;
        }
        return (m == 4 || m == 6 || m == 9 || m == 11) ? 30 : 31;
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
    static long daysFromCivil(int y, int m, int d) {
        long yy = m <= 2 ? y - 1 : y;
        long era = (yy >= 0 ? yy : yy - 399) / 400;
        long yoe = yy - era * 400;
        long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + doe - 719468;
    }
}
