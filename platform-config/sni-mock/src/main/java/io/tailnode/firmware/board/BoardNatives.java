package io.tailnode.firmware.board;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Simulator mock of the device class {@code io.tailnode.firmware.board.BoardNatives} (same fully qualified name,
 * same signatures, {@code public static} instead of {@code native}). The flash behaves as the C logic above the
 * NOR part does (bsp/common/tn_flash.c): nRF9151 geometry (8 x 4 KiB, 16-byte units), programs refused unless
 * every unit reads erased, erase to 0xFF. Entropy from SecureRandom, time from System.nanoTime. Host code.
 */
public final class BoardNatives {
    static final int SECTORS = 8;
    static final int SECTOR_SIZE = 4096;
    static final int UNIT = 16;
    static final int OK = 0;
    static final int ERR_ALIGNMENT = -1;
    static final int ERR_RANGE = -2;
    static final int ERR_NOT_ERASED = -4;

    private static final byte[] FLASH = new byte[SECTORS * SECTOR_SIZE];
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long ORIGIN = System.nanoTime();
    private static int watchdogTimeout;
    private static long watchdogKicks;

    static {
        Arrays.fill(FLASH, (byte) 0xFF);
    }

    private BoardNatives() {
    }

    public static int flashSectorCount() {
        return SECTORS;
    }

    public static int flashSectorSize() {
        return SECTOR_SIZE;
    }

    public static int flashProgramUnit() {
        return UNIT;
    }

    private static boolean inRange(int address, int len) {
        return address >= 0 && len >= 0 && address <= FLASH.length - len;
    }

    public static synchronized int flashRead(int address, byte[] buf, int off, int len) {
        if (!inRange(address, len)) {
            return ERR_RANGE;
        }
        System.arraycopy(FLASH, address, buf, off, len);
        return OK;
    }

    public static synchronized int flashProgram(int address, byte[] buf, int off, int len) {
        if (!inRange(address, len)) {
            return ERR_RANGE;
        }
        if (address % UNIT != 0 || len % UNIT != 0) {
            return ERR_ALIGNMENT;
        }
        for (int i = 0; i < len; i++) {
            if (FLASH[address + i] != (byte) 0xFF) {
                return ERR_NOT_ERASED;
            }
        }
        System.arraycopy(buf, off, FLASH, address, len);
        return OK;
    }

    public static synchronized int flashErase(int sector) {
        if (sector < 0 || sector >= SECTORS) {
            return ERR_RANGE;
        }
        Arrays.fill(FLASH, sector * SECTOR_SIZE, (sector + 1) * SECTOR_SIZE, (byte) 0xFF);
        return OK;
    }

    public static int entropyFill(byte[] buf, int off, int len) {
        if (len < 0) {
            return ERR_RANGE;
        }
        byte[] tmp = new byte[len];
        RANDOM.nextBytes(tmp);
        System.arraycopy(tmp, 0, buf, off, len);
        return len;
    }

    public static long monotonicMillis() {
        return (System.nanoTime() - ORIGIN) / 1_000_000L;
    }

    public static synchronized int watchdogStart(int timeoutMillis) {
        if (timeoutMillis <= 0) {
            return ERR_RANGE;
        }
        watchdogTimeout = timeoutMillis;
        return OK;
    }

    public static synchronized void watchdogKick() {
        watchdogKicks++;
    }

    /** Test hook (not a native): kicks seen so far. */
    public static synchronized long watchdogKicks() {
        return watchdogKicks;
    }

    /** Test hook (not a native): the configured timeout, 0 if never started. */
    public static synchronized int watchdogTimeout() {
        return watchdogTimeout;
    }
}
