package io.tailnode.firmware.hal;

/**
 * NOR flash as the key store sees it: {@link #sectorCount()} sectors of {@link #sectorSize()} bytes, erased to
 * 0xFF a whole sector at a time, programmed in aligned units of {@link #programUnit()} bytes (8 or 16 on
 * STM32/nRF), each unit programmed at most once between erases. A power cut during {@link #program} may leave
 * that unit with arbitrary bits that can read differently on each read; a cut during {@link #erase} may leave
 * the sector a 0/1 mix that can even read as erased. Callers therefore write commit markers last.
 * <p>
 * Calls block until the operation completes (on the board the native suspends only the calling Java thread).
 */
public interface Flash {
    int sectorCount();

    int sectorSize();

    /** Program granularity in bytes; a power of two. */
    int programUnit();

    /** Reads {@code len} bytes at {@code address}; returns {@link HalStatus#OK} or a negative status. */
    int read(int address, byte[] buf, int off, int len);

    /**
     * Programs {@code len} bytes at {@code address}; both multiples of {@link #programUnit()}, every unit erased.
     * Returns {@link HalStatus#OK}, {@link HalStatus#ERR_ALIGNMENT}, {@link HalStatus#ERR_RANGE},
     * {@link HalStatus#ERR_NOT_ERASED} or {@link HalStatus#ERR_IO}.
     */
    int program(int address, byte[] buf, int off, int len);

    /** Erases one sector to 0xFF; returns {@link HalStatus#OK} or a negative status. */
    int erase(int sector);
}
