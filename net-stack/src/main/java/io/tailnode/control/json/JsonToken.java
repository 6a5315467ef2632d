package io.tailnode.control.json;

/**
 * What {@link JsonPullParser#next()} returns: plain ints, not an enum (MicroEJ footprint, no per-token object).
 * Value tokens are positive; {@link #ERROR} is negative so "t &lt; 0" means "stop, read the reason".
 */
public final class JsonToken {
    /** The current input is used up inside or between tokens: feed more (or call finish()) and call again. */
    public static final int NEED_MORE_INPUT = 0;
    public static final int START_OBJECT = 1;
    public static final int END_OBJECT = 2;
    public static final int START_ARRAY = 3;
    public static final int END_ARRAY = 4;
    /** An object member name; its decoded UTF-8 bytes are the parser's current value. */
    public static final int NAME = 5;
    /** A string value; decoded UTF-8 bytes are the parser's current value. */
    public static final int STRING = 6;
    /** A number; see JsonPullParser.longValue / numberIsInteger / numberFitsLong. */
    public static final int NUMBER = 7;
    public static final int TRUE = 8;
    public static final int FALSE = 9;
    public static final int NULL = 10;
    /** The whole top-level value was read and finish() was called with only whitespace after it. */
    public static final int END = 11;
    /** skipValue() completed: the skipped value (or container remainder) was consumed and validated. */
    public static final int SKIPPED = 12;
    /** Malformed input or misuse; sticky until reset(). JsonPullParser.reason() says why. */
    public static final int ERROR = -1;

    private JsonToken() {
    }
}
