package io.tailnode.derp;

import io.tailnode.lang.HotPath;

/**
 * Incremental parser for the server's answer to {@link DerpUpgradeRequest} (tailscale-protocol.md §3.1): {@code
 * HTTP/1.x 101} with {@code Upgrade: DERP} and a {@code Connection} header holding the {@code upgrade} token;
 * an optional {@code Derp-Public-Key: <64 hex>} is kept so the ServerKey frame can be checked against it.
 * <p>
 * {@link #receive} returns how much it consumed because DERP frames follow the blank line at once, often in the
 * same TLS record (§9 pitfall 4): the rest belongs to the frame decoder. Lines end in CRLF or bare LF; header
 * names and the Upgrade/Connection values compare case-insensitively. Bounded: one line buffer, a cap on the whole
 * block. Not thread-safe; {@link #reset} for reuse; no allocation after construction.
 */
public final class DerpUpgradeResponse {
    public static final int STATE_STATUS = 0;
    public static final int STATE_HEADERS = 1;
    public static final int STATE_DONE = 2;
    public static final int STATE_FAILED = 3;

    private static final byte[] UPGRADE = DerpUpgradeRequest.ascii("upgrade");
    private static final byte[] CONNECTION = DerpUpgradeRequest.ascii("connection");
    private static final byte[] DERP = DerpUpgradeRequest.ascii("derp");
    private static final byte[] PUBLIC_KEY = DerpUpgradeRequest.ascii("derp-public-key");

    private final byte[] line;
    private final int maxHeaderBytes;
    private final byte[] serverKey = new byte[DerpWire.KEY];
    private int lineLen;
    private int total;
    private int state = STATE_STATUS;
    private int status;
    private int failReason;
    private boolean upgradeOk;
    private boolean connectionOk;
    private boolean hasServerKey;

    /**
     * @param maxLineBytes longest header line kept, e.g. 256
     * @param maxHeaderBytes bound on the whole header block including the status line, e.g. 4096
     */
    public DerpUpgradeResponse(int maxLineBytes, int maxHeaderBytes) {
        if (maxLineBytes < 96 || maxHeaderBytes < maxLineBytes) {
            throw new IllegalArgumentException("bad bounds");
        }
        line = new byte[maxLineBytes];
        this.maxHeaderBytes = maxHeaderBytes;
    }

    @HotPath
    public void reset() {
        lineLen = 0;
        total = 0;
        state = STATE_STATUS;
        status = 0;
        failReason = 0;
        upgradeOk = false;
        connectionOk = false;
        hasServerKey = false;
    }

    /**
     * Feeds response bytes. Returns how many were consumed (all while the headers are incomplete; once
     * {@link #STATE_DONE}, what follows that count is DERP framing), or a negative {@link DerpReason}:
     * HTTP_STATUS, HTTP_MALFORMED, HTTP_HEADER_TOO_LONG, HTTP_NOT_UPGRADED. After DONE, 0; after a failure, the
     * failure again.
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
                return fail(DerpReason.HTTP_HEADER_TOO_LONG);
            }
            byte b = buf[off + i];
            if (b != '\n') {
                if (lineLen == line.length) {
                    return fail(DerpReason.HTTP_HEADER_TOO_LONG);
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

    public int status() {
        return status;
    }

    /** True if the response carried a well-formed Derp-Public-Key header. */
    public boolean hasServerKey() {
        return hasServerKey;
    }

    /** The Derp-Public-Key value (valid if {@link #hasServerKey}). */
    public byte[] serverKey() {
        return serverKey;
    }

    @HotPath
    private int statusLine(int n) {
        if (n < 12 || line[0] != 'H' || line[1] != 'T' || line[2] != 'T' || line[3] != 'P' || line[4] != '/'
                || line[5] != '1' || line[6] != '.' || !digit(line[7]) || line[8] != ' '
                || !digit(line[9]) || !digit(line[10]) || !digit(line[11]) || (n > 12 && line[12] != ' ')) {
            return DerpReason.HTTP_MALFORMED;
        }
        status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
        if (status != 101) {
            return DerpReason.HTTP_STATUS;
        }
        state = STATE_HEADERS;
        return 0;
    }

    @HotPath
    private int headerLine(int n) {
        if (n == 0) {
            if (!upgradeOk || !connectionOk) {
                return DerpReason.HTTP_NOT_UPGRADED;
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
        if (colon <= 0 || line[0] == ' ' || line[0] == '\t' || line[colon - 1] == ' ') {
            return DerpReason.HTTP_MALFORMED;
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
            upgradeOk = equalsLower(line, vs, ve - vs, DERP);
        } else if (equalsLower(line, 0, colon, CONNECTION)) {
            connectionOk = connectionOk || hasToken(vs, ve, UPGRADE);
        } else if (equalsLower(line, 0, colon, PUBLIC_KEY)) {
            hasServerKey = ve - vs == 64 && hex(vs);
        }
        return 0;
    }

    /** Decodes 64 hex digits at line[from..) into serverKey; false (key unchanged in meaning) if any is not hex. */
    @HotPath
    private boolean hex(int from) {
        for (int i = 0; i < DerpWire.KEY; i++) {
            int hi = nibble(line[from + 2 * i]);
            int lo = nibble(line[from + 2 * i + 1]);
            if (hi < 0 || lo < 0) {
                return false;
            }
            serverKey[i] = (byte) (hi << 4 | lo);
        }
        return true;
    }

    private static int nibble(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

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
}
