package io.tailnode.http;

import io.tailnode.lang.HotPath;

/**
 * Bounded, incremental parser of an HTTP/1.1 request head (RFC 9112 §2-§6): request line, then header fields up
 * to the empty line. Input may be split anywhere; each byte is looked at once and lines are collected into one
 * fixed buffer (never a growing StringBuffer). Only what the device routes on is kept: method, target, version,
 * Content-Length, Transfer-Encoding presence, Connection: close, Host count, Expect: 100-continue.
 * <p>
 * Decisions (why): bare LF is accepted as a line end (§2.2 allows it); empty lines before the request line are
 * skipped (§2.2); obs-fold, whitespace before the colon, control bytes, a bad or conflicting Content-Length and a
 * missing or repeated Host in HTTP/1.1 are 400 (§5.1, §5.2, §6.3, §3.2); any Transfer-Encoding is 501 because the
 * device does not decode chunked request bodies (§6.1; clients send bodies with Content-Length); versions other
 * than 1.0/1.1 are 505. Not thread-safe.
 */
final class RequestParser {
    static final int METHOD_OTHER = 0;
    static final int METHOD_GET = 1;
    static final int METHOD_HEAD = 2;
    static final int METHOD_POST = 3;

    /** {@link #feed} results. */
    static final int MORE = 0;
    static final int DONE = 1;
    static final int ERROR = -1;

    private final int maxRequestLine;
    private final int maxHeaderCount;
    private final int maxHeaderBytes;
    /** The current line; sized for the longer of a request line and a whole header section. */
    private final byte[] line;
    /** The request target (origin-form) of the current request. */
    final byte[] target;
    private int lineLen;
    private boolean inHeaders;
    private int headerBytes;
    private int headerCount;

    int targetLen;
    int method;
    /** 0 or 1 for HTTP/1.0 or HTTP/1.1. */
    int minorVersion;
    /** -1 when absent. */
    long contentLength;
    boolean transferEncoding;
    boolean connectionClose;
    boolean expectContinue;
    private int hostCount;
    /** Status code of the last {@link #ERROR}. */
    int errorStatus;

    RequestParser(HttpLimits limits) {
        maxRequestLine = limits.maxRequestLine;
        maxHeaderCount = limits.maxHeaderCount;
        maxHeaderBytes = limits.maxHeaderBytes;
        line = new byte[Math.max(maxRequestLine, maxHeaderBytes)];
        target = new byte[maxRequestLine];
        reset();
    }

    @HotPath
    void reset() {
        lineLen = 0;
        inHeaders = false;
        headerBytes = 0;
        headerCount = 0;
        targetLen = 0;
        method = METHOD_OTHER;
        minorVersion = 1;
        contentLength = -1;
        transferEncoding = false;
        connectionClose = false;
        expectContinue = false;
        hostCount = 0;
        errorStatus = 0;
    }

    /** True once any byte of a request has been seen (an idle keep-alive connection is not mid-request). */
    boolean started() {
        return inHeaders || lineLen > 0;
    }

    /**
     * Consumes bytes up to the end of the head. {@code used[0]} receives the bytes consumed; the return value is
     * {@link #MORE}, {@link #DONE} (head complete, body starts right after) or {@link #ERROR} ({@link #errorStatus}).
     */
    @HotPath
    int feed(byte[] buf, int off, int len, int[] used) {
        int i = 0;
        while (i < len) {
            int b = buf[off + i++] & 0xFF;
            if (inHeaders) {
                if (++headerBytes > maxHeaderBytes) {
                    return fail(431, i, used);
                }
            }
            if (b != '\n') {
                if (lineLen == (inHeaders ? line.length : maxRequestLine)) {
                    return fail(inHeaders ? 431 : 414, i, used);
                }
                line[lineLen++] = (byte) b;
                continue;
            }
            int n = lineLen;
            if (n > 0 && line[n - 1] == '\r') {
                n--;
            }
            lineLen = 0;
            int r;
            if (!inHeaders) {
                if (n == 0) {
                    continue;
                }
                r = requestLine(n);
                inHeaders = true;
            } else if (n == 0) {
                r = finish();
                used[0] = i;
                return r == 0 ? DONE : fail(r, i, used);
            } else {
                r = ++headerCount > maxHeaderCount ? 431 : header(n);
            }
            if (r != 0) {
                return fail(r, i, used);
            }
        }
        used[0] = i;
        return MORE;
    }

    @HotPath
    private int fail(int status, int consumed, int[] used) {
        errorStatus = status;
        used[0] = consumed;
        return ERROR;
    }

    @HotPath
    private int finish() {
        if (minorVersion == 1 && hostCount != 1) {
            return 400;
        }
        if (transferEncoding) {
            return 501;
        }
        return 0;
    }

