package io.tailnode.firmware.hal;

/** Return codes shared by the HALs: 0 or a count on success, a negative reason on failure. */
public final class HalStatus {
    public static final int OK = 0;
    /** Address or length not aligned to the device's unit (flash program unit, sector). */
    public static final int ERR_ALIGNMENT = -1;
    /** Address, sector or length outside the device. */
    public static final int ERR_RANGE = -2;
    /** The hardware reported a failure (flash controller error, TRNG fault, bus error). */
    public static final int ERR_IO = -3;
    /** A flash unit was programmed twice without an erase in between (NOR forbids it). */
    public static final int ERR_NOT_ERASED = -4;
    /** The entropy source failed its health checks; no bytes were produced. */
    public static final int ERR_ENTROPY_HEALTH = -5;
    /** The operation would block; try again later (non-blocking sinks and transports). */
    public static final int ERR_WOULD_BLOCK = -6;
    /** The transport was closed (shutdown): the caller's loop should stop. */
    public static final int ERR_CLOSED = -7;
    /** A destination or source address the transport cannot use (wrong kind or length). */
    public static final int ERR_ADDRESS = -8;

    private HalStatus() {
    }
}
