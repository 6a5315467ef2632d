package io.tailnode.firmware.config;

/**
 * Writes "key=value" pairs separated by spaces into a caller buffer, cutting at its bound. One instance per
 * owner, reused: {@link #begin} points it at the caller's buffer, {@link #finish} lets go of it.
 */
final class StatusWriter {
    private byte[] out;
    private int start;
    private int end;
    private int pos;

    void begin(byte[] buf, int off, int max) {
        out = buf;
        start = off;
        end = off + Math.max(0, Math.min(max, buf.length - off));
        pos = off;
    }

    /** Returns the bytes written and drops the reference to the caller's buffer. */
    int finish() {
        out = null;
        return pos - start;
    }

    void key(int field) {
        if (pos > start) {
            put(' ');
        }
        text(ConfigFields.NAMES[field]);
        put('=');
    }

    void text(String s) {
        for (int i = 0; i < s.length(); i++) {
            put(s.charAt(i));
        }
    }

    void bytes(byte[] b, int len) {
        for (int i = 0; i < len; i++) {
            put((char) (b[i] & 0xFF));
        }
    }

    void decimal(int v) {
        if (v < 0) {
            put('-');
            v = -v;
        }
        int div = 1;
        while (v / div >= 10) {
            div *= 10;
        }
        for (; div > 0; div /= 10) {
            put((char) ('0' + (v / div) % 10));
        }
    }

    private void put(char c) {
        if (pos < end) {
            out[pos++] = (byte) c;
        }
    }
}
