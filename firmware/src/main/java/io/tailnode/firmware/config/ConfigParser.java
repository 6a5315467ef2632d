package io.tailnode.firmware.config;

import io.tailnode.lang.Bytes;

/**
 * The one strict, bounded parser for configuration texts on caller buffers: the provisioning record (grammar
 * in {@link ProvisioningRecord}) and the defaults properties:
 * <pre>
 *   properties = *( line LF )  [ line ]            ; at most {@link #PROPERTIES_MAX_BYTES} bytes
 *   line       = [ CR ] | "#" *( %x20-7E / HT ) [ CR ] | *WSP key *WSP "=" *WSP value *WSP [ CR ]
 *   key        = 1*( %x61-7A / DIGIT / "_" )       ; a name of {@link ConfigFields#NAMES}
 *   value      = 1*%x21-7E                          ; field-specific rules below
 * </pre>
 * Values: numbers are 1-10 decimal digits within the field's range; flags "true" or "false"; hostname a DNS
 * label of 1-63 letters, digits and '-' not at either end; control_url "https://" or "http://" and a
 * non-empty rest, at most 127 bytes; auth_key 1-127 printable bytes (record only: defaults are shared by
 * every image, so a secret there is {@link ConfigStatus#ERR_SECRET_NOT_ALLOWED}); control_key "mkey:" and
 * 64 hex digits.
 * <p>
 * All or nothing: values go into a staging copy of the target, which is committed only if the whole text
 * is valid, so a failure changes nothing. Every failure is a negative {@link ConfigStatus} code and
 * {@link #errorOffset()} says where (relative to the text's start). Never throws on any input bytes.
 * Allocation at construction only; not thread-safe.
 */
public final class ConfigParser {
    public static final int PROPERTIES_MAX_BYTES = 4096;

    private static final String MKEY_PREFIX = "mkey:";

    private final DeviceConfig staging = new DeviceConfig();
    private final boolean[] seen = new boolean[ConfigFields.COUNT];
    private int errorOffset;
    private int fieldsApplied;

    /** Where the last failure was found, relative to the start of the text; -1 after success. */
    public int errorOffset() {
        return errorOffset;
    }

    /** Fields set by the last successful parse. */
    public int fieldsApplied() {
        return fieldsApplied;
    }

    /** Parses a provisioning record and, if it is entirely valid, applies it to {@code target}. */
    public int parseRecord(byte[] buf, int off, int len, DeviceConfig target) {
        return record(buf, off, len, target, true);
    }

    /** Validates a provisioning record without applying it. */
    public int checkRecord(byte[] buf, int off, int len, DeviceConfig base) {
        return record(buf, off, len, base, false);
    }

    /** Parses a defaults properties text and, if it is entirely valid, applies it to {@code target}. */
    public int parseProperties(byte[] buf, int off, int len, DeviceConfig target) {
        int status = start(buf, off, len, PROPERTIES_MAX_BYTES, target);
        int end = off + len;
        int p = off;
        while (status == ConfigStatus.OK && p < end) {
            int eol = p;
            while (eol < end && buf[eol] != '\n') {
                eol++;
            }
            int lineEnd = eol > p && buf[eol - 1] == '\r' ? eol - 1 : eol;
            status = propertiesLine(buf, off, p, lineEnd);
            p = eol + 1;
        }
        return finish(status, target, true);
    }

