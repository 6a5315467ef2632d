package io.tailnode.firmware.hal;

/** The independent watchdog: kicked after each completed event-loop iteration, so a stuck loop resets the board. */
public interface Watchdog {
    void kick();

    /** The configured timeout in milliseconds (the loop's longest allowed iteration). */
    int timeoutMillis();
}
