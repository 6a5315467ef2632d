package io.tailnode.control.noise;

import io.tailnode.lang.HotPath;

/**
 * Incremental parser for the server's answer to {@link UpgradeRequest} (tailscale-protocol.md §2.2, §9 pitfall 4):
 * {@code HTTP/1.x 101} with {@code Upgrade: tailscale-control-protocol} and a {@code Connection} header holding
 * the {@code upgrade} token (what Go's net/http requires to treat a 101 as a protocol switch). Sans-I/O and
 * bounded: header bytes are scanned line by line in a fixed line buffer and the whole header block may not exceed
 * the configured bound.
 * <p>
 * Why {@link #receive} returns how much it consumed: the server writes the Noise response right behind the blank
 * line, often in the same TCP segment; everything after the returned count belongs to {@link ControlChannel}.
 * Lines may end in CRLF or bare LF (as Go's textproto accepts). Header names are case-insensitive, values are
 * compared case-insensitively. Not thread-safe; {@link #reset} for reuse. No allocation after construction.
 */
public final class UpgradeResponse {
    public static final int STATE_STATUS = 0;
    public static final int STATE_HEADERS = 1;
    public static final int STATE_DONE = 2;
    public static final int STATE_FAILED = 3;

    private static final byte[] UPGRADE = lower("upgrade");
    private static final byte[] CONNECTION = lower("connection");
    private static final byte[] PROTOCOL = lower("tailscale-control-protocol");

    private final byte[] line;
    private final int maxHeaderBytes;
    private int lineLen;
    private int total;
    private int state = STATE_STATUS;
    private int status;
    private int failReason;
    private boolean upgradeOk;
    private boolean connectionOk;

    /**
     * @param maxLineBytes longest header line kept (longer lines fail with HTTP_HEADER_TOO_LONG), e.g. 256
     * @param maxHeaderBytes bound on the whole header block including the status line, e.g. 4096
     */
    public UpgradeResponse(int maxLineBytes, int maxHeaderBytes) {
        if (maxLineBytes < 32 || maxHeaderBytes < maxLineBytes) {
            throw new IllegalArgumentException("bad bounds");
        }
        line = new byte[maxLineBytes];
        this.maxHeaderBytes = maxHeaderBytes;
    }

    public void reset() {
        lineLen = 0;
        total = 0;
        state = STATE_STATUS;
        status = 0;
        failReason = 0;
        upgradeOk = false;
        connectionOk = false;
    }

    /**
     * Feeds response bytes. Returns how many were consumed (all of them while the headers are incomplete; in
     * {@link #STATE_DONE} the bytes after that count belong to the Noise channel), or a negative
     * {@link ControlReason}: HTTP_STATUS (non-101; {@link #status}), HTTP_MALFORMED, HTTP_HEADER_TOO_LONG,
     * HTTP_NOT_UPGRADED. After DONE or a failure, further calls return 0 or the failure again.
     */
    @HotPath
    public int receive(byte[] buf, int off, int len) {
        if (state == STATE_FAILED) {
            return failReason;
        }
        if (state == STATE_DONE) {
            return 0;
        }
        for (int i = 0; i < len; i++) {
            if (++total > maxHeaderBytes) {
                return fail(ControlReason.HTTP_HEADER_TOO_LONG);
            }
            byte b = buf[off + i];
            if (b != '\n') {
                if (lineLen == line.length) {
                    return fail(ControlReason.HTTP_HEADER_TOO_LONG);
                }
                line[lineLen++] = b;
                continue;
            }
            int n = lineLen;
            if (n > 0 && line[n - 1] == '\r') {
                n--;
            }
            lineLen = 0;
            int r = state == STATE_STATUS ? statusLine(n) : headerLine(n);
            if (r < 0) {
                return fail(r);
            }
            if (state == STATE_DONE) {
                return i + 1;
            }
        }
        return len;
    }

    public int state() {
        return state;
    }

    /** The status code once the status line has been read, else 0. */
    public int status() {
        return status;
    }

    /** {@code HTTP/1.<digit> <3 digits>[ reason]}; non-101 is reported with its code. */
    @HotPath
    private int statusLine(int n) {
        if (n < 12 || line[0] != 'H' || line[1] != 'T' || line[2] != 'T' || line[3] != 'P' || line[4] != '/'
                || line[5] != '1' || line[6] != '.' || !digit(line[7]) || line[8] != ' '
                || !digit(line[9]) || !digit(line[10]) || !digit(line[11]) || (n > 12 && line[12] != ' ')) {
            return ControlReason.HTTP_MALFORMED;
        }
        status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
        if (status != 101) {
            return ControlReason.HTTP_STATUS;
        }
        state = STATE_HEADERS;
        return 0;
    }

    /** One header line, or the blank line that ends the block. */
    @HotPath
    private int headerLine(int n) {
        if (n == 0) {
            if (!upgradeOk || !connectionOk) {
                return ControlReason.HTTP_NOT_UPGRADED;
            }
            state = STATE_DONE;
            return 0;
        }
        int colon = -1;
        for (int i = 0; i < n; i++) {
            if (line[i] == ':') {
                colon = i;
                break;
            }
        }
        // Obsolete line folding (leading whitespace) and names with spaces are refused, as RFC 9112 §5 allows.
        if (colon <= 0 || line[0] == ' ' || line[0] == '\t' || line[colon - 1] == ' ') {
            return ControlReason.HTTP_MALFORMED;
        }
        int vs = colon + 1;
        while (vs < n && (line[vs] == ' ' || line[vs] == '\t')) {
            vs++;
        }
        int ve = n;
        while (ve > vs && (line[ve - 1] == ' ' || line[ve - 1] == '\t')) {
            ve--;
        }
        if (equalsLower(line, 0, colon, UPGRADE)) {
            upgradeOk = equalsLower(line, vs, ve - vs, PROTOCOL);
        } else if (equalsLower(line, 0, colon, CONNECTION)) {
            connectionOk = connectionOk || hasToken(vs, ve, UPGRADE);
        }
        return 0;
    }

    /** Comma-separated token list contains {@code token} (case-insensitive). */
    @HotPath
    private boolean hasToken(int from, int to, byte[] token) {
        int i = from;
        while (i < to) {
            while (i < to && (line[i] == ' ' || line[i] == '\t' || line[i] == ',')) {
                i++;
            }
            int s = i;
            while (i < to && line[i] != ',') {
                i++;
            }
            int e = i;
            while (e > s && (line[e - 1] == ' ' || line[e - 1] == '\t')) {
                e--;
            }
            if (e > s && equalsLower(line, s, e - s, token)) {
                return true;
            }
        }
        return false;
    }

    @HotPath
    private static boolean equalsLower(byte[] b, int off, int len, byte[] lower) {
        if (len != lower.length) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            int c = b[off + i];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lower[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean digit(byte b) {
        return b >= '0' && b <= '9';
    }

    private int fail(int reason) {
        state = STATE_FAILED;
        failReason = reason;
        return reason;
    }

    private static byte[] lower(String s) {
        byte[] b = new byte[s.length()];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) s.charAt(i);
        }
        return b;
    }
}
