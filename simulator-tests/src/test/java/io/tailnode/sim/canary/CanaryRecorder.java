package io.tailnode.sim.canary;

import io.tailnode.firmware.config.DeviceConfig;
import java.nio.charset.StandardCharsets;

/**
 * Records what the firmware says to the outside world during tests (log lines, exception messages, status and
 * toString output) so that {@code KeyCanaryTest} can search it for registered secrets after the suite.
 */
public final class CanaryRecorder {
    private CanaryRecorder() {
    }

    public static void record(String source, String text) {
        CanaryFiles.appendOutput(source, text == null ? "" : text);
    }

    /** An exception's message, its class's toString and its causes'. */
    public static void recordException(String source, Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            record(source + ":exception", String.valueOf(c));
        }
    }

    /** {@link DeviceConfig#describe} (the status text) and {@code toString()} (Object's, as there is none). */
    public static String recordConfig(String source, DeviceConfig config) {
        byte[] out = new byte[2048];
        String d = new String(out, 0, config.describe(out, 0, out.length), StandardCharsets.US_ASCII);
        record(source + ":describe", d);
        record(source + ":toString", config.toString());
        return d;
    }
}
