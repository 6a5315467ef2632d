package io.tailnode.control.h2;

import io.tailnode.lang.HotPath;

/**
 * HPACK header block decoder (RFC 7541 §3, §6): indexed fields, all three literal forms (with incremental
 * indexing, without indexing, never indexed), Huffman strings, and dynamic table size updates at the start of
 * a block — including a server that sends updates to 0 and never indexes (Go's encoder after our SETTINGS).
 * Decodes one complete block (HEADERS + CONTINUATION fragments joined by the caller) into a {@link HeaderList}.
 * A single pass without recursion; integers are bounded to 2^24 so nothing can overflow.
 *
 * <p>On any error the block is rejected with a negative {@link H2Reason}; the dynamic table may already hold
 * entries from earlier fields of the block, so the caller must treat the error as fatal for the connection
 * (COMPRESSION_ERROR, RFC 7541 §2.2 / RFC 9113 §4.3) — which {@link H2Client} does.
 */
public final class HpackDecoder {
    private static final int MAX_INTEGER = 1 << 24;

    private final HpackDynamicTable table;
    private final int capacity;
    private int settingsLimit;
    /** Result of the last {@link #readInt}: kept in a field so no holder object is needed. */
    private int intValue;

    /**
     * @param tableCapacity the byte budget of the dynamic table, equal to the SETTINGS_HEADER_TABLE_SIZE we
     *     advertise (0 keeps only the static table usable)
     */
    public HpackDecoder(int tableCapacity) {
        table = new HpackDynamicTable(tableCapacity);
        capacity = tableCapacity;
        settingsLimit = tableCapacity;
    }

    /** Empties the dynamic table and restores its maximum to the capacity: a new connection's decoder. */
    public void reset() {
        table.setMaxSize(0);
        table.setMaxSize(capacity);
        settingsLimit = capacity;
    }

    /** Current dynamic table size in HPACK units (§4.1). */
    public int tableSize() {
        return table.size();
    }

    /** Current maximum table size (the last size update, or the capacity). */
    public int tableMaxSize() {
        return table.maxSize();
    }

    public int tableEntries() {
        return table.count();
    }

    /**
     * Decodes the block at {@code in[off, off+len)} into {@code out} (cleared first). Returns the number of
     * fields, or a negative {@link H2Reason}.
     */
    @HotPath
    public int decode(byte[] in, int off, int len, HeaderList out) {
        out.clear();
        int p = off;
        int end = off + len;
        boolean fieldSeen = false;
        while (p < end) {
            int b = in[p] & 0xff;
            int r;
            if ((b & 0x80) != 0) {
                p = readInt(in, p, end, 7);
                if (p < 0) {
                    return p;
                }
                r = indexed(intValue, out);
            } else if ((b & 0xc0) == 0x40) {
                p = literal(in, p, end, 6, true, out);
                r = p;
            } else if ((b & 0xe0) == 0x20) {
                // Size updates only before the first field (§4.2), never above what SETTINGS allowed (§6.3).
                if (fieldSeen) {
                    return H2Reason.HPACK_BAD_TABLE_SIZE;
                }
                p = readInt(in, p, end, 5);
                if (p < 0) {
                    return p;
                }
                if (intValue > settingsLimit) {
                    return H2Reason.HPACK_BAD_TABLE_SIZE;
                }
                table.setMaxSize(intValue);
                continue;
            } else {
                // 0000xxxx without indexing and 0001xxxx never indexed decode alike (§6.2.2, §6.2.3).
                p = literal(in, p, end, 4, false, out);
                r = p;
            }
            if (r < 0) {
                return r;
            }
            fieldSeen = true;
        }
        return out.size();
    }

    @HotPath
    private int indexed(int index, HeaderList out) {
        if (!out.beginField()) {
            return H2Reason.HEADER_LIST_TOO_LARGE;
        }
        int r = appendName(index, out);
        if (r < 0) {
            return r;
        }
        out.endName();
        boolean ok;
        if (index <= HpackStaticTable.SIZE) {
            byte[] v = HpackStaticTable.value(index);
            ok = out.append(v, 0, v.length);
        } else {
            int d = index - HpackStaticTable.SIZE;
            ok = out.append(table.bytes(), table.valueOffset(d), table.valueLength(d));
        }
        if (!ok) {
            return H2Reason.HEADER_LIST_TOO_LARGE;
        }
        out.commitField();
        return 0;
    }

