package io.tailnode.sim.hal;

import io.tailnode.firmware.hal.HalStatus;
import io.tailnode.firmware.hal.LogSink;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** The simulator's UART: one line per call to a stream, prefixed with the device name. */
public final class StdoutLogSink implements LogSink {
    private final PrintStream out;
    private final String prefix;

    public StdoutLogSink(PrintStream out, String deviceName) {
        this.out = out;
        this.prefix = deviceName + " | ";
    }

    @Override
    public int write(byte[] line, int off, int len) {
        out.println(prefix + new String(line, off, len, StandardCharsets.US_ASCII));
        return HalStatus.OK;
    }
}
