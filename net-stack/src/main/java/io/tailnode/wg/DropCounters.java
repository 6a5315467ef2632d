package io.tailnode.wg;

import io.tailnode.lang.HotPath;

/**
 * One counter per drop reason of the device ({@link WgDrop} numbering: handshake, session and device reasons),
 * so "bad input changes nothing but a counter" is observable in status and tests.
 */
final class DropCounters {
    private final long[] counts = new long[WgDrop.COUNTER_COUNT];

    @HotPath
    void count(int code) {
        int i = WgDrop.counterIndex(code);
        if (i >= 0) {
            counts[i]++;
        }
    }

    @HotPath
    void add(int code, int n) {
        int i = WgDrop.counterIndex(code);
        if (i >= 0) {
            counts[i] += n;
        }
    }

    /** Counts {@code code} and marks {@code r} as a drop for that reason; returns {@link WgResult#DROPPED}. */
    @HotPath
    int drop(WgResult r, int code) {
        count(code);
        r.action = WgResult.DROPPED;
        r.reason = code;
        return WgResult.DROPPED;
    }

    long get(int code) {
        int i = WgDrop.counterIndex(code);
        return i < 0 ? 0 : counts[i];
    }

    long total() {
        long t = 0;
        for (int i = 0; i < counts.length; i++) {
            t += counts[i];
        }
        return t;
    }
}
