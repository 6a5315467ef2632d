package io.tailnode.wg.wire;

import io.tailnode.wg.WgReason;

/**
 * The one validation every WireGuard message starts with (whitepaper §5.4: a 1-byte type followed by three
 * reserved zero bytes; wireguard-go reads the four as one little-endian word, so non-zero reserved bytes make
 * an unknown type). Package-private: the views expose it through their own {@code check()}.
 */
final class WireCheck {
    static final int HEADER_LENGTH = 4;

    private WireCheck() {
    }

    /** Length first (nothing is read from a short buffer), then type, then reserved bytes. */
    static int fixed(byte[] buf, int off, int len, int size, int type) {
        if (len < size) {
            return WgReason.TRUNCATED;
        }
        if (len > size) {
            return WgReason.WRONG_SIZE;
        }
        return header(buf, off, type);
    }

    static int header(byte[] buf, int off, int type) {
        if ((buf[off] & 0xFF) != type) {
            return WgReason.BAD_TYPE;
        }
        if ((buf[off + 1] | buf[off + 2] | buf[off + 3]) != 0) {
            return WgReason.BAD_RESERVED;
        }
        return WgReason.OK;
    }

    static void writeHeader(byte[] buf, int off, int type) {
        buf[off] = (byte) type;
        buf[off + 1] = 0;
        buf[off + 2] = 0;
        buf[off + 3] = 0;
    }
}
