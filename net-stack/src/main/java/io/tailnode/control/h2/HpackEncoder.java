package io.tailnode.control.h2;

import io.tailnode.lang.HotPath;

/**
 * Minimal HPACK encoder for requests (RFC 7541 §6.1, §6.2.2): static-table indexed fields and literals without
 * indexing, never Huffman and never the dynamic table — so it needs no state beyond the buffer it writes to and
 * stays correct whatever SETTINGS_HEADER_TABLE_SIZE the server advertises. Header names must be lowercase
 * (RFC 9113 §8.2.1); that is the caller's contract. An append that does not fit sets {@link #overflowed()} and
 * writes nothing more; the field that did not fit is rolled back.
 */
public final class HpackEncoder {
    private byte[] buf;
    private int start;
    private int pos;
    private int limit;
    private boolean overflow;

    /** Starts a block at {@code buf[off]} with room for {@code cap} bytes. */
    public HpackEncoder reset(byte[] buf, int off, int cap) {
        this.buf = buf;
        this.start = off;
        this.pos = off;
        this.limit = off + cap;
        this.overflow = false;
        return this;
    }

    /** Bytes written since {@link #reset}. */
    public int length() {
        return pos - start;
    }

    public boolean overflowed() {
        return overflow;
    }

    /** Indexed field (§6.1), e.g. {@link HpackStaticTable#METHOD_POST}. */
    @HotPath
    public HpackEncoder indexed(int staticIndex) {
        int mark = pos;
        writeInt(0x80, 7, staticIndex);
        return done(mark);
    }

    /** Literal without indexing, name from the static table (§6.2.2), value as raw octets. */
    @HotPath
    public HpackEncoder literal(int nameIndex, byte[] value, int off, int len) {
        int mark = pos;
        writeInt(0x00, 4, nameIndex);
        writeString(value, off, len);
        return done(mark);
    }

    /** Literal without indexing with a new (lowercase) name (§6.2.2). */
    @HotPath
    public HpackEncoder literal(byte[] name, int nameOff, int nameLen, byte[] value, int off, int len) {
        int mark = pos;
        writeInt(0x00, 4, 0);
        writeString(name, nameOff, nameLen);
        writeString(value, off, len);
        return done(mark);
    }

    private HpackEncoder done(int mark) {
        if (overflow) {
            pos = Math.min(pos, mark);
        }
        return this;
    }

    @HotPath
    private void writeString(byte[] s, int off, int len) {
        writeInt(0x00, 7, len);
        if (overflow || len > limit - pos) {
            overflow = true;
            return;
        }
        System.arraycopy(s, off, buf, pos, len);
        pos += len;
    }

    /** Integer with an N-bit prefix (§5.1); {@code flags} fills the bits above the prefix. */
    @HotPath
    private void writeInt(int flags, int prefixBits, int value) {
        if (overflow || limit - pos < 6) {
            overflow = true;
            return;
        }
        int max = (1 << prefixBits) - 1;
        if (value < max) {
            buf[pos++] = (byte) (flags | value);
            return;
        }
        buf[pos++] = (byte) (flags | max);
        value -= max;
        while (value >= 0x80) {
            buf[pos++] = (byte) ((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        buf[pos++] = (byte) value;
    }
}
