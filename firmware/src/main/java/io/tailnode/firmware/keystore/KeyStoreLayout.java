package io.tailnode.firmware.keystore;

/**
 * Byte layout of the flash key store, format version 1, and the geometry arithmetic on it. Every structure
 * starts on a program-unit boundary and is a whole number of units, because NOR units are programmed once:
 * a unit shared by two structures could not be written at two different times.
 * <pre>
 * sector (one flash sector of the configured range):
 *   [0, H)          sector header  = "TNKS" | format version (1) | log2(unit) | 0xFFFF | erase count u32LE
 *                                    | BLAKE2s-32 of bytes 0..11; padded with 0xFF to H = roundUp(16, unit)
 *   [H, H+U)        erase-complete mark: the constant {@link #ERASE_MARK}, written after the header, so a
 *                   sector whose erase was cut (which may read as all 0xFF) is never mistaken for a clean one
 *   [H+U, H+2U)     activation unit = sector sequence u32LE | BLAKE2s-32 of (sequence | erase count);
 *                   written LAST when the sector becomes the live one (garbage collection's commit)
 *   [H+2U, end)     records, appended
 * record (starts on a unit boundary):
 *   header 16 B     = 0x6B | record version (1) | type u16LE | payload length u16LE | flags | 0x00
 *                     | sequence u32LE | BLAKE2s-32 of bytes 0..11
 *   payload         length bytes
 *   check 16 B      BLAKE2s-128 of header (16 B) || payload
 *   pad             0xFF up to a unit boundary             (header..pad = the "body", one program operation)
 *   commit unit     first min(U,16) bytes of the check, zero-padded to U; its own program operation, LAST
 * </pre>
 * All multi-byte integers little-endian. U = program unit (power of two, at least 8).
 */
public final class KeyStoreLayout {
    /** Format version in the sector header; a store refuses sectors of a newer version instead of wiping them. */
    public static final int FORMAT_VERSION = 1;
    /** Record framing version inside a v1 sector. */
    public static final int RECORD_VERSION = 1;
    /** "TNKS" read as a little-endian int. */
    public static final int SECTOR_MAGIC = 0x534B4E54;
    public static final int RECORD_MAGIC = 0x6B;
    public static final int SECTOR_HEADER_LENGTH = 16;
    public static final int RECORD_HEADER_LENGTH = 16;
    /** Length of the per-record integrity check (BLAKE2s-128). */
    public static final int CHECK_LENGTH = 16;
    /** Short check of headers and the activation unit (BLAKE2s-32): they are also covered by the record check or
     * guarded by a commit unit, the short check only rejects torn units before their fields are trusted. */
    public static final int SHORT_CHECK_LENGTH = 4;
    public static final int FLAG_VALUE = 0;
    /** The type was deleted; dropped by garbage collection. */
    public static final int FLAG_TOMBSTONE = 1;
    /** Largest payload the 16-bit length field can carry (0xFFFF stays free: it is what erased flash reads). */
    public static final int MAX_PAYLOAD = 0xFFFE;
    /** Types 1..0xFFFE are callers'; 0 and 0xFFFF are reserved (0xFFFF reads from erased flash). */
    public static final int MAX_TYPE = 0xFFFE;
    /** Erase-complete mark pattern, repeated/truncated to the unit: many zero bits, so a torn mark never matches. */
    private static final byte[] ERASE_MARK = {'E', 'R', 'A', 'S', 'E', 'D', 0, 0, 'O', 'K', 0x5A, (byte) 0xA5, 0, 1, 2, 3};

    public final int unit;
    public final int sectorSize;
    public final int firstSector;
    public final int sectorCount;
    /** Sector header length rounded to units (H above). */
    public final int headerLength;
    public final int markOffset;
    public final int activationOffset;
    public final int recordsOffset;

    /**
     * @throws IllegalArgumentException if the unit is not a power of two >= 8, the sector cannot hold its header,
     *                                  or fewer than two sectors are configured
     */
    public KeyStoreLayout(int unit, int sectorSize, int firstSector, int sectorCount) {
        if (unit < 8 || (unit & (unit - 1)) != 0) {
            throw new IllegalArgumentException("program unit must be a power of two >= 8");
        }
        if (sectorCount < 2 || firstSector < 0) {
            throw new IllegalArgumentException("key store needs >= 2 sectors");
        }
        this.unit = unit;
        this.sectorSize = sectorSize;
        this.firstSector = firstSector;
        this.sectorCount = sectorCount;
        this.headerLength = roundUp(SECTOR_HEADER_LENGTH);
        this.markOffset = headerLength;
        this.activationOffset = headerLength + unit;
        this.recordsOffset = headerLength + 2 * unit;
        if (sectorSize % unit != 0 || recordsOffset + footprint(0) > sectorSize) {
            throw new IllegalArgumentException("sector too small for the key store layout");
        }
    }

    public int roundUp(int n) {
        return (n + unit - 1) & -unit;
    }

    /** Body length (header, payload, check, pad) of a record with {@code payloadLength} bytes. */
    public int bodyLength(int payloadLength) {
        return roundUp(RECORD_HEADER_LENGTH + payloadLength + CHECK_LENGTH);
    }

    /** Flash bytes a record occupies: body plus commit unit. */
    public int footprint(int payloadLength) {
        return bodyLength(payloadLength) + unit;
    }

    /** Bytes of one sector available to records. */
    public int recordCapacity() {
        return sectorSize - recordsOffset;
    }

    /** Flash address of the first byte of store sector {@code index} (0-based within the configured range). */
    public int sectorAddress(int index) {
        return (firstSector + index) * sectorSize;
    }

    /** Writes the erase-complete mark into {@code buf[off..off+unit)}. */
    public void putEraseMark(byte[] buf, int off) {
        for (int i = 0; i < unit; i++) {
            buf[off + i] = ERASE_MARK[i & 15];
        }
    }

    public boolean isEraseMark(byte[] buf, int off) {
        int diff = 0;
        for (int i = 0; i < unit; i++) {
            diff |= buf[off + i] ^ ERASE_MARK[i & 15];
        }
        return diff == 0;
    }

    /** True if {@code buf[off..off+len)} is all 0xFF, i.e. reads as erased. */
    public static boolean isErased(byte[] buf, int off, int len) {
        int and = 0xFF;
        for (int i = 0; i < len; i++) {
            and &= buf[off + i];
        }
        return and == 0xFF;
    }
}