    private int record(byte[] buf, int off, int len, DeviceConfig target, boolean commit) {
        int status = start(buf, off, len, ProvisioningRecord.MAX_BYTES, target);
        if (status != ConfigStatus.OK) {
            return finish(status, target, false);
        }
        int end = off + len;
        int p = skipToken(buf, off, end);
        status = magic(buf, off, p);
        if (status == ConfigStatus.OK && !endsWithEndMarker(buf, off, end)) {
            // Checked before the fields so a record cut anywhere is reported as truncated, whatever the cut
            // token happens to look like.
            status = fail(ConfigStatus.ERR_TRUNCATED, end, off);
        }
        while (status == ConfigStatus.OK) {
            if (buf[p] != ' ') {
                status = fail(ConfigStatus.ERR_MALFORMED, p, off);
                break;
            }
            int t = p + 1;
            p = skipToken(buf, t, end);
            if (p < end && buf[p] != ' ') {
                // A control or non-ASCII byte inside a token: reported as such, not as whatever the cut-off
                // token would look like.
                status = fail(ConfigStatus.ERR_MALFORMED, p, off);
            } else if (p == t) {
                status = fail(ConfigStatus.ERR_MALFORMED, t, off);
            } else if (isEndMarker(buf, t, p)) {
                if (p != end) {
                    status = fail(ConfigStatus.ERR_TRAILING_DATA, t, off);
                }
                break;
            } else {
                status = field(buf, off, t, p, false);
            }
        }
        return finish(status, target, commit);
    }

    private int start(byte[] buf, int off, int len, int max, DeviceConfig target) {
        errorOffset = -1;
        fieldsApplied = 0;
        for (int i = 0; i < seen.length; i++) {
            seen[i] = false;
        }
        if (buf == null || off < 0 || len < 0 || len > buf.length - off) {
            return fail(ConfigStatus.ERR_MALFORMED, off, off);
        }
        if (len == 0) {
            return fail(ConfigStatus.ERR_EMPTY, off, off);
        }
        if (len > max) {
            return fail(ConfigStatus.ERR_TOO_LARGE, off + max, off);
        }
        staging.copyFrom(target);
        return ConfigStatus.OK;
    }

    private int finish(int status, DeviceConfig target, boolean commit) {
        if (status == ConfigStatus.OK && commit) {
            target.copyFrom(staging);
        }
        // The staging copy may hold an auth key; it must not outlive the call.
        staging.wipeAuthKey();
        return status;
    }

    private int magic(byte[] buf, int off, int p) {
        String m = ProvisioningRecord.MAGIC;
        int n = m.length();
        if (p - off < n && startsWithAscii(ProvisioningRecord.MAGIC_BYTES, 0, n, buf, off, p - off)) {
            return fail(ConfigStatus.ERR_TRUNCATED, p, off);
        }
        boolean prefix = p - off >= 3 && buf[off] == 't' && buf[off + 1] == 'n' && buf[off + 2] == 'p';
        if (!prefix) {
            return fail(ConfigStatus.ERR_BAD_MAGIC, off, off);
        }
        if (p - off != n || buf[off + n - 1] != (byte) m.charAt(n - 1)) {
            return fail(ConfigStatus.ERR_UNSUPPORTED_VERSION, off, off);
        }
        return ConfigStatus.OK;
    }

    private static boolean endsWithEndMarker(byte[] buf, int off, int end) {
        String m = ProvisioningRecord.END;
        int n = m.length();
        return end - off >= n + 1 && buf[end - n - 1] == ' ' && isEndMarker(buf, end - n, end);
    }

