package io.tailnode.firmware.hal;

/**
 * Where formatted log lines go: UART or RTT on the board, stdout in the simulator. Never blocks the event
 * loop: a sink that cannot take a line now drops it and returns {@link HalStatus#ERR_WOULD_BLOCK}.
 */
public interface LogSink {
    /** Writes one line (without terminator); returns {@link HalStatus#OK} or {@link HalStatus#ERR_WOULD_BLOCK}. */
    int write(byte[] line, int off, int len);
}
