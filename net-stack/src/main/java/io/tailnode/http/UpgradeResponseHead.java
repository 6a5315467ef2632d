package io.tailnode.http;

import io.tailnode.lang.HotPath;

/**
 * Incremental, bounded reader of an HTTP/1.x {@code 101 Switching Protocols} response head, the part the
 * control channel ({@code control.noise.UpgradeResponse}, protocol {@code tailscale-control-protocol}) and DERP
 * ({@code derp.DerpUpgradeResponse}, protocol {@code DERP}) share: the status line, then header lines until the
 * blank line, requiring {@code Upgrade: <protocol>} and a {@code Connection} header holding the {@code upgrade}
 * token (what Go's net/http needs to treat a 101 as a protocol switch). Other headers go to the
 * {@link HeaderListener} given at construction.
 * <p>
 * {@link #receive} returns how much it consumed because the upgraded protocol's first bytes usually follow the
 * blank line in the same segment or record. Lines end in CRLF or bare LF (as Go's textproto accepts); header names
 * and the Upgrade/Connection values compare case-insensitively; obsolete line folding is refused (RFC 9112 §5).
 * Bounded by one line buffer and a cap on the whole block. Not thread-safe; {@link #reset} for reuse; no
 * allocation after construction.
 */
public final class UpgradeResponseHead {
    public static final int STATE_STATUS = 0;
    public static final int STATE_HEADERS = 1;
    public static final int STATE_DONE = 2;
    public static final int STATE_FAILED = 3;

    /** A status other than 101 ({@link #status} has it). */
    public static final int ERR_STATUS = -1;
    /** Status or header line not well formed. */
    public static final int ERR_MALFORMED = -2;
    /** A line longer than the line buffer, or the whole head over its bound. */
    public static final int ERR_TOO_LONG = -3;
    /** The head ended without the Upgrade protocol or the Connection: upgrade token. */
    public static final int ERR_NOT_UPGRADED = -4;

    /** Sees each header line other than Upgrade and Connection; name and value are trimmed slices of line. */
    public interface HeaderListener {
        void header(byte[] line, int nameOff, int nameLen, int valueOff, int valueLen);
    }

    private static final byte[] UPGRADE = lowerAscii("upgrade");
    private static final byte[] CONNECTION = lowerAscii("connection");

    private final byte[] protocol;
    private final HeaderListener listener;
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
     * @param protocolLower  the Upgrade value required, in lower case
     * @param listenerOrNull receives the other headers
     * @param maxLineBytes   longest header line kept (longer lines fail with {@link #ERR_TOO_LONG}), at least 32
     * @param maxHeaderBytes bound on the whole head including the status line
     */
    public UpgradeResponseHead(byte[] protocolLower, HeaderListener listenerOrNull, int maxLineBytes,
            int maxHeaderBytes) {
        if (maxLineBytes < 32 || maxHeaderBytes < maxLineBytes) {
            throw new IllegalArgumentException("bad bounds");
        }
        protocol = protocolLower;
        listener = listenerOrNull;
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
    }

    /**
     * Feeds response bytes. Returns how many were consumed (all of them while the head is incomplete; once
     * {@link #STATE_DONE}, the bytes after that count belong to the upgraded protocol) or a negative ERR_ code.
     * After DONE, 0; after a failure, the same failure again.
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
                return fail(ERR_TOO_LONG);
            }
            byte b = buf[off + i];
            if (b != '\n') {
                if (lineLen == line.length) {
                    return fail(ERR_TOO_LONG);
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

    /** {@code HTTP/1.<digit> <3 digits>[ reason]}. */
    @HotPath
    private int statusLine(int n) {
        if (n < 12 || line[0] != 'H' || line[1] != 'T' || line[2] != 'T' || line[3] != 'P' || line[4] != '/'
                || line[5] != '1' || line[6] != '.' || !digit(line[7]) || line[8] != ' '
                || !digit(line[9]) || !digit(line[10]) || !digit(line[11]) || (n > 12 && line[12] != ' ')) {
            return ERR_MALFORMED;
        }
        status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
        if (status != 101) {
            return ERR_STATUS;
        }
        state = STATE_HEADERS;
        return 0;
    }

    /** One header line, or the blank line that ends the head. */
    @HotPath
    private int headerLine(int n) {
        if (n == 0) {
            if (!upgradeOk || !connectionOk) {
                return ERR_NOT_UPGRADED;
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
            return ERR_MALFORMED;
        }
        int vs = colon + 1;
        while (vs < n && (line[vs] == ' ' || line[vs] == '\t')) {
            vs++;
        }
        int ve = n;
        while (ve > vs && (line[ve - 1] == ' ' || line[ve - 1] == '\t')) {
            ve--;
        }
        if (equalsLowerAscii(line, 0, colon, UPGRADE)) {
            upgradeOk = equalsLowerAscii(line, vs, ve - vs, protocol);
        } else if (equalsLowerAscii(line, 0, colon, CONNECTION)) {
            connectionOk = connectionOk || hasToken(vs, ve, UPGRADE);
        } else if (listener != null) {
            listener.header(line, 0, colon, vs, ve - vs);
        }
        return 0;
    }

    /** Comma-separated token list in line[from..to) contains {@code token} (case-insensitive). */
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
            if (e > s && equalsLowerAscii(line, s, e - s, token)) {
                return true;
            }
        }
        return false;
    }

    /** b[off..+len) equals {@code lower} ignoring ASCII case ({@code lower} is lower case already). */
    @HotPath
    public static boolean equalsLowerAscii(byte[] b, int off, int len, byte[] lower) {
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

    /** ASCII bytes of a lower-case literal (construction time only). */
    public static byte[] lowerAscii(String s) {
        byte[] b = new byte[s.length()];
        for (int i = 0; i < b.length; i++) {
            char c = s.charAt(i);
            b[i] = (byte) (c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
        }
        return b;
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
