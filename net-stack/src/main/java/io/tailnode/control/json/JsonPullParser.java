package io.tailnode.control.json;

import io.tailnode.lang.Bytes;
import io.tailnode.lang.HotPath;

/**
 * Incremental RFC 8259 pull parser over a fixed value buffer, for the control server's MapResponse stream
 * (shared tailscale-protocol.md §2.6: a netmap can be far larger than the device heap).
 * <p>
 * Input is pushed with {@link #feed} (the parser keeps a reference to the caller's array, no copy) and tokens
 * are pulled with {@link #next}. The lexer is a byte-at-a-time state machine, so any token may span any number of
 * feeds: {@link JsonToken#NEED_MORE_INPUT} always means "all fed bytes consumed, feed the next chunk (or call
 * {@link #finish}) and call again". Only the decoded text of the current name/string is kept, in a buffer of
 * {@code valueCapacity} bytes allocated at construction; a consumed name/string longer than that is
 * {@link JsonReason#VALUE_TOO_LONG}. {@link #skipValue} discards a value or subtree of any size in constant
 * memory: strings are still validated (escapes, UTF-8) but not stored, numbers of any length are not stored.
 * Nesting is bounded by {@code maxDepth} (also inside skipped subtrees); the container stack is one byte per
 * level allocated at construction. No recursion.
 * <p>
 * Strings are decoded to UTF-8: escapes including \\uXXXX and surrogate pairs; raw bytes are validated as UTF-8
 * (policy: strict, RFC 3629 — overlongs, encoded surrogates and code points above U+10FFFF are errors; lone
 * surrogate escapes are errors because they cannot be written as UTF-8). Numbers are validated against the
 * RFC 8259 §6 grammar and accumulated into a long: {@link #numberIsInteger} is false when a fraction or exponent
 * was present, {@link #numberFitsLong} false when the integer overflowed.
 * <p>
 * Errors are sticky until {@link #reset}: {@link #reason} gives a {@link JsonReason} code, {@link #errorPosition}
 * the offset of the offending byte from the start of the document. No exception is thrown for any input.
 * Not thread-safe; one instance per map stream.
 */
public final class JsonPullParser {
    // Grammar: what may come next.
    private static final int EXP_TOP = 0;
    private static final int EXP_NAME_OR_END = 1;
    private static final int EXP_NAME = 2;
    private static final int EXP_COLON = 3;
    private static final int EXP_VALUE = 4;
    private static final int EXP_VALUE_OR_END = 5;
    private static final int EXP_COMMA_OR_END = 6;
    private static final int EXP_EOF = 7;

    // Lexer: which token is in progress.
    private static final int LX_NONE = 0;
    private static final int LX_STRING = 1;
    private static final int LX_NUMBER = 2;
    private static final int LX_LITERAL = 3;

    // String escape sub-state.
    private static final int ESC_NONE = 0;
    private static final int ESC_BACKSLASH = 1;
    private static final int ESC_HEX = 2;
    private static final int ESC_LOW_BACKSLASH = 3;
    private static final int ESC_LOW_U = 4;

    // Number sub-state (RFC 8259 §6 grammar positions).
    private static final int N_MINUS = 0;
    private static final int N_ZERO = 1;
    private static final int N_INT = 2;
    private static final int N_DOT = 3;
    private static final int N_FRAC = 4;
    private static final int N_E = 5;
    private static final int N_E_SIGN = 6;
    private static final int N_E_DIGITS = 7;

    private static final byte KIND_OBJECT = 1;
    private static final byte KIND_ARRAY = 2;

