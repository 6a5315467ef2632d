package io.tailnode.firmware.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LoggerTest {
    private final ListSink sink = new ListSink();

    private Logger logger(int level, int burst, int refillMs) {
        return new Logger(sink, LogEvents.TAGS, 96, level, burst, refillMs);
    }

    @Test
    void rendersDecimalHexAndName() {
        Logger log = logger(LogLevel.DEBUG, 10, 1000);
        byte[] name = "node-1".getBytes(StandardCharsets.US_ASCII);
        assertEquals(Logger.WRITTEN, log.logArgs(LogLevel.INFO, LogEvents.PROVISIONING_STORED, 1234, name, 0,
                name.length, 4, 0b0110, -17, 255, 0xdeadbeefL, Long.MIN_VALUE));
        assertEquals("1234 I PROV_STORED @node-1 -17 0xff 0xdeadbeef -9223372036854775808", sink.lines.get(0));
        log.log(LogLevel.ERROR, LogEvents.STORE_ERROR, 0, 0);
        assertEquals("0 E STORE_ERROR 0", sink.lines.get(1));
        log.logArgs(LogLevel.WARN, LogEvents.BOOT, 5, null, 0, 0, 2, 3, 0, -1, 0, 0);
        assertEquals("5 W BOOT 0x0 0xffffffffffffffff", sink.lines.get(2));
    }

    @Test
    void nonPrintableNameBytesBecomeQuestionMarks() {
        Logger log = logger(LogLevel.DEBUG, 10, 1000);
        byte[] name = {'a', ' ', 0, (byte) 0xC3, 'z'};
        log.logArgs(LogLevel.INFO, LogEvents.BOOT, 1, name, 0, name.length, 0, 0, 0, 0, 0, 0);
        assertEquals("1 I BOOT @a???z", sink.lines.get(0));
    }

    @Test
    void levelThresholdFilters() {
        Logger log = logger(LogLevel.WARN, 10, 1000);
        assertEquals(Logger.FILTERED, log.log(LogLevel.INFO, LogEvents.BOOT, 0));
        assertEquals(Logger.FILTERED, log.log(LogLevel.DEBUG, LogEvents.BOOT, 0));
        assertEquals(Logger.WRITTEN, log.log(LogLevel.WARN, LogEvents.BOOT, 0));
        log.setLevel(LogLevel.OFF);
        assertEquals(Logger.FILTERED, log.log(LogLevel.ERROR, LogEvents.BOOT, 0));
        assertEquals(1, sink.lines.size());
    }

    @Test
    void badEventsAreCountedNotThrown() {
        Logger log = logger(LogLevel.DEBUG, 10, 1000);
        assertEquals(Logger.BAD_EVENT, log.log(LogLevel.INFO, -1, 0));
        assertEquals(Logger.BAD_EVENT, log.log(LogLevel.INFO, LogEvents.COUNT, 0));
        assertEquals(Logger.BAD_EVENT, log.log(7, LogEvents.BOOT, 0));
        assertEquals(3, log.badEvents());
        assertEquals(0, sink.lines.size());
    }

    @Test
    void longLinesAreCutWithTilde() {
        Logger log = new Logger(sink, LogEvents.TAGS, Logger.MIN_LINE_CAPACITY, LogLevel.DEBUG, 10, 1000);
        byte[] name = new byte[100];
        java.util.Arrays.fill(name, (byte) 'x');
        log.logArgs(LogLevel.INFO, LogEvents.BOOT, 0, name, 0, name.length, 0, 0, 0, 0, 0, 0);
        String l = sink.lines.get(0);
        assertEquals(Logger.MIN_LINE_CAPACITY, l.length());
        assertTrue(l.endsWith("~"));
        assertEquals(1, log.truncatedLines());
    }

    @Test
    void rateLimitSuppressesAndSummarisesWhenTheBucketRefills() {
        Logger log = logger(LogLevel.DEBUG, 3, 1000);
        for (int i = 0; i < 10; i++) {
            log.log(LogLevel.WARN, LogEvents.BAD_PACKET, 100, -5, i);
        }
        assertEquals(3, sink.lines.size());
        assertEquals(7, log.pendingSuppressed(LogEvents.BAD_PACKET));
        // Another code is not affected by the flood.
        assertEquals(Logger.WRITTEN, log.log(LogLevel.INFO, LogEvents.BOOT, 100));
        // One token back after 1000 ms: the summary goes out before the next event.
        assertEquals(Logger.SUPPRESSED, log.log(LogLevel.WARN, LogEvents.BAD_PACKET, 1099, 0, 0));
        assertEquals(Logger.WRITTEN, log.log(LogLevel.WARN, LogEvents.BAD_PACKET, 1100, -5, 99));
        assertEquals("1100 W BAD_PACKET suppressed=8", sink.lines.get(4));
        assertEquals("1100 W BAD_PACKET -5 99", sink.lines.get(5));
        assertEquals(0, log.pendingSuppressed(LogEvents.BAD_PACKET));
    }

    @Test
    void pollReportsAFloodThatStopped() {
        Logger log = logger(LogLevel.DEBUG, 1, 500);
        log.log(LogLevel.ERROR, LogEvents.BAD_PACKET, 0, 1);
        log.log(LogLevel.DEBUG, LogEvents.BAD_PACKET, 1, 1);
        log.log(LogLevel.ERROR, LogEvents.BAD_PACKET, 2, 1);
        log.poll(100);
        assertEquals(1, sink.lines.size());
        log.poll(600);
        // The summary keeps the most severe level among the refused events.
        assertEquals("600 E BAD_PACKET suppressed=2", sink.lines.get(1));
        log.poll(5000);
        assertEquals(2, sink.lines.size());
    }

    @Test
    void blockedSinkDropsAndCountsThenReportsTheDrops() {
        Logger log = logger(LogLevel.DEBUG, 5, 1000);
        sink.blocked = true;
        assertEquals(Logger.DROPPED, log.log(LogLevel.INFO, LogEvents.BOOT, 0));
        assertEquals(Logger.DROPPED, log.log(LogLevel.INFO, LogEvents.STORE_ERROR, 0));
        assertEquals(2, log.droppedLines());
        log.poll(1);
        assertEquals(3, log.droppedLines());
        sink.blocked = false;
        log.poll(2);
        assertEquals("2 W LOG_DROPPED dropped=3", sink.lines.get(0));
        log.poll(3);
        assertEquals(1, sink.lines.size());
    }

    @Test
    void floodOfOneHundredThousandBadPacketsInOneSecondIsBounded() {
        int burst = 5;
        int refillMs = 1000;
        Logger log = logger(LogLevel.DEBUG, burst, refillMs);
        sink.keep = false;
        for (int i = 0; i < 100_000; i++) {
            log.log(LogLevel.WARN, LogEvents.BAD_PACKET, 10_000 + i / 100, -7, i & 0xFFFF);
        }
        // Within one second: the burst, at most one refilled token plus its summary.
        int lines = sink.accepted;
        System.out.println("flood: 100000 events in 1 s -> " + lines + " lines, suppressed " + log.suppressedEvents());
        assertTrue(lines <= burst + 2, "lines " + lines);
        assertEquals(100_000 - lines, log.suppressedEvents());
        log.poll(12_000);
        assertEquals(lines + 1, sink.accepted);
    }
}
