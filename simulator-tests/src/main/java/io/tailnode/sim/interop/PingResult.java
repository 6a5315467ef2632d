package io.tailnode.sim.interop;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What {@code ping} reported: packets sent and received, and its whole output for failure messages. */
public record PingResult(int transmitted, int received, int exit, String output) {
    private static final Pattern SUMMARY = Pattern.compile("(\\d+) packets transmitted, (\\d+) received");

    static PingResult parse(Cmd.Result r) {
        Matcher m = SUMMARY.matcher(r.output());
        if (m.find()) {
            return new PingResult(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), r.exit(), r.output());
        }
        return new PingResult(0, 0, r.exit(), r.output());
    }

    public boolean allReceived() {
        return transmitted > 0 && received == transmitted;
    }
}
