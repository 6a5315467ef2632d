package io.tailnode.firmware.board;

/**
 * The board's C HALs (bsp/common/board_natives.c over the stm32f7/ or nrf91/ register shims), reached through
 * MicroEJ SNI: {@code static native}, base types and 1-D base-type arrays only, arrays valid only during the call.
 * The C side trusts array offsets and lengths; the {@code Native*} HAL classes of this package check them first.
 * Results are {@link io.tailnode.firmware.hal.HalStatus} codes.
 *
 * <p>{@link #flashErase} takes tens to hundreds of milliseconds: the C native suspends only the calling Java
 * thread and completes in a C worker task (SNI suspend/resume). In the simulator the class of the same name in
 * {@code platform-config/sni-mock} shadows this one.
 */
public final class BoardNatives {
    private BoardNatives() {
    }

    /** Key-store sectors (STM32F746: 2 x 32 KB; nRF9151: 8 x 4 KB). */
    public static native int flashSectorCount();

    public static native int flashSectorSize();

    /** Program unit in bytes (16 on both boards). */
    public static native int flashProgramUnit();

    /** Reads key-store bytes at {@code address} (relative to the key store). */
    public static native int flashRead(int address, byte[] buf, int off, int len);

    /** Programs whole erased units; refuses a unit that is not erased (nothing is written then). */
    public static native int flashProgram(int address, byte[] buf, int off, int len);

    /** Erases one key-store sector; OK only once it reads back fully erased. Suspends the calling thread. */
    public static native int flashErase(int sector);

    /** Raw TRNG bytes; ERR_IO on a hardware health flag, ERR_ENTROPY_HEALTH on a repeated word. */
    public static native int entropyFill(byte[] buf, int off, int len);

    /** Milliseconds from the board's free-running counter, extended to 64 bits; never decreases. */
    public static native long monotonicMillis();

    /** Starts the independent watchdog (cannot be stopped); OK or ERR_RANGE if the timeout does not fit. */
    public static native int watchdogStart(int timeoutMillis);

    public static native void watchdogKick();
}
