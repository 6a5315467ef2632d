package io.tailnode.sim.hal;

import io.tailnode.firmware.hal.Watchdog;
import java.io.PrintStream;

/**
 * The simulator's independent watchdog: it cannot reset the host, so it records every kick and the longest real
 * time between two kicks, and when an interval exceeds the timeout it says so loudly (a log line now, the count
 * in the status) — on a board that interval would have reset the device. Real time (System.nanoTime), not the
 * device clock: a board's watchdog runs on its own oscillator, whatever {@code --clock-rate} does to the loop.
 * Kicked from the loop thread only; the counters may be read from elsewhere.
 */
public final class SimWatchdog implements Watchdog {
    private final int timeoutMillis;
    private final PrintStream out;
    private final String name;
    private long lastKickNanos;
    private volatile long kicks;
    private volatile long longestIntervalMillis;
    private volatile long overruns;

    public SimWatchdog(int timeoutMillis, PrintStream out, String name) {
        this.timeoutMillis = timeoutMillis;
        this.out = out;
        this.name = name;
    }

    @Override
    public void kick() {
        long now = System.nanoTime();
        if (kicks > 0) {
            long interval = (now - lastKickNanos) / 1_000_000;
            if (interval > longestIntervalMillis) {
                longestIntervalMillis = interval;
            }
            if (interval > timeoutMillis) {
                overruns++;
                out.println(name + " | WATCHDOG OVERRUN: " + interval + " ms between loop iterations, timeout "
                        + timeoutMillis + " ms: a board would have reset here");
                out.flush();
            }
        }
        lastKickNanos = now;
        kicks++;
    }

    @Override
    public int timeoutMillis() {
        return timeoutMillis;
    }

    public long kicks() {
        return kicks;
    }

    /** Longest real time between two kicks, ms. */
    public long longestIntervalMillis() {
        return longestIntervalMillis;
    }

    /** Intervals that exceeded the timeout (each logged when it happened). */
    public long overruns() {
        return overruns;
    }

    /** One status line: "watchdog: K kicks, longest interval X ms of T ms[, N OVERRUNS]". */
    public String statusLine() {
        return "watchdog: " + kicks + " kicks, longest interval " + longestIntervalMillis + " ms of " + timeoutMillis
                + " ms timeout" + (overruns > 0 ? ", " + overruns + " OVERRUNS (a board would have reset)" : "");
    }
}
