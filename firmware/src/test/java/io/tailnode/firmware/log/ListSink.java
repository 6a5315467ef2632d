package io.tailnode.firmware.log;

import io.tailnode.firmware.hal.HalStatus;
import io.tailnode.firmware.hal.LogSink;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Test sink: keeps lines as strings; can be told to refuse (would block) or to count without keeping. */
final class ListSink implements LogSink {
    final List<String> lines = new ArrayList<>();
    boolean blocked;
    boolean keep = true;
    int accepted;

    @Override
    public int write(byte[] line, int off, int len) {
        if (blocked) {
            return HalStatus.ERR_WOULD_BLOCK;
        }
        accepted++;
        if (keep) {
            lines.add(new String(line, off, len, StandardCharsets.US_ASCII));
        }
        return HalStatus.OK;
    }
}