    private static boolean isEndMarker(byte[] buf, int from, int to) {
        String m = ProvisioningRecord.END;
        if (to - from != m.length()) {
            return false;
        }
        for (int i = 0; i < m.length(); i++) {
            if (buf[from + i] != (byte) m.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** End of the token starting at {@code p}: the next byte that is not printable non-space ASCII. */
    private static int skipToken(byte[] buf, int p, int end) {
        while (p < end && buf[p] > 0x20 && buf[p] < 0x7F) {
            p++;
        }
        return p;
    }

    private int propertiesLine(byte[] buf, int off, int from, int to) {
        int p = skipBlanks(buf, from, to);
        if (p == to) {
            return ConfigStatus.OK;
        }
        if (buf[p] == '#') {
            for (int i = p; i < to; i++) {
                if ((buf[i] < 0x20 || buf[i] > 0x7E) && buf[i] != '\t') {
                    return fail(ConfigStatus.ERR_MALFORMED, i, off);
                }
            }
            return ConfigStatus.OK;
        }
        int keyStart = p;
        while (p < to && buf[p] > 0x20 && buf[p] < 0x7F && buf[p] != '=') {
            p++;
        }
        int keyEnd = p;
        p = skipBlanks(buf, p, to);
        if (p == to || buf[p] != '=' || keyEnd == keyStart) {
            return fail(ConfigStatus.ERR_MALFORMED, p, off);
        }
        p = skipBlanks(buf, p + 1, to);
        int valueStart = p;
        p = skipToken(buf, p, to);
        int valueEnd = p;
        if (skipBlanks(buf, p, to) != to) {
            return fail(ConfigStatus.ERR_MALFORMED, p, off);
        }
        return keyValue(buf, off, keyStart, keyEnd, valueStart, valueEnd, true);
    }

    private static int skipBlanks(byte[] buf, int p, int to) {
        while (p < to && (buf[p] == ' ' || buf[p] == '\t')) {
            p++;
        }
        return p;
    }

    /** A record token "key=value" in {@code [from, to)}, already known to be printable non-space ASCII. */
    private int field(byte[] buf, int off, int from, int to, boolean defaults) {
        int eq = from;
        while (eq < to && buf[eq] != '=') {
            eq++;
        }
        if (eq == to) {
            return fail(ConfigStatus.ERR_MALFORMED, from, off);
        }
        return keyValue(buf, off, from, eq, eq + 1, to, defaults);
    }

    private int keyValue(byte[] buf, int off, int keyStart, int keyEnd, int valueStart, int valueEnd,
            boolean defaults) {
        if (keyEnd == keyStart) {
            return fail(ConfigStatus.ERR_MALFORMED, keyStart, off);
        }
        for (int i = keyStart; i < keyEnd; i++) {
            byte b = buf[i];
            if (!((b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '_')) {
                return fail(ConfigStatus.ERR_MALFORMED, i, off);
            }
        }
        int id = ConfigFields.lookup(buf, keyStart, keyEnd - keyStart);
        if (id < 0) {
            return fail(ConfigStatus.ERR_UNKNOWN_FIELD, keyStart, off);
        }
        if (seen[id]) {
            return fail(ConfigStatus.ERR_DUPLICATE_FIELD, keyStart, off);
        }
        seen[id] = true;
        if (valueEnd == valueStart) {
            return fail(ConfigStatus.ERR_EMPTY_VALUE, valueStart, off);
        }
        int status = value(id, buf, valueStart, valueEnd - valueStart, defaults);
        if (status != ConfigStatus.OK) {
            return fail(status, valueStart, off);
        }
        fieldsApplied++;
        return ConfigStatus.OK;
    }

    private int value(int id, byte[] buf, int p, int n, boolean defaults) {
        switch (ConfigFields.KIND[id]) {
            case ConfigFields.KIND_INT:
                return number(id, buf, p, n);
            case ConfigFields.KIND_BOOL:
                return flag(id, buf, p, n);
            case ConfigFields.KIND_HOSTNAME:
                return hostname(buf, p, n);
            case ConfigFields.KIND_URL:
                return url(buf, p, n);
            case ConfigFields.KIND_SECRET:
                if (defaults) {
                    return ConfigStatus.ERR_SECRET_NOT_ALLOWED;
                }
                if (n > ConfigFields.AUTH_KEY_MAX) {
                    return ConfigStatus.ERR_VALUE_TOO_LONG;
                }
                staging.setText(id, buf, p, n);
                return ConfigStatus.OK;
            default:
                return controlKey(buf, p, n);
        }
    }

    private int number(int id, byte[] buf, int p, int n) {
        if (n > 10) {
            return ConfigStatus.ERR_BAD_NUMBER;
        }
        long v = 0;
        for (int i = 0; i < n; i++) {
            int d = buf[p + i] - '0';
            if (d < 0 || d > 9) {
                return ConfigStatus.ERR_BAD_NUMBER;
            }
            v = v * 10 + d;
        }
        if (v < ConfigFields.MIN[id] || v > ConfigFields.MAX[id]) {
            return ConfigStatus.ERR_OUT_OF_RANGE;
        }
        staging.setInt(id, (int) v);
        return ConfigStatus.OK;
    }

    private int flag(int id, byte[] buf, int p, int n) {
        if (equalsAscii(buf, p, n, "true")) {
            staging.setInt(id, 1);
        } else if (equalsAscii(buf, p, n, "false")) {
            staging.setInt(id, 0);
        } else {
            return ConfigStatus.ERR_BAD_BOOLEAN;
        }
        return ConfigStatus.OK;
    }

    private int hostname(byte[] buf, int p, int n) {
        if (n > ConfigFields.HOSTNAME_MAX) {
            return ConfigStatus.ERR_VALUE_TOO_LONG;
        }
        for (int i = 0; i < n; i++) {
            byte b = buf[p + i];
            boolean ok = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
                    || (b == '-' && i != 0 && i != n - 1);
            if (!ok) {
                return ConfigStatus.ERR_BAD_HOSTNAME;
            }
        }
        staging.setText(ConfigFields.HOSTNAME, buf, p, n);
        return ConfigStatus.OK;
    }

    private int url(byte[] buf, int p, int n) {
        if (n > ConfigFields.CONTROL_URL_MAX) {
            return ConfigStatus.ERR_VALUE_TOO_LONG;
        }
        int scheme = startsWithAscii(buf, p, n, "https://") ? 8 : (startsWithAscii(buf, p, n, "http://") ? 7 : 0);
        if (scheme == 0 || n == scheme || buf[p + scheme] == '/') {
            return ConfigStatus.ERR_BAD_URL;
        }
        staging.setText(ConfigFields.CONTROL_URL, buf, p, n);
        return ConfigStatus.OK;
    }

    private int controlKey(byte[] buf, int p, int n) {
        int prefix = MKEY_PREFIX.length();
        if (n != prefix + 2 * ConfigFields.CONTROL_KEY_BYTES || !startsWithAscii(buf, p, n, MKEY_PREFIX)) {
            return ConfigStatus.ERR_BAD_KEY;
        }
        for (int i = 0; i < 2 * ConfigFields.CONTROL_KEY_BYTES; i++) {
            if (Bytes.hexDigit(buf[p + prefix + i]) < 0) {
                return ConfigStatus.ERR_BAD_KEY;
            }
        }
        for (int i = 0; i < ConfigFields.CONTROL_KEY_BYTES; i++) {
            int hi = Bytes.hexDigit(buf[p + prefix + 2 * i]);
            int lo = Bytes.hexDigit(buf[p + prefix + 2 * i + 1]);
            staging.setControlKeyByte(i, (hi << 4) | lo);
        }
        return ConfigStatus.OK;
    }

    private static boolean equalsAscii(byte[] buf, int p, int n, String s) {
        return n == s.length() && startsWithAscii(buf, p, n, s);
    }

    /** True if {@code a[ap..ap+an)} starts with {@code b[bp..bp+bn)}. */
    private static boolean startsWithAscii(byte[] a, int ap, int an, byte[] b, int bp, int bn) {
        if (an < bn) {
            return false;
        }
        for (int i = 0; i < bn; i++) {
            if (a[ap + i] != b[bp + i]) {
                return false;
            }
        }
        return true;
    }

    static boolean startsWithAscii(byte[] buf, int p, int n, String s) {
        if (n < s.length()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (buf[p + i] != (byte) s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private int fail(int status, int at, int off) {
        errorOffset = at - off;
        return status;
    }
}