    /** method SP request-target SP HTTP-version (§3); returns 0 or an error status. */
    @HotPath
    private int requestLine(int n) {
        int sp1 = indexOf(' ', 0, n);
        int sp2 = sp1 < 0 ? -1 : indexOf(' ', sp1 + 1, n);
        if (sp1 <= 0 || sp2 <= sp1 + 1 || indexOf(' ', sp2 + 1, n) >= 0) {
            return 400;
        }
        for (int i = 0; i < sp1; i++) {
            if (!isTchar(line[i])) {
                return 400;
            }
        }
        method = is(0, sp1, "GET") ? METHOD_GET : is(0, sp1, "HEAD") ? METHOD_HEAD
                : is(0, sp1, "POST") ? METHOD_POST : METHOD_OTHER;
        for (int i = sp1 + 1; i < sp2; i++) {
            int c = line[i] & 0xFF;
            if (c <= 0x20 || c >= 0x7F) {
                return 400;
            }
        }
        if (line[sp1 + 1] != '/') {
            return 400;
        }
        targetLen = sp2 - sp1 - 1;
        System.arraycopy(line, sp1 + 1, target, 0, targetLen);
        int v = sp2 + 1;
        if (n - v != 8 || !is(v, v + 5, "HTTP/") || line[v + 6] != '.' || !digit(line[v + 5]) || !digit(line[v + 7])) {
            return 400;
        }
        if (line[v + 5] != '1' || line[v + 7] > '1') {
            return 505;
        }
        minorVersion = line[v + 7] - '0';
        return 0;
    }

    /** field-name ":" OWS field-value OWS (§5); returns 0 or an error status. */
    @HotPath
    private int header(int n) {
        int colon = indexOf(':', 0, n);
        if (colon <= 0) {
            return 400;
        }
        for (int i = 0; i < colon; i++) {
            if (!isTchar(line[i])) {
                return 400;
            }
        }
        int vs = colon + 1;
        int ve = n;
        while (vs < ve && (line[vs] == ' ' || line[vs] == '\t')) {
            vs++;
        }
        while (ve > vs && (line[ve - 1] == ' ' || line[ve - 1] == '\t')) {
            ve--;
        }
        for (int i = vs; i < ve; i++) {
            int c = line[i] & 0xFF;
            if ((c < 0x20 && c != '\t') || c == 0x7F) {
                return 400;
            }
        }
        if (isIgnoreCase(0, colon, "content-length")) {
            return contentLength(vs, ve);
        } else if (isIgnoreCase(0, colon, "transfer-encoding")) {
            transferEncoding = true;
        } else if (isIgnoreCase(0, colon, "host")) {
            hostCount++;
        } else if (isIgnoreCase(0, colon, "connection")) {
            connectionClose |= containsToken(vs, ve, "close");
        } else if (isIgnoreCase(0, colon, "expect")) {
            expectContinue |= isIgnoreCase(vs, ve, "100-continue");
        }
        return 0;
    }

    /** 1*DIGIT, at most 18 digits (no overflow); a repeat must carry the same value (§6.3 item 5). */
    @HotPath
    private int contentLength(int vs, int ve) {
        if (ve == vs || ve - vs > 18) {
            return 400;
        }
        long v = 0;
        for (int i = vs; i < ve; i++) {
            if (!digit(line[i])) {
                return 400;
            }
            v = v * 10 + (line[i] - '0');
        }
        if (contentLength >= 0 && contentLength != v) {
            return 400;
        }
        contentLength = v;
        return 0;
    }

    @HotPath
    private int indexOf(int c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (line[i] == c) {
                return i;
            }
        }
        return -1;
    }

    @HotPath
    private boolean is(int from, int to, String s) {
        if (to - from != s.length()) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (line[i] != s.charAt(i - from)) {
                return false;
            }
        }
        return true;
    }

    @HotPath
    private boolean isIgnoreCase(int from, int to, String lower) {
        if (to - from != lower.length()) {
            return false;
        }
        for (int i = from; i < to; i++) {
            int c = line[i];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lower.charAt(i - from)) {
                return false;
            }
        }
        return true;
    }

    /** Comma-separated list membership, case-insensitive, OWS around elements. */
    @HotPath
    private boolean containsToken(int vs, int ve, String lower) {
        int s = vs;
        while (s < ve) {
            int e = indexOf(',', s, ve);
            if (e < 0) {
                e = ve;
            }
            int a = s;
            int z = e;
            while (a < z && (line[a] == ' ' || line[a] == '\t')) {
                a++;
            }
            while (z > a && (line[z - 1] == ' ' || line[z - 1] == '\t')) {
                z--;
            }
            if (isIgnoreCase(a, z, lower)) {
                return true;
            }
            s = e + 1;
        }
        return false;
    }

    private static boolean digit(byte c) {
        return c >= '0' && c <= '9';
    }

    /** RFC 9110 §5.6.2 tchar. */
    private static boolean isTchar(byte b) {
        int c = b & 0xFF;
        if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
            return true;
        }
        return c == '!' || c == '#' || c == '$' || c == '%' || c == '&' || c == '\'' || c == '*' || c == '+'
                || c == '-' || c == '.' || c == '^' || c == '_' || c == '`' || c == '|' || c == '~';
    }
}
