package io.tailnode.control.client;

import io.tailnode.lang.HotPath;

/**
 * Appends compact JSON to a caller's fixed buffer for the control requests (tailscale-protocol.md §2.5–§2.7).
 * Only what those requests need: objects, arrays, names, escaped strings, integers, booleans and the typed key
 * text form ({@code nodekey:} + 64 lowercase hex, §1). Commas are placed automatically. Overflow is sticky: once
 * a write would not fit, nothing more is written and {@link #overflowed} stays true, so a writer checks once at
 * the end. Nothing allocates; one instance per writer, not thread-safe.
 */
public final class JsonOut {
    private static final byte[] HEX = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};
    /** Nesting we track for comma placement (the requests nest 3 deep). */
    private static final int MAX_NESTING = 8;

    private final boolean[] needComma = new boolean[MAX_NESTING];
    private byte[] buf;
    private int start;
    private int pos;
    private int end;
    private int depth;
    private boolean overflow;
    /** A name was just written: the next value follows without a comma. */
    private boolean afterName;

    /** Starts writing at {@code buf[off..off+cap)}. */
    @HotPath
    public JsonOut reset(byte[] buf, int off, int cap) {
        this.buf = buf;
        start = off;
        pos = off;
        end = off + cap;
        depth = 0;
        overflow = false;
        afterName = false;
        needComma[0] = false;
        return this;
    }

    /** Bytes written so far. */
    public int length() {
        return pos - start;
    }

    public boolean overflowed() {
        return overflow;
    }

    @HotPath
    public JsonOut beginObject() {
        return open('{');
    }

    @HotPath
    public JsonOut endObject() {
        return close('}');
    }

    @HotPath
    public JsonOut beginArray() {
        return open('[');
    }

    @HotPath
    public JsonOut endArray() {
        return close(']');
    }

    /** A member name (ASCII, written as is: names are our constants). */
    @HotPath
    public JsonOut name(byte[] ascii) {
        separator();
        put('"');
        raw(ascii, 0, ascii.length);
        put('"');
        put(':');
        afterName = true;
        return this;
    }

    /** A string value from bytes (UTF-8 passed through; quote, backslash and control characters escaped). */
    @HotPath
    public JsonOut string(byte[] s, int off, int len) {
        separator();
        put('"');
        for (int i = 0; i < len; i++) {
            int c = s[off + i] & 0xFF;
            if (c == '"' || c == '\\') {
                put('\\');
                put(c);
            } else if (c < 0x20) {
                put('\\');
                put('u');
                put('0');
                put('0');
                put(HEX[c >> 4]);
                put(HEX[c & 15]);
            } else {
                put(c);
            }
        }
        put('"');
        return this;
    }

    /** A string value from an ASCII constant. */
    @HotPath
    public JsonOut string(byte[] ascii) {
        return string(ascii, 0, ascii.length);
    }

    /** A decimal integer value. */
    @HotPath
    public JsonOut number(long v) {
        separator();
        if (v < 0) {
            put('-');
            if (v == Long.MIN_VALUE) {
                // Never written by the requests; keep the method total without a special digit path.
                v = Long.MAX_VALUE;
            } else {
                v = -v;
            }
        }
        long div = 1;
        while (v / div >= 10) {
            div *= 10;
        }
        while (div > 0) {
            put((int) ('0' + (v / div) % 10));
            div /= 10;
        }
        return this;
    }

    @HotPath
    public JsonOut bool(boolean v) {
        separator();
        if (v) {
            put('t');
            put('r');
            put('u');
            put('e');
        } else {
            put('f');
            put('a');
            put('l');
            put('s');
            put('e');
        }
        return this;
    }

    /** A key in its text form: {@code "<prefix><64 lowercase hex>"} (an all-zero key gives 64 zeros, as Go writes it). */
    @HotPath
    public JsonOut key(byte[] prefix, byte[] key, int off) {
        separator();
        put('"');
        raw(prefix, 0, prefix.length);
        for (int i = 0; i < 32; i++) {
            int b = key[off + i] & 0xFF;
            put(HEX[b >> 4]);
            put(HEX[b & 15]);
        }
        put('"');
        return this;
    }

    /** Raw bytes inside a string being built by the caller (no escaping; for digits and punctuation). */
    @HotPath
    public JsonOut raw(byte[] b, int off, int len) {
        if (len > end - pos) {
            overflow = true;
            return this;
        }
        if (!overflow) {
            System.arraycopy(b, off, buf, pos, len);
            pos += len;
        }
        return this;
    }

    /** One raw byte (for callers composing a string value piecewise). */
    @HotPath
    public JsonOut rawByte(int c) {
        put(c);
        return this;
    }

    /** Starts a value written piecewise with {@link #rawByte}/{@link #raw}: places the comma and the quote. */
    @HotPath
    public JsonOut beginString() {
        separator();
        put('"');
        return this;
    }

    @HotPath
    public JsonOut endString() {
        put('"');
        return this;
    }

    @HotPath
    private JsonOut open(int c) {
        separator();
        put(c);
        if (depth + 1 < MAX_NESTING) {
            depth++;
            needComma[depth] = false;
        } else {
            overflow = true;
        }
        return this;
    }

    @HotPath
    private JsonOut close(int c) {
        put(c);
        if (depth > 0) {
            depth--;
        }
        return this;
    }

    /** A comma before every member/element but the first of its container; none right after a name. */
    @HotPath
    private void separator() {
        if (afterName) {
            afterName = false;
            return;
        }
        if (needComma[depth]) {
            put(',');
        }
        needComma[depth] = true;
    }

    @HotPath
    private void put(int c) {
        if (pos >= end) {
            overflow = true;
            return;
        }
        if (!overflow) {
            buf[pos++] = (byte) c;
        }
    }
}
