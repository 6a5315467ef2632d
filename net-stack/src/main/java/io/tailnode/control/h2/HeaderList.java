package io.tailnode.control.h2;

import io.tailnode.lang.HotPath;

/**
 * A decoded header list in one fixed byte block with offsets: the decoder appends each field's name and value
 * bytes and records where they are, so no String exists per header. Capacities (bytes, fields) come from the
 * configuration; an append that does not fit fails and the list must be treated as invalid. Contents are valid
 * until the next decode into the same list.
 */
public final class HeaderList {
    private final byte[] data;
    private final int[] nameOff;
    private final int[] nameLen;
    private final int[] valueOff;
    private final int[] valueLen;
    private int count;
    private int used;
    private int fieldStart;
    private int valueStart;

    public HeaderList(int byteCapacity, int fieldCapacity) {
        data = new byte[byteCapacity];
        nameOff = new int[fieldCapacity];
        nameLen = new int[fieldCapacity];
        valueOff = new int[fieldCapacity];
        valueLen = new int[fieldCapacity];
    }

    @HotPath
    public void clear() {
        count = 0;
        used = 0;
    }

    public int size() {
        return count;
    }

    /** The backing block; names and values are slices of it. */
    public byte[] data() {
        return data;
    }

    public int nameOffset(int i) {
        return nameOff[i];
    }

    public int nameLength(int i) {
        return nameLen[i];
    }

    public int valueOffset(int i) {
        return valueOff[i];
    }

    public int valueLength(int i) {
        return valueLen[i];
    }

    /** Index of the first field whose name equals the ASCII bytes {@code name}, or -1. */
    @HotPath
    public int find(byte[] name) {
        for (int i = 0; i < count; i++) {
            if (nameLen[i] == name.length && regionEquals(nameOff[i], name)) {
                return i;
            }
        }
        return -1;
    }

    /** The three-digit {@code :status} as an int, or -1 if absent or malformed (e.g. trailers). */
    @HotPath
    public int status() {
        for (int i = 0; i < count; i++) {
            if (nameLen[i] == 7 && data[nameOff[i]] == ':' && data[nameOff[i] + 1] == 's'
                    && data[nameOff[i] + 2] == 't' && data[nameOff[i] + 6] == 's' && valueLen[i] == 3) {
                int v = 0;
                for (int k = 0; k < 3; k++) {
                    int d = data[valueOff[i] + k] - '0';
                    if (d < 0 || d > 9) {
                        return -1;
                    }
                    v = v * 10 + d;
                }
                return v;
            }
        }
        return -1;
    }

    private boolean regionEquals(int at, byte[] s) {
        for (int k = 0; k < s.length; k++) {
            if (data[at + k] != s[k]) {
                return false;
            }
        }
        return true;
    }

    // --- decoder side: fields are built as name, then value, then committed ---

    /** Starts a field; false if the field table is full. */
    @HotPath
    boolean beginField() {
        if (count == nameOff.length) {
            return false;
        }
        fieldStart = used;
        return true;
    }

    /** Marks the end of the name: bytes appended since {@link #beginField()} form it. */
    @HotPath
    void endName() {
        valueStart = used;
    }

    @HotPath
    void commitField() {
        nameOff[count] = fieldStart;
        nameLen[count] = valueStart - fieldStart;
        valueOff[count] = valueStart;
        valueLen[count] = used - valueStart;
        count++;
    }

    /** Appends bytes; false when they do not fit. */
    @HotPath
    boolean append(byte[] src, int off, int len) {
        if (len > data.length - used) {
            return false;
        }
        System.arraycopy(src, off, data, used, len);
        used += len;
        return true;
    }

    /** Room left for in-place writers such as the Huffman decoder. */
    int free() {
        return data.length - used;
    }

    int writePosition() {
        return used;
    }

    void advance(int n) {
        used += n;
    }

    int lastNameOffset() {
        return nameOff[count - 1];
    }
}