    /** Appends the name of static or dynamic entry {@code index}; rejects 0 and indices past the tables. */
    @HotPath
    private int appendName(int index, HeaderList out) {
        boolean ok;
        if (index == 0 || index > HpackStaticTable.SIZE + table.count()) {
            return H2Reason.HPACK_BAD_INDEX;
        }
        if (index <= HpackStaticTable.SIZE) {
            byte[] n = HpackStaticTable.name(index);
            ok = out.append(n, 0, n.length);
        } else {
            int d = index - HpackStaticTable.SIZE;
            ok = out.append(table.bytes(), table.nameOffset(d), table.nameLength(d));
        }
        return ok ? 0 : H2Reason.HEADER_LIST_TOO_LARGE;
    }

    /** Literal field (§6.2): name by index or as a string, then the value string; returns the new position. */
    @HotPath
    private int literal(byte[] in, int p, int end, int prefixBits, boolean addToTable, HeaderList out) {
        p = readInt(in, p, end, prefixBits);
        if (p < 0) {
            return p;
        }
        int nameIndex = intValue;
        if (!out.beginField()) {
            return H2Reason.HEADER_LIST_TOO_LARGE;
        }
        if (nameIndex != 0) {
            int r = appendName(nameIndex, out);
            if (r < 0) {
                return r;
            }
        } else {
            p = readString(in, p, end, out);
            if (p < 0) {
                return p;
            }
        }
        out.endName();
        p = readString(in, p, end, out);
        if (p < 0) {
            return p;
        }
        out.commitField();
        if (addToTable) {
            int i = out.size() - 1;
            // Copied from the output block, so evicting the entry the name came from is harmless.
            table.add(out.data(), out.nameOffset(i), out.nameLength(i), out.valueOffset(i), out.valueLength(i));
        }
        return p;
    }

    /** String literal (§5.2) appended to {@code out}; returns the new position or a negative reason. */
    @HotPath
    private int readString(byte[] in, int p, int end, HeaderList out) {
        if (p >= end) {
            return H2Reason.HPACK_TRUNCATED;
        }
        boolean huffman = (in[p] & 0x80) != 0;
        p = readInt(in, p, end, 7);
        if (p < 0) {
            return p;
        }
        int len = intValue;
        if (len > end - p) {
            return H2Reason.HPACK_TRUNCATED;
        }
        if (huffman) {
            int n = Huffman.decode(in, p, len, out.data(), out.writePosition(), out.free());
            if (n < 0) {
                return n;
            }
            out.advance(n);
        } else if (!out.append(in, p, len)) {
            return H2Reason.HEADER_LIST_TOO_LARGE;
        }
        return p + len;
    }

    /**
     * Integer with an N-bit prefix (§5.1) starting at {@code p}; the value goes to {@link #intValue}, the new
     * position is returned. More than 4 continuation bytes, or a value above 2^24, is rejected.
     */
    @HotPath
    private int readInt(byte[] in, int p, int end, int prefixBits) {
        if (p >= end) {
            return H2Reason.HPACK_TRUNCATED;
        }
        int max = (1 << prefixBits) - 1;
        int v = in[p++] & max;
        if (v < max) {
            intValue = v;
            return p;
        }
        int shift = 0;
        while (true) {
            if (p >= end) {
                return H2Reason.HPACK_TRUNCATED;
            }
            if (shift > 21) {
                return H2Reason.HPACK_BAD_INTEGER;
            }
            int b = in[p++] & 0xff;
            v += (b & 0x7f) << shift;
            if (v > MAX_INTEGER) {
                return H2Reason.HPACK_BAD_INTEGER;
            }
            if ((b & 0x80) == 0) {
                intValue = v;
                return p;
            }
            shift += 7;
        }
    }

    /** The decoder-side limit: the table capacity (what we advertised); exposed for tests. */
    public int capacity() {
        return capacity;
    }
}
