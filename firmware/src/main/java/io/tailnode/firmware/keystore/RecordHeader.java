package io.tailnode.firmware.keystore;

import io.tailnode.lang.Bytes;

/**
 * Encodes and decodes the 16-byte record header in place in a caller's buffer (a flyweight: no object per
 * record). Layout in {@link KeyStoreLayout}: magic, record version, type, payload length, flags, sequence number,
 * BLAKE2s-32 over bytes 0..11. The header check lets a mount trust the length field of a record before the
 * whole record has been read, so it can step over a record whose payload was torn or flipped.
 */
final class RecordHeader {
    static final int OFF_MAGIC = 0;
    static final int OFF_VERSION = 1;
    static final int OFF_TYPE = 2;
    static final int OFF_LENGTH = 4;
    static final int OFF_FLAGS = 6;
    static final int OFF_RESERVED = 7;
    static final int OFF_SEQUENCE = 8;
    static final int OFF_CHECK = 12;

    private RecordHeader() {
    }

    static void put(IntegrityCheck check, byte[] buf, int off, int type, int length, int flags, int sequence) {
        buf[off + OFF_MAGIC] = (byte) KeyStoreLayout.RECORD_MAGIC;
        buf[off + OFF_VERSION] = (byte) KeyStoreLayout.RECORD_VERSION;
        putShortLE(buf, off + OFF_TYPE, type);
        putShortLE(buf, off + OFF_LENGTH, length);
        buf[off + OFF_FLAGS] = (byte) flags;
        buf[off + OFF_RESERVED] = 0;
        Bytes.putIntLE(buf, off + OFF_SEQUENCE, sequence);
        Bytes.putIntLE(buf, off + OFF_CHECK, check.shortCheck(buf, off, OFF_CHECK));
    }

    /** True if magic, version and header check are right (the fields may then be trusted). */
    static boolean isValid(IntegrityCheck check, byte[] buf, int off) {
        return (buf[off + OFF_MAGIC] & 0xFF) == KeyStoreLayout.RECORD_MAGIC
                && (buf[off + OFF_VERSION] & 0xFF) == KeyStoreLayout.RECORD_VERSION
                && buf[off + OFF_RESERVED] == 0
                && Bytes.getIntLE(buf, off + OFF_CHECK) == check.shortCheck(buf, off, OFF_CHECK);
    }

    static int type(byte[] buf, int off) {
        return getShortLE(buf, off + OFF_TYPE);
    }

    static int length(byte[] buf, int off) {
        return getShortLE(buf, off + OFF_LENGTH);
    }

    static int flags(byte[] buf, int off) {
        return buf[off + OFF_FLAGS] & 0xFF;
    }

    static int sequence(byte[] buf, int off) {
        return Bytes.getIntLE(buf, off + OFF_SEQUENCE);
    }

    private static void putShortLE(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
    }

    private static int getShortLE(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8;
    }
}
