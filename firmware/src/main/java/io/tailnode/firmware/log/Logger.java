package io.tailnode.firmware.log;

import io.tailnode.firmware.hal.HalStatus;
import io.tailnode.firmware.hal.LogSink;
import io.tailnode.lang.HotPath;

/**
 * The firmware logger: an event code plus up to four numbers become one ASCII line in a fixed buffer,
 * rendered by hand (no String building, no allocation after construction), and go to a non-blocking
 * {@link LogSink}. Line layout, fields separated by one space:
 * <pre>
 *   &lt;nowMs&gt; &lt;E|W|I|D&gt; &lt;TAG&gt; [@&lt;name&gt;] [&lt;arg&gt; ...]        arg: decimal, or 0x-hex if its hexMask bit is set
 *   &lt;nowMs&gt; &lt;E|W|I|D&gt; &lt;TAG&gt; suppressed=&lt;N&gt;                   summary of refused events of that code
 * </pre>
 * A line longer than the buffer is cut and ends with '~'.
 * <p>
 * Why each part exists: a flood of one reason (bad packets, 100k/s) must not become a log flood that stalls
 * the event loop on the UART, so every code has a token bucket ({@link RateLimiter}); refused events are
 * counted and reported as one "suppressed=N" line when that code's bucket has a token again (before its
 * next line, or from {@link #poll}). A sink that cannot take a line returns
 * {@link HalStatus#ERR_WOULD_BLOCK}: the line is dropped and counted, never retried or queued, and
 * {@link #poll} reports the count as a {@link LogEvents#LOG_DROPPED} line once the sink accepts again.
 * <p>
 * Secrets: there is no method taking key material and there must never be one. Arguments are numbers
 * (lengths, reason codes, ports, indices) and one optional {@code name} that the caller guarantees is public
 * ASCII (hostname, peer label); bytes outside 0x21..0x7E are rendered as '?'. Do not pass key bytes, auth
 * keys, nonces or packet payloads as a name.
 * <p>
 * Not thread-safe: one logger per event loop. Methods never throw on bad input; an unknown event code or
 * level is counted in {@link #badEvents()} and ignored.
 */
public final class Logger {
    /** Outcome of a log call: the line went to the sink. */
    public static final int WRITTEN = 0;
    /** Below the level threshold; nothing counted. */
    public static final int FILTERED = 1;
    /** Refused by the code's rate limit; counted for the next summary. */
    public static final int SUPPRESSED = 2;
    /** Formatted but the sink refused it (would block, or failed); counted in {@link #droppedLines()}. */
    public static final int DROPPED = 3;
    /** Event code outside the tag table or level invalid; counted in {@link #badEvents()}. */
    public static final int BAD_EVENT = -1;

    /** Smallest line buffer that holds a timestamp, level, a 16-character tag and a summary. */
    public static final int MIN_LINE_CAPACITY = 48;

