package io.tailnode.sim.canary;

import io.tailnode.firmware.hal.HalStatus;
import io.tailnode.firmware.hal.LogSink;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The simulator's log sink in tests: keeps every line and records it for the key canary. */
public final class RecordingLogSink implements LogSink {
    private final String source;
    public final List<String> lines = new ArrayList<>();

    public RecordingLogSink(String source) {
        this.source = source;
    }

    @Override
    public int write(byte[] line, int off, int len) {
        String s = new String(line, off, len, StandardCharsets.ISO_8859_1);
        lines.add(s);
        CanaryRecorder.record(source + ":log", s);
        return HalStatus.OK;
    }
}
