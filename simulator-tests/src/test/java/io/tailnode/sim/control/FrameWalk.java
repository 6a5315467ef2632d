package io.tailnode.sim.control;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Test-side reading of what the server sent: HTTP/2 frames (RFC 9113 §4.1) from the tapped plaintext, and the
 * representations inside HPACK header blocks (RFC 7541 §6), just enough to see which forms Jetty used.
 */
final class FrameWalk {
    static final int DATA = 0;
    static final int HEADERS = 1;
    static final int CONTINUATION = 9;

    record Frame(int type, int flags, int streamId, byte[] payload) {
    }

    /** One HPACK representation: kind (indexed, incremental, without, never, sizeUpdate), index, Huffman value. */
    record Field(String kind, int index, boolean huffmanName, boolean huffmanValue) {
    }

    private FrameWalk() {
    }

    /** Frames of the server's byte stream after its 24-byte-free start (servers send no preface). */
    static List<Frame> frames(byte[] s) {
        List<Frame> out = new ArrayList<>();
        int p = 0;
        while (p + 9 <= s.length) {
            int len = (s[p] & 0xFF) << 16 | (s[p + 1] & 0xFF) << 8 | (s[p + 2] & 0xFF);
            if (p + 9 + len > s.length) {
                break;
            }
            int sid = ((s[p + 5] & 0x7F) << 24) | (s[p + 6] & 0xFF) << 16 | (s[p + 7] & 0xFF) << 8 | (s[p + 8] & 0xFF);
            byte[] payload = new byte[len];
            System.arraycopy(s, p + 9, payload, 0, len);
            out.add(new Frame(s[p + 3] & 0xFF, s[p + 4] & 0xFF, sid, payload));
            p += 9 + len;
        }
        return out;
    }

    /** Header blocks (HEADERS + its CONTINUATIONs, padding and priority stripped). */
    static List<byte[]> headerBlocks(List<Frame> frames) {
        List<byte[]> blocks = new ArrayList<>();
        ByteArrayOutputStream cur = null;
        for (Frame f : frames) {
            if (f.type == HEADERS) {
                cur = new ByteArrayOutputStream();
                int off = 0;
                int end = f.payload.length;
                if ((f.flags & 0x08) != 0) {
                    end -= f.payload[0] & 0xFF;
                    off = 1;
                }
                if ((f.flags & 0x20) != 0) {
                    off += 5;
                }
                cur.write(f.payload, off, end - off);
            } else if (f.type == CONTINUATION && cur != null) {
                cur.writeBytes(f.payload);
            } else {
                continue;
            }
            if ((f.flags & 0x04) != 0) {
                blocks.add(cur.toByteArray());
                cur = null;
            }
        }
        return blocks;
    }

    private static int[] integer(byte[] b, int p, int prefixBits) {
        int mask = (1 << prefixBits) - 1;
        int v = b[p] & mask;
        p++;
        if (v == mask) {
            int shift = 0;
            int c;
            do {
                c = b[p++] & 0xFF;
                v += (c & 0x7F) << shift;
                shift += 7;
            } while ((c & 0x80) != 0);
        }
        return new int[] {v, p};
    }

    /** Skips a string literal at p; returns {end, huffman}. */
    private static int[] string(byte[] b, int p) {
        boolean huff = (b[p] & 0x80) != 0;
        int[] len = integer(b, p, 7);
        return new int[] {len[1] + len[0], huff ? 1 : 0};
    }

    static List<Field> fields(byte[] block) {
        List<Field> out = new ArrayList<>();
        int p = 0;
        while (p < block.length) {
            int b = block[p] & 0xFF;
            if ((b & 0x80) != 0) {
                int[] i = integer(block, p, 7);
                out.add(new Field("indexed", i[0], false, false));
                p = i[1];
            } else if ((b & 0xE0) == 0x20) {
                int[] i = integer(block, p, 5);
                out.add(new Field("sizeUpdate", i[0], false, false));
                p = i[1];
            } else {
                String kind = (b & 0xC0) == 0x40 ? "incremental" : (b & 0xF0) == 0x10 ? "never" : "without";
                int[] i = integer(block, p, kind.equals("incremental") ? 6 : 4);
                p = i[1];
                boolean hn = false;
                if (i[0] == 0) {
                    int[] n = string(block, p);
                    hn = n[1] == 1;
                    p = n[0];
                }
                int[] v = string(block, p);
                out.add(new Field(kind, i[0], hn, v[1] == 1));
                p = v[0];
            }
        }
        return out;
    }
}
