package io.tailnode.firmware.board;

import io.tailnode.firmware.hal.Flash;
import io.tailnode.firmware.hal.HalStatus;

/** {@link Flash} on the board's key-store sectors; array windows are checked here because C trusts them. */
public final class NativeFlash implements Flash {
    private final int sectorCount;
    private final int sectorSize;
    private final int programUnit;

    public NativeFlash() {
        sectorCount = BoardNatives.flashSectorCount();
        sectorSize = BoardNatives.flashSectorSize();
        programUnit = BoardNatives.flashProgramUnit();
    }

    @Override
    public int sectorCount() {
        return sectorCount;
    }

    @Override
    public int sectorSize() {
        return sectorSize;
    }

    @Override
    public int programUnit() {
        return programUnit;
    }

    @Override
    public int read(int address, byte[] buf, int off, int len) {
        if (!window(buf, off, len)) {
            return HalStatus.ERR_RANGE;
        }
        return BoardNatives.flashRead(address, buf, off, len);
    }

    @Override
    public int program(int address, byte[] buf, int off, int len) {
        if (!window(buf, off, len)) {
            return HalStatus.ERR_RANGE;
        }
        return BoardNatives.flashProgram(address, buf, off, len);
    }

    @Override
    public int erase(int sector) {
        return BoardNatives.flashErase(sector);
    }

    static boolean window(byte[] buf, int off, int len) {
        return buf != null && off >= 0 && len >= 0 && off <= buf.length - len;
    }
}
