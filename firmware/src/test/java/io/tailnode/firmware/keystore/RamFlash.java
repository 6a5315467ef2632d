package io.tailnode.firmware.keystore;

import io.tailnode.firmware.hal.Flash;
import io.tailnode.firmware.hal.HalStatus;

import java.util.Arrays;

/**
 * Minimal RAM flash for the format's unit tests (alignment, program-once, erase counts; no power cuts — those
 * are in simulator-tests' SimFlash, which this module cannot see).
 */
final class RamFlash implements Flash {
    final byte[] data;
    final boolean[] programmed;
    final int[] erases;
    private final int sectors;
    private final int sectorSize;
    private final int unit;

    RamFlash(int sectors, int sectorSize, int unit) {
        this.sectors = sectors;
        this.sectorSize = sectorSize;
        this.unit = unit;
        data = new byte[sectors * sectorSize];
        Arrays.fill(data, (byte) 0xFF);
        programmed = new boolean[data.length / unit];
        erases = new int[sectors];
    }

    @Override
    public int sectorCount() {
        return sectors;
    }

    @Override
    public int sectorSize() {
        return sectorSize;
    }

    @Override
    public int programUnit() {
        return unit;
    }

    @Override
    public int read(int address, byte[] buf, int off, int len) {
        if (address < 0 || address + len > data.length) {
            return HalStatus.ERR_RANGE;
        }
        System.arraycopy(data, address, buf, off, len);
        return HalStatus.OK;
    }

    @Override
    public int program(int address, byte[] buf, int off, int len) {
        if (address % unit != 0 || len % unit != 0) {
            return HalStatus.ERR_ALIGNMENT;
        }
        if (address < 0 || address + len > data.length) {
            return HalStatus.ERR_RANGE;
        }
        for (int a = address; a < address + len; a += unit) {
            if (programmed[a / unit]) {
                return HalStatus.ERR_NOT_ERASED;
            }
        }
        for (int a = address; a < address + len; a += unit) {
            programmed[a / unit] = true;
        }
        System.arraycopy(buf, off, data, address, len);
        return HalStatus.OK;
    }

    @Override
    public int erase(int sector) {
        if (sector < 0 || sector >= sectors) {
            return HalStatus.ERR_RANGE;
        }
        Arrays.fill(data, sector * sectorSize, (sector + 1) * sectorSize, (byte) 0xFF);
        Arrays.fill(programmed, sector * sectorSize / unit, (sector + 1) * sectorSize / unit, false);
        erases[sector]++;
        return HalStatus.OK;
    }
}