    private static final byte[] LIT_TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] LIT_FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] LIT_NULL = {'n', 'u', 'l', 'l'};

    private final byte[] value;
    private final byte[] stack;

    private byte[] in;
    private int inPos;
    private int inEnd;
    private int feedOff;
    private long fedBefore;
    private boolean finished;

    private int expect;
    private int depth;
    private int lexState;
    private boolean lexIsName;
    private int valueLen;

    private int esc;
    private int hexCount;
    private int hexAcc;
    private int highSurrogate;
    private int utf8Need;
    private int utf8Lo;
    private int utf8Hi;

    private int numState;
    private boolean numNegative;
    private boolean numInteger;
    private boolean numFits;
    private long numAcc;
    private long numValue;

    private byte[] litBytes;
    private int litPos;
    private int litToken;

    private boolean skipping;
    private int skipTarget;
    private int lastToken;

    private int reason;
    private long errorPos;

    /**
     * @param valueCapacity longest name/string (decoded UTF-8 bytes) that can be consumed; e.g. 4096 on device
     * @param maxDepth      deepest nesting of objects/arrays accepted (tailscale-protocol: 64)
     */
    public JsonPullParser(int valueCapacity, int maxDepth) {
        if (valueCapacity < 8 || maxDepth < 1) {
            throw new IllegalArgumentException("capacity/depth");
        }
        value = new byte[valueCapacity];
        stack = new byte[maxDepth];
        reset();
    }

    /** Forgets everything: ready for a new document (a new map frame). */
    @HotPath
    public void reset() {
        in = null;
        inPos = 0;
        inEnd = 0;
        feedOff = 0;
        fedBefore = 0;
        finished = false;
        expect = EXP_TOP;
        depth = 0;
        lexState = LX_NONE;
        valueLen = 0;
        esc = ESC_NONE;
        utf8Need = 0;
        highSurrogate = 0;
        skipping = false;
        lastToken = JsonToken.NEED_MORE_INPUT;
        reason = JsonReason.OK;
        errorPos = -1;
        litBytes = null;
    }

    /**
     * Hands the parser the next chunk. The parser reads {@code buf} directly (no copy) until {@link #next} or
     * {@link #skipValue} returns NEED_MORE_INPUT, so the caller must not change those bytes before then.
     *
     * @return {@link JsonReason#OK}, or {@link JsonReason#FEED_PENDING} if the previous chunk is not used up yet
     *         or finish() was called (the chunk is then ignored)
     */
    @HotPath
    public int feed(byte[] buf, int off, int len) {
        if (finished || inPos < inEnd || buf == null || off < 0 || len < 0 || off > buf.length - len) {
            return JsonReason.FEED_PENDING;
        }
        fedBefore += inEnd - feedOff;
        in = buf;
        inPos = off;
        inEnd = off + len;
        feedOff = off;
        return JsonReason.OK;
    }

    /** No more input will come: a number at the very end completes, an unfinished document is TRUNCATED. */
    @HotPath
    public void finish() {
        finished = true;
    }

    /** Next token, NEED_MORE_INPUT, END or ERROR. While a skipValue() is in progress, continues it. */
    @HotPath
    public int next() {
        if (reason != JsonReason.OK) {
            return JsonToken.ERROR;
        }
        if (skipping) {
            return runSkip();
        }
        int t = lex(true);
        if (t != JsonToken.NEED_MORE_INPUT) {
            lastToken = t;
        }
        return t;
    }

    /**
     * Skips without storing, in constant memory, and validates what it skips:
     * <ul>
     * <li>after {@link JsonToken#START_OBJECT} / {@link JsonToken#START_ARRAY}: the rest of that container,
     * including its closing bracket;</li>
     * <li>otherwise (typically after {@link JsonToken#NAME}): the next value, scalar or whole subtree. If the
     * enclosing container closes instead, its END token is returned and nothing is skipped.</li>
     * </ul>
     * Returns {@link JsonToken#SKIPPED} when done, NEED_MORE_INPUT (feed, then call skipValue() or next() again:
     * both continue the skip) or ERROR.
     */
    @HotPath
    public int skipValue() {
        if (reason != JsonReason.OK) {
            return JsonToken.ERROR;
        }
        if (!skipping) {
            skipping = true;
            if ((lastToken == JsonToken.START_OBJECT || lastToken == JsonToken.START_ARRAY) && lexState == LX_NONE
                    && (expect == EXP_NAME_OR_END || expect == EXP_VALUE_OR_END)) {
                skipTarget = depth - 1;
            } else {
                skipTarget = depth;
            }
        }
        return runSkip();
    }

    @HotPath
    private int runSkip() {
        for (;;) {
            int t = lex(false);
            if (t == JsonToken.NEED_MORE_INPUT || t == JsonToken.ERROR || t == JsonToken.END) {
                if (t != JsonToken.NEED_MORE_INPUT) {
                    skipping = false;
                    lastToken = t;
                }
                return t;
            }
            if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                if (depth < skipTarget) {
                    skipping = false;
                    lastToken = t;
                    return t;
                }
                if (depth == skipTarget) {
                    break;
                }
            } else if (t != JsonToken.NAME && t != JsonToken.START_OBJECT && t != JsonToken.START_ARRAY
                    && depth == skipTarget) {
                break;
            }
        }
        skipping = false;
        lastToken = JsonToken.SKIPPED;
        valueLen = 0;
        return JsonToken.SKIPPED;
    }

    // ---------------------------------------------------------------- lexer

    @HotPath
    private int lex(boolean store) {
        for (;;) {
            if (lexState == LX_STRING) {
                int r = lexString(store);
                if (r <= 0) {
                    return r == 0 ? needMore() : JsonToken.ERROR;
                }
                lexState = LX_NONE;
                if (lexIsName) {
                    expect = EXP_COLON;
                    return JsonToken.NAME;
                }
                afterValue();
                return JsonToken.STRING;
            }
            if (lexState == LX_NUMBER) {
                int r = lexNumber();
                if (r <= 0) {
                    return r == 0 ? needMore() : JsonToken.ERROR;
                }
                lexState = LX_NONE;
                afterValue();
                return JsonToken.NUMBER;
            }
            if (lexState == LX_LITERAL) {
                byte[] lit = litBytes;
                while (litPos < lit.length) {
                    if (inPos == inEnd) {
                        return needMore();
                    }
                    if (in[inPos] != lit[litPos]) {
                        return fail(JsonReason.BAD_LITERAL);
                    }
                    inPos++;
                    litPos++;
                }
                lexState = LX_NONE;
                afterValue();
                return litToken;
            }
            // Between tokens: whitespace, structure, or the first byte of a scalar.
            int c = -1;
            while (inPos < inEnd) {
                c = in[inPos] & 0xFF;
                if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                    break;
                }
                inPos++;
                c = -1;
            }
            if (c < 0) {
                if (!finished) {
                    return JsonToken.NEED_MORE_INPUT;
                }
                if (expect == EXP_EOF) {
                    return JsonToken.END;
                }
                return fail(JsonReason.TRUNCATED);
            }
            if (expect == EXP_EOF) {
                return fail(JsonReason.TRAILING_GARBAGE);
            }
            switch (c) {
                case '{':
                case '[':
                    if (!valueAllowed()) {
                        return failUnexpected();
                    }
                    if (depth == stack.length) {
                        return fail(JsonReason.DEPTH_EXCEEDED);
                    }
                    inPos++;
                    if (c == '{') {
                        stack[depth++] = KIND_OBJECT;
                        expect = EXP_NAME_OR_END;
                        return JsonToken.START_OBJECT;
                    }
                    stack[depth++] = KIND_ARRAY;
                    expect = EXP_VALUE_OR_END;
                    return JsonToken.START_ARRAY;
                case '}':
                case ']': {
                    byte kind = c == '}' ? KIND_OBJECT : KIND_ARRAY;
                    if (depth > 0 && stack[depth - 1] == kind) {
                        if ((kind == KIND_OBJECT && expect == EXP_NAME) || (kind == KIND_ARRAY && expect == EXP_VALUE)) {
                            return fail(JsonReason.TRAILING_COMMA);
                        }
                        if (expect == EXP_COMMA_OR_END || expect == EXP_NAME_OR_END || expect == EXP_VALUE_OR_END) {
                            inPos++;
                            depth--;
                            afterValue();
                            return kind == KIND_OBJECT ? JsonToken.END_OBJECT : JsonToken.END_ARRAY;
                        }
                    }
                    return failUnexpected();
                }
                case ',':
                    if (expect != EXP_COMMA_OR_END) {
                        return failUnexpected();
                    }
                    inPos++;
                    expect = stack[depth - 1] == KIND_OBJECT ? EXP_NAME : EXP_VALUE;
                    continue;
                case ':':
                    if (expect != EXP_COLON) {
                        return failUnexpected();
                    }
                    inPos++;
                    expect = EXP_VALUE;
                    continue;
                case '"':
                    if (expect == EXP_NAME || expect == EXP_NAME_OR_END) {
                        lexIsName = true;
                    } else if (valueAllowed()) {
                        lexIsName = false;
                    } else {
                        return failUnexpected();
                    }
                    inPos++;
                    lexState = LX_STRING;
                    valueLen = 0;
                    esc = ESC_NONE;
                    utf8Need = 0;
                    highSurrogate = 0;
                    continue;
                case 't':
                case 'f':
                case 'n':
                    if (!valueAllowed()) {
                        return failUnexpected();
                    }
                    litBytes = c == 't' ? LIT_TRUE : c == 'f' ? LIT_FALSE : LIT_NULL;
                    litToken = c == 't' ? JsonToken.TRUE : c == 'f' ? JsonToken.FALSE : JsonToken.NULL;
                    litPos = 1;
                    inPos++;
                    lexState = LX_LITERAL;
                    continue;
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        if (!valueAllowed()) {
                            return failUnexpected();
                        }
                        inPos++;
                        lexState = LX_NUMBER;
                        numNegative = c == '-';
                        numState = c == '-' ? N_MINUS : c == '0' ? N_ZERO : N_INT;
                        numAcc = c == '-' ? 0 : -(c - '0');
                        numInteger = true;
                        numFits = true;
                        continue;
                    }
                    return failUnexpected();
            }
        }
    }

    /** Input exhausted inside a token: more is needed, unless the document was declared complete. */
    private int needMore() {
        if (finished) {
            return fail(JsonReason.TRUNCATED);
        }
        return JsonToken.NEED_MORE_INPUT;
    }

    private boolean valueAllowed() {
        return expect == EXP_VALUE || expect == EXP_VALUE_OR_END || expect == EXP_TOP;
    }

    private void afterValue() {
        expect = depth == 0 ? EXP_EOF : EXP_COMMA_OR_END;
    }

    /** The reason for a byte that is wrong here depends on what was expected. */
    private int failUnexpected() {
        switch (expect) {
            case EXP_NAME:
            case EXP_NAME_OR_END:
                return fail(JsonReason.EXPECTED_NAME);
            case EXP_COLON:
                return fail(JsonReason.EXPECTED_COLON);
            case EXP_COMMA_OR_END:
                return fail(JsonReason.EXPECTED_COMMA_OR_END);
            case EXP_VALUE:
            case EXP_VALUE_OR_END:
                return fail(JsonReason.EXPECTED_VALUE);
            default:
                return fail(JsonReason.UNEXPECTED_BYTE);
        }
    }

    private int fail(int why) {
        reason = why;
        errorPos = fedBefore + (inPos - feedOff);
        lastToken = JsonToken.ERROR;
        skipping = false;
        return JsonToken.ERROR;
    }

    /** @return 1 string complete (closing quote consumed), 0 input exhausted, -1 error */
    @HotPath
    private int lexString(boolean store) {
        final byte[] b = in;
        int p = inPos;
        final int end = inEnd;
        while (p < end) {
            int c = b[p] & 0xFF;
            if (utf8Need > 0) {
                if (c < utf8Lo || c > utf8Hi) {
                    inPos = p;
                    return fail(JsonReason.BAD_UTF8);
                }
                utf8Need--;
                utf8Lo = 0x80;
                utf8Hi = 0xBF;
            } else if (esc != ESC_NONE) {
                inPos = p;
                if (escape(c, store) < 0) {
                    return -1;
                }
                p++;
                continue;
            } else if (c == '"') {
                inPos = p + 1;
                return 1;
            } else if (c == '\\') {
                esc = ESC_BACKSLASH;
                p++;
                continue;
            } else if (c < 0x20) {
                inPos = p;
                return fail(JsonReason.CONTROL_CHARACTER);
            } else if (c >= 0x80) {
                // RFC 3629 §4 table: the second byte's range depends on the lead byte.
                if (c >= 0xC2 && c <= 0xDF) {
                    utf8Need = 1;
                    utf8Lo = 0x80;
                    utf8Hi = 0xBF;
                } else if (c >= 0xE0 && c <= 0xEF) {
                    utf8Need = 2;
                    utf8Lo = c == 0xE0 ? 0xA0 : 0x80;
                    utf8Hi = c == 0xED ? 0x9F : 0xBF;
                } else if (c >= 0xF0 && c <= 0xF4) {
                    utf8Need = 3;
                    utf8Lo = c == 0xF0 ? 0x90 : 0x80;
                    utf8Hi = c == 0xF4 ? 0x8F : 0xBF;
                } else {
                    inPos = p;
                    return fail(JsonReason.BAD_UTF8);
                }
            }
            if (store) {
                if (valueLen == value.length) {
                    inPos = p;
                    return fail(JsonReason.VALUE_TOO_LONG);
                }
                value[valueLen++] = (byte) c;
            }
            p++;
        }
        inPos = p;
        return 0;
    }

    /** One byte after a backslash; inPos points at it. @return 0 ok, -1 error */
    @HotPath
    private int escape(int c, boolean store) {
        switch (esc) {
            case ESC_BACKSLASH: {
                int out;
                switch (c) {
                    case '"': out = '"'; break;
                    case '\\': out = '\\'; break;
                    case '/': out = '/'; break;
                    case 'b': out = 8; break;
                    case 'f': out = 12; break;
                    case 'n': out = 10; break;
                    case 'r': out = 13; break;
                    case 't': out = 9; break;
                    case 'u':
                        esc = ESC_HEX;
                        hexCount = 0;
                        hexAcc = 0;
                        return 0;
                    default:
                        return fail(JsonReason.BAD_ESCAPE);
                }
                esc = ESC_NONE;
                return put(out, store);
            }
            case ESC_HEX: {
                int v = Bytes.hexDigit(c);
                if (v < 0) {
                    return fail(JsonReason.BAD_UNICODE_ESCAPE);
                }
                hexAcc = (hexAcc << 4) | v;
                if (++hexCount < 4) {
                    return 0;
                }
                int cp = hexAcc;
                if (highSurrogate != 0) {
                    if (cp < 0xDC00 || cp > 0xDFFF) {
                        return fail(JsonReason.LONE_SURROGATE);
                    }
                    cp = 0x10000 + ((highSurrogate - 0xD800) << 10) + (cp - 0xDC00);
                    highSurrogate = 0;
                } else if (cp >= 0xD800 && cp <= 0xDBFF) {
                    highSurrogate = cp;
                    esc = ESC_LOW_BACKSLASH;
                    return 0;
                } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                    return fail(JsonReason.LONE_SURROGATE);
                }
                esc = ESC_NONE;
                return putCodePoint(cp, store);
            }
            case ESC_LOW_BACKSLASH:
                if (c != '\\') {
                    return fail(JsonReason.LONE_SURROGATE);
                }
                esc = ESC_LOW_U;
                return 0;
            default: // ESC_LOW_U
                if (c != 'u') {
                    return fail(JsonReason.LONE_SURROGATE);
                }
                esc = ESC_HEX;
                hexCount = 0;
                hexAcc = 0;
                return 0;
        }
    }

    private int putCodePoint(int cp, boolean store) {
        if (cp < 0x80) {
            return put(cp, store);
        }
        if (cp < 0x800) {
            return put(0xC0 | (cp >> 6), store) | put(0x80 | (cp & 0x3F), store);
        }
        if (cp < 0x10000) {
            return put(0xE0 | (cp >> 12), store) | put(0x80 | ((cp >> 6) & 0x3F), store)
                    | put(0x80 | (cp & 0x3F), store);
        }
        return put(0xF0 | (cp >> 18), store) | put(0x80 | ((cp >> 12) & 0x3F), store)
                | put(0x80 | ((cp >> 6) & 0x3F), store) | put(0x80 | (cp & 0x3F), store);
    }

    private int put(int c, boolean store) {
        if (!store || reason != JsonReason.OK) {
            return reason != JsonReason.OK ? -1 : 0;
        }
        if (valueLen == value.length) {
            fail(JsonReason.VALUE_TOO_LONG);
            return -1;
        }
        value[valueLen++] = (byte) c;
        return 0;
    }

    /** @return 1 number complete (terminator not consumed), 0 input exhausted, -1 error */
    @HotPath
    private int lexNumber() {
        final byte[] b = in;
        int p = inPos;
        final int end = inEnd;
        for (;;) {
            if (p == end) {
                inPos = p;
                if (!finished) {
                    return 0;
                }
                return completeNumber();
            }
            int c = b[p] & 0xFF;
            boolean digit = c >= '0' && c <= '9';
            switch (numState) {
                case N_MINUS:
                    if (!digit) {
                        inPos = p;
                        return fail(JsonReason.BAD_NUMBER);
                    }
                    numState = c == '0' ? N_ZERO : N_INT;
                    accumulate(c - '0');
                    break;
                case N_ZERO:
                case N_INT:
                    if (digit) {
                        if (numState == N_ZERO) {
                            inPos = p;
                            return fail(JsonReason.BAD_NUMBER);
                        }
                        accumulate(c - '0');
                    } else if (c == '.') {
                        numState = N_DOT;
                        numInteger = false;
                    } else if (c == 'e' || c == 'E') {
                        numState = N_E;
                        numInteger = false;
                    } else {
                        inPos = p;
                        return completeNumber();
                    }
                    break;
                case N_DOT:
                    if (!digit) {
                        inPos = p;
                        return fail(JsonReason.BAD_NUMBER);
                    }
                    numState = N_FRAC;
                    break;
                case N_FRAC:
                    if (c == 'e' || c == 'E') {
                        numState = N_E;
                    } else if (!digit) {
                        inPos = p;
                        return completeNumber();
                    }
                    break;
                case N_E:
                    if (c == '+' || c == '-') {
                        numState = N_E_SIGN;
                    } else if (digit) {
                        numState = N_E_DIGITS;
                    } else {
                        inPos = p;
                        return fail(JsonReason.BAD_NUMBER);
                    }
                    break;
                case N_E_SIGN:
                    if (!digit) {
                        inPos = p;
                        return fail(JsonReason.BAD_NUMBER);
                    }
                    numState = N_E_DIGITS;
                    break;
                default: // N_E_DIGITS
                    if (!digit) {
                        inPos = p;
                        return completeNumber();
                    }
                    break;
            }
            p++;
        }
    }

    /** Accumulates negatively so that Long.MIN_VALUE fits; overflow only clears numFits. */
    private void accumulate(int d) {
        if (!numFits) {
            return;
        }
        long limit = numNegative ? Long.MIN_VALUE : -Long.MAX_VALUE;
        if (numAcc < limit / 10) {
            numFits = false;
            return;
        }
        long m = numAcc * 10;
        if (m < limit + d) {
            numFits = false;
            return;
        }
        numAcc = m - d;
    }

    private int completeNumber() {
        if (numState == N_MINUS || numState == N_DOT || numState == N_E || numState == N_E_SIGN) {
            return fail(JsonReason.BAD_NUMBER);
        }
        numValue = numNegative ? numAcc : -numAcc;
        return 1;
    }

    // ---------------------------------------------------------------- accessors

    /** Decoded UTF-8 length of the current NAME/STRING. */
    public int valueLength() {
        return valueLen;
    }

    /**
     * The parser's own value buffer (read-only for callers; valid until the next call to next/skipValue). Lets
     * consumers parse keys/addresses in place without a copy.
     */
    public byte[] valueBuffer() {
        return value;
    }

    /** True if the current NAME/STRING equals {@code literal} byte for byte. */
    @HotPath
    public boolean valueEquals(byte[] literal) {
        if (literal.length != valueLen) {
            return false;
        }
        for (int i = 0; i < valueLen; i++) {
            if (value[i] != literal[i]) {
                return false;
            }
        }
        return true;
    }

    /** True if the last token was NAME and its text equals {@code literal}. */
    @HotPath
    public boolean nameEquals(byte[] literal) {
        return lastToken == JsonToken.NAME && valueEquals(literal);
    }

    /** True if the last token was STRING and its text equals {@code literal}. */
    @HotPath
    public boolean stringEquals(byte[] literal) {
        return lastToken == JsonToken.STRING && valueEquals(literal);
    }

    /**
     * Copies the current NAME/STRING into {@code dst}. @return its length, or {@link JsonReason#VALUE_TOO_LONG}
     * if more than {@code max} bytes (nothing copied)
     */
    @HotPath
    public int copyValue(byte[] dst, int off, int max) {
        if (valueLen > max) {
            return JsonReason.VALUE_TOO_LONG;
        }
        System.arraycopy(value, 0, dst, off, valueLen);
        return valueLen;
    }

    /** The current NUMBER as a long; meaningful when {@link #numberIsInteger} and {@link #numberFitsLong}. */
    public long longValue() {
        return numValue;
    }

    /** False if the current NUMBER had a fraction or an exponent (e.g. 1.0, 1e2). */
    public boolean numberIsInteger() {
        return numInteger;
    }

    /** False if the integer part of the current NUMBER does not fit in a long. */
    public boolean numberFitsLong() {
        return numFits;
    }

    /** The last token returned (SKIPPED after a completed skip). */
    public int lastToken() {
        return lastToken;
    }

    /** Open objects/arrays. */
    public int depth() {
        return depth;
    }

    /** {@link JsonReason#OK} or why the parser stopped. */
    public int reason() {
        return reason;
    }

    /** Offset of the offending byte from the start of the document, -1 without an error. */
    public long errorPosition() {
        return errorPos;
    }

    /** Bytes consumed since reset(). */
    public long position() {
        return fedBefore + (inPos - feedOff);
    }
}
