package io.tailnode.firmware.config;

/**
 * Results of parsing and storing configuration texts: {@link #OK} or a negative reason, specific enough to
 * count and to test (smoltcp's bare "malformed" is what we avoid). Key-store and HAL failures pass through
 * with their own codes (-1..-13), hence these start at -20.
 */
public final class ConfigStatus {
    public static final int OK = 0;
    /** The auth key was kept because it was provisioned as reusable (a success, hence positive). */
    public static final int KEPT_REUSABLE = 1;

    /** Zero-length input. */
    public static final int ERR_EMPTY = -20;
    /** Input longer than the format's bound (record {@code MAX_BYTES}, properties {@code MAX_BYTES}). */
    public static final int ERR_TOO_LARGE = -21;
    /** The record does not start with the "tnp" magic. */
    public static final int ERR_BAD_MAGIC = -22;
    /** "tnp&lt;n&gt;" with a version this firmware does not know. */
    public static final int ERR_UNSUPPORTED_VERSION = -23;
    /** The record does not end with " end": cut short, or bytes follow the end marker. */
    public static final int ERR_TRUNCATED = -24;
    /** Syntax: a byte outside printable ASCII, two spaces, a token without '=', a key with bad characters. */
    public static final int ERR_MALFORMED = -25;
    /** A key this firmware does not know (strict: a typo must not be ignored silently). */
    public static final int ERR_UNKNOWN_FIELD = -26;
    /** The same key twice: which one wins would be a guess. */
    public static final int ERR_DUPLICATE_FIELD = -27;
    /** "key=" with nothing after it. */
    public static final int ERR_EMPTY_VALUE = -28;
    /** A text value longer than its field allows. */
    public static final int ERR_VALUE_TOO_LONG = -29;
    /** A number field that is not 1-10 decimal digits. */
    public static final int ERR_BAD_NUMBER = -30;
    /** A number outside its field's range. */
    public static final int ERR_OUT_OF_RANGE = -31;
    /** A flag that is neither "true" nor "false". */
    public static final int ERR_BAD_BOOLEAN = -32;
    /** Hostname not a DNS label (letters, digits, '-', not at either end). */
    public static final int ERR_BAD_HOSTNAME = -33;
    /** Control URL not "https://host..." or "http://host...". */
    public static final int ERR_BAD_URL = -34;
    /** Control key not "mkey:" followed by 64 hex digits. */
    public static final int ERR_BAD_KEY = -35;
    /** A secret (auth key) in build-time defaults, which every device image would share. */
    public static final int ERR_SECRET_NOT_ALLOWED = -36;
    /** The end marker appears before the end of the record. */
    public static final int ERR_TRAILING_DATA = -37;
    /** A console line that is not a "provision ..." command. */
    public static final int ERR_NOT_A_COMMAND = -38;

    private ConfigStatus() {
    }
}
