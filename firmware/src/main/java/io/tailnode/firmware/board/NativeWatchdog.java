package io.tailnode.firmware.board;

import io.tailnode.firmware.hal.Watchdog;

/** {@link Watchdog} on the MCU's independent watchdog (STM32 IWDG, nRF WDT); started once, at construction. */
public final class NativeWatchdog implements Watchdog {
    private final int timeoutMillis;
    private final int startStatus;

    public NativeWatchdog(int timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
        this.startStatus = BoardNatives.watchdogStart(timeoutMillis);
    }

    /** {@link io.tailnode.firmware.hal.HalStatus#OK}, or why the watchdog could not be started. */
    public int startStatus() {
        return startStatus;
    }

    @Override
    public void kick() {
        BoardNatives.watchdogKick();
    }

    @Override
    public int timeoutMillis() {
        return timeoutMillis;
    }
}
