package io.tailnode.firmware.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tailnode.testing.AllocationMeter;
import org.junit.jupiter.api.Test;

/** Runs in the allocation JVM (escape analysis off): every logging path allocates 0 bytes per call. */
class LoggerAllocationTest {
    private final ListSink sink = new ListSink();
    private final Logger log = new Logger(sink, LogEvents.TAGS, 120, LogLevel.INFO, 5, 1000);
    private final byte[] name = {'p', 'e', 'e', 'r', '-', '7'};
    private long now;
    private int i;

    LoggerAllocationTest() {
        sink.keep = false;
    }

    @Test
    void floodOfSuppressedEvents() {
        long perCall = AllocationMeter.bytesPerCall(() -> log.log(LogLevel.WARN, LogEvents.BAD_PACKET, now++ / 100,
                -7, i++), 20_000, 100_000);
        System.out.println("logger flood: " + perCall + " B/call");
        assertEquals(0, perCall);
    }

    @Test
    void writtenLinesWithNameHexAndSummaries() {
        // A fresh token per call at every 2nd call (refill 1000 ms, now advancing 600 ms): lines and summaries.
        long perCall = AllocationMeter.bytesPerCall(() -> {
            now += 600;
            log.logArgs(LogLevel.ERROR, LogEvents.STORE_ERROR, now, name, 0, name.length, 4, 0b1010,
                    -12, 0xCAFEL, Long.MIN_VALUE, now);
        }, 20_000, 100_000);
        assertEquals(0, perCall);
    }

    @Test
    void filteredAndPollAndBlockedSink() {
        long perCall = AllocationMeter.bytesPerCall(() -> {
            now += 250;
            log.log(LogLevel.DEBUG, LogEvents.BOOT, now);
            sink.blocked = (now & 1024) != 0;
            log.log(LogLevel.WARN, LogEvents.BAD_PACKET, now, 1, 2);
            log.poll(now);
        }, 20_000, 100_000);
        assertEquals(0, perCall);
    }
}