    private static final byte[] HEX = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};
    private static final byte[] SUPPRESSED_KEY = {'s', 'u', 'p', 'p', 'r', 'e', 's', 's', 'e', 'd', '='};
    private static final byte[] DROPPED_KEY = {'d', 'r', 'o', 'p', 'p', 'e', 'd', '='};

    private final LogSink sink;
    private final String[] tags;
    private final RateLimiter limiter;
    private final byte[] line;
    private final byte[] digits = new byte[20];
    /** Most severe level among the refused events of each code, so a summary keeps their severity. */
    private final int[] suppressedLevel;
    private int pos;
    private boolean cut;
    private int threshold;

    private long writtenLines;
    private long droppedLines;
    private long suppressedEvents;
    private long truncatedLines;
    private long badEvents;
    private long droppedSinceNotice;

    /**
     * @param sink         where lines go; must not block
     * @param tags         index = event code; public ASCII without spaces (e.g. {@link LogEvents#TAGS})
     * @param lineCapacity bytes per line, >= {@link #MIN_LINE_CAPACITY}
     * @param level        threshold: {@link LogLevel#ERROR}..{@link LogLevel#DEBUG}, or {@link LogLevel#OFF}
     * @param burst        lines per code in a burst (token bucket size), >= 1
     * @param refillMs     ms per regained line per code, >= 1
     */
    public Logger(LogSink sink, String[] tags, int lineCapacity, int level, int burst, int refillMs) {
        if (sink == null || tags == null || tags.length == 0 || lineCapacity < MIN_LINE_CAPACITY
                || (level != LogLevel.OFF && !LogLevel.isValid(level))) {
            throw new IllegalArgumentException("logger parameters");
        }
        this.sink = sink;
        this.tags = tags;
        this.limiter = new RateLimiter(tags.length, burst, refillMs);
        this.line = new byte[lineCapacity];
        this.suppressedLevel = new int[tags.length];
        this.threshold = level;
    }

    public void setLevel(int level) {
        if (level == LogLevel.OFF || LogLevel.isValid(level)) {
            threshold = level;
        }
    }

    public int level() {
        return threshold;
    }

    /** True if an event of {@code level} would pass the threshold: callers skip gathering expensive arguments. */
    public boolean enabled(int level) {
        return level <= threshold && level >= LogLevel.ERROR;
    }

    @HotPath
    public int log(int level, int event, long nowMs) {
        return logArgs(level, event, nowMs, null, 0, 0, 0, 0, 0L, 0L, 0L, 0L);
    }

    @HotPath
    public int log(int level, int event, long nowMs, long a0) {
        return logArgs(level, event, nowMs, null, 0, 0, 1, 0, a0, 0L, 0L, 0L);
    }

    @HotPath
    public int log(int level, int event, long nowMs, long a0, long a1) {
        return logArgs(level, event, nowMs, null, 0, 0, 2, 0, a0, a1, 0L, 0L);
    }

    @HotPath
    public int log(int level, int event, long nowMs, long a0, long a1, long a2, long a3) {
        return logArgs(level, event, nowMs, null, 0, 0, 4, 0, a0, a1, a2, a3);
    }

    /**
     * The general form. {@code name} (may be null) is public ASCII, see the class comment; {@code argc} 0..4
     * arguments are rendered, argument i in hex if bit i of {@code hexMask} is set. Returns {@link #WRITTEN},
     * {@link #FILTERED}, {@link #SUPPRESSED}, {@link #DROPPED} or {@link #BAD_EVENT}.
     */
    @HotPath
    public int logArgs(int level, int event, long nowMs, byte[] name, int nameOff, int nameLen, int argc,
            int hexMask, long a0, long a1, long a2, long a3) {
        if (event < 0 || event >= tags.length || !LogLevel.isValid(level)) {
            badEvents++;
            return BAD_EVENT;
        }
        if (level > threshold) {
            return FILTERED;
        }
        if (!limiter.tryAcquire(event, nowMs)) {
            suppressedEvents++;
            if (limiter.suppressed(event) == 1 || level < suppressedLevel[event]) {
                suppressedLevel[event] = level;
            }
            return SUPPRESSED;
        }
        if (limiter.suppressed(event) > 0) {
            // The bucket has refilled: report what it refused first, so the count precedes the next event.
            writeSummary(event, nowMs);
        }
        begin(nowMs, level, event);
        if (name != null && nameLen > 0 && nameOff >= 0 && nameLen <= name.length - nameOff) {
            put((byte) ' ');
            put((byte) '@');
            for (int i = 0; i < nameLen; i++) {
                int b = name[nameOff + i] & 0xFF;
                put(b > 0x20 && b < 0x7F ? (byte) b : (byte) '?');
            }
        }
        int n = argc < 0 ? 0 : (argc > 4 ? 4 : argc);
        for (int i = 0; i < n; i++) {
            long v = i == 0 ? a0 : (i == 1 ? a1 : (i == 2 ? a2 : a3));
            put((byte) ' ');
            if ((hexMask & (1 << i)) != 0) {
                putHex(v);
            } else {
                putDecimal(v);
            }
        }
        return finish();
    }

    /**
     * Housekeeping for the event loop (bounded: one pass over the codes): emits the summary of every code
     * whose events were refused and whose bucket has a token again, so a flood that stopped is still
     * reported, and a {@link LogEvents#LOG_DROPPED} notice if the sink refused lines since the last one.
     */
    @HotPath
    public void poll(long nowMs) {
        for (int code = 0; code < tags.length; code++) {
            if (limiter.suppressed(code) > 0 && limiter.tryAcquireQuietly(code, nowMs)) {
                writeSummary(code, nowMs);
            }
        }
        if (droppedSinceNotice > 0 && LogEvents.LOG_DROPPED < tags.length && LogLevel.WARN <= threshold
                && limiter.tryAcquireQuietly(LogEvents.LOG_DROPPED, nowMs)) {
            long count = droppedSinceNotice;
            begin(nowMs, LogLevel.WARN, LogEvents.LOG_DROPPED);
            put((byte) ' ');
            putBytes(DROPPED_KEY);
            putDecimal(count);
            if (finish() == WRITTEN) {
                droppedSinceNotice -= count;
            }
        }
    }

    private void writeSummary(int code, long nowMs) {
        int count = limiter.suppressed(code);
        begin(nowMs, suppressedLevel[code], code);
        put((byte) ' ');
        putBytes(SUPPRESSED_KEY);
        putDecimal(count);
        // A summary the sink refused is kept: the count is reported with the next one instead of being lost.
        if (finish() == WRITTEN) {
            limiter.clearSuppressed(code);
        }
    }

    private void begin(long nowMs, int level, int event) {
        pos = 0;
        cut = false;
        putDecimal(nowMs);
        put((byte) ' ');
        put(LogLevel.LETTERS[level]);
        put((byte) ' ');
        String tag = tags[event];
        int n = tag.length();
        for (int i = 0; i < n; i++) {
            put((byte) tag.charAt(i));
        }
    }

    private int finish() {
        if (cut) {
            line[line.length - 1] = '~';
            truncatedLines++;
        }
        int status = sink.write(line, 0, pos);
        if (status == HalStatus.OK) {
            writtenLines++;
            return WRITTEN;
        }
        droppedLines++;
        droppedSinceNotice++;
        return DROPPED;
    }

    private void put(byte b) {
        if (pos < line.length) {
            line[pos++] = b;
        } else {
            cut = true;
        }
    }

    private void putBytes(byte[] b) {
        for (int i = 0; i < b.length; i++) {
            put(b[i]);
        }
    }

    private void putDecimal(long v) {
        // Digits are produced from a non-positive value so that Long.MIN_VALUE needs no special case.
        long n = v < 0 ? v : -v;
        int count = 0;
        do {
            digits[count++] = (byte) ('0' - (int) (n % 10));
            n /= 10;
        } while (n != 0);
        if (v < 0) {
            put((byte) '-');
        }
        while (count > 0) {
            put(digits[--count]);
        }
    }

    private void putHex(long v) {
        put((byte) '0');
        put((byte) 'x');
        int shift = 60;
        while (shift > 0 && ((v >>> shift) & 0xF) == 0) {
            shift -= 4;
        }
        for (; shift >= 0; shift -= 4) {
            put(HEX[(int) ((v >>> shift) & 0xF)]);
        }
    }

    /** Lines the sink accepted. */
    public long writtenLines() {
        return writtenLines;
    }

    /** Lines formatted but refused by the sink (would block or failed), including summaries. */
    public long droppedLines() {
        return droppedLines;
    }

    /** Events refused by the rate limit since construction (all codes). */
    public long suppressedEvents() {
        return suppressedEvents;
    }

    public long truncatedLines() {
        return truncatedLines;
    }

    public long badEvents() {
        return badEvents;
    }

    /** Events of {@code code} refused and not yet reported in a summary. */
    public int pendingSuppressed(int code) {
        return code >= 0 && code < tags.length ? limiter.suppressed(code) : 0;
    }
}
