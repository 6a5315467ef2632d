package io.tailnode.firmware.keystore;

import io.tailnode.lang.Bytes;

/**
 * Encodes and decodes a sector's header and activation unit in place (layout in {@link KeyStoreLayout}).
 * The header (with the erase count, for wear levelling) is written right after a completed erase, followed by
 * the erase-complete mark; the activation unit (sector sequence) is written when garbage collection or a factory
 * reset has finished filling the sector, and is what makes the sector the live one.
 */
final class SectorHeader {
    static final int OFF_MAGIC = 0;
    static final int OFF_VERSION = 4;
    static final int OFF_UNIT_LOG2 = 5;
    static final int OFF_RESERVED = 6;
    static final int OFF_ERASE_COUNT = 8;
    static final int OFF_CHECK = 12;
    /** Header decodes, but its format version is newer than this code: leave the sector alone. */
    static final int NEWER_VERSION = 2;
    static final int VALID = 1;
    static final int INVALID = 0;

    private SectorHeader() {
    }

    /** Fills {@code buf[0..headerLength)} with a header carrying {@code eraseCount}, padded with 0xFF. */
    static void put(KeyStoreLayout layout, IntegrityCheck check, byte[] buf, int eraseCount) {
        for (int i = 0; i < layout.headerLength; i++) {
            buf[i] = (byte) 0xFF;
        }
        Bytes.putIntLE(buf, OFF_MAGIC, KeyStoreLayout.SECTOR_MAGIC);
        buf[OFF_VERSION] = (byte) KeyStoreLayout.FORMAT_VERSION;
        buf[OFF_UNIT_LOG2] = (byte) log2(layout.unit);
        Bytes.putIntLE(buf, OFF_ERASE_COUNT, eraseCount);
        Bytes.putIntLE(buf, OFF_CHECK, check.shortCheck(buf, 0, OFF_CHECK));
    }

    /** {@link #VALID}, {@link #INVALID} or {@link #NEWER_VERSION} for the header in {@code buf[0..16)}. */
    static int decode(KeyStoreLayout layout, IntegrityCheck check, byte[] buf) {
        if (Bytes.getIntLE(buf, OFF_MAGIC) != KeyStoreLayout.SECTOR_MAGIC
                || Bytes.getIntLE(buf, OFF_CHECK) != check.shortCheck(buf, 0, OFF_CHECK)) {
            return INVALID;
        }
        if ((buf[OFF_VERSION] & 0xFF) > KeyStoreLayout.FORMAT_VERSION) {
            return NEWER_VERSION;
        }
        if ((buf[OFF_VERSION] & 0xFF) != KeyStoreLayout.FORMAT_VERSION || buf[OFF_UNIT_LOG2] != log2(layout.unit)) {
            return INVALID;
        }
        return VALID;
    }

    static int eraseCount(byte[] buf) {
        return Bytes.getIntLE(buf, OFF_ERASE_COUNT);
    }

    /** Fills {@code buf[off..off+unit)} with the activation unit for {@code sequence}. */
    static void putActivation(KeyStoreLayout layout, IntegrityCheck check, byte[] buf, int off, int sequence,
                              int eraseCount) {
        for (int i = 0; i < layout.unit; i++) {
            buf[off + i] = (byte) 0xFF;
        }
        Bytes.putIntLE(buf, off, sequence);
        Bytes.putIntLE(buf, off + 4, eraseCount);
        Bytes.putIntLE(buf, off + 4, check.shortCheck(buf, off, 8));
    }

    /** True if {@code buf[off..off+8)} is a valid activation for a sector with {@code eraseCount}. */
    static boolean isActivation(IntegrityCheck check, byte[] buf, int off, int eraseCount) {
        int stored = Bytes.getIntLE(buf, off + 4);
        // The check covers (sequence | erase count); rebuild that input in place, then restore the stored check.
        Bytes.putIntLE(buf, off + 4, eraseCount);
        int expected = check.shortCheck(buf, off, 8);
        Bytes.putIntLE(buf, off + 4, stored);
        return stored == expected;
    }

    static int activationSequence(byte[] buf, int off) {
        return Bytes.getIntLE(buf, off);
    }

    private static int log2(int v) {
        return 31 - Integer.numberOfLeadingZeros(v);
    }
}
