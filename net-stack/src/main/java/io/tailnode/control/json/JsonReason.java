package io.tailnode.control.json;

/**
 * Why {@link JsonPullParser} stopped with {@link JsonToken#ERROR}: negative codes, one per kind of malformed
 * input, so a rejected frame can be counted and tested by cause. {@link #COUNT} sizes a counter array indexed by
 * {@code -reason}. RFC 8259 is the grammar; the stricter choices are marked "(policy)".
 */
public final class JsonReason {
    public static final int OK = 0;
    /** A byte that cannot start a token here (e.g. '+', '.', a letter, a stray '}' at top level). */
    public static final int UNEXPECTED_BYTE = -1;
    /** ',' directly followed by '}' or ']' (RFC 8259 §4/§5 have no trailing commas). */
    public static final int TRAILING_COMMA = -2;
    /** Inside an object where a member name (a string) must come. */
    public static final int EXPECTED_NAME = -3;
    /** After a member name, something other than ':'. */
    public static final int EXPECTED_COLON = -4;
    /** After a value inside a container, something other than ',' or the closing bracket. */
    public static final int EXPECTED_COMMA_OR_END = -5;
    /** A value was required (after ':' or ',' in an array, or at top level) and something else came. */
    public static final int EXPECTED_VALUE = -6;
    /** Non-whitespace after the complete top-level value (RFC 8259 §2: one value per text). */
    public static final int TRAILING_GARBAGE = -7;
    /** An unescaped byte below 0x20 inside a string (RFC 8259 §7). */
    public static final int CONTROL_CHARACTER = -8;
    /** A backslash followed by anything but " \ / b f n r t u. */
    public static final int BAD_ESCAPE = -9;
    /** A non-hex digit inside \\uXXXX. */
    public static final int BAD_UNICODE_ESCAPE = -10;
    /** (policy) A \\u escape of a surrogate that is not a high+low pair: cannot become valid UTF-8. */
    public static final int LONE_SURROGATE = -11;
    /** (policy) Raw string bytes that are not well-formed UTF-8 (RFC 3629: overlongs, surrogates, > U+10FFFF). */
    public static final int BAD_UTF8 = -12;
    /** Number grammar (RFC 8259 §6): leading zero, '-' without digits, '.' or 'e' without digits. */
    public static final int BAD_NUMBER = -13;
    /** Something starting like true/false/null that is not exactly that. */
    public static final int BAD_LITERAL = -14;
    /** Opening one more object/array than the constructor's maximum depth. */
    public static final int DEPTH_EXCEEDED = -15;
    /** A consumed name or string longer than the value buffer (skipValue has no such limit). */
    public static final int VALUE_TOO_LONG = -16;
    /** finish() came before the top-level value was complete (including empty input). */
    public static final int TRUNCATED = -17;
    /** Misuse: feed() before the previous input was used up, or after finish(). */
    public static final int FEED_PENDING = -18;
    /** Number of reasons: counter arrays have {@code COUNT + 1} slots, indexed by {@code -reason}. */
    public static final int COUNT = 18;

    private JsonReason() {
    }
}
