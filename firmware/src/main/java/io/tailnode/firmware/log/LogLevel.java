package io.tailnode.firmware.log;

/**
 * Log levels as ints (no enum: MicroEJ footprint rules). Lower is more severe; a logger with threshold
 * {@code t} emits events whose level is {@code <= t}.
 */
public final class LogLevel {
    public static final int ERROR = 0;
    public static final int WARN = 1;
    public static final int INFO = 2;
    public static final int DEBUG = 3;
    /** Threshold that emits nothing (levels are never negative). */
    public static final int OFF = -1;

    /** One ASCII letter per level, the first column of a line: E, W, I, D. */
    static final byte[] LETTERS = {'E', 'W', 'I', 'D'};

    private LogLevel() {
    }

    public static boolean isValid(int level) {
        return level >= ERROR && level <= DEBUG;
    }
}
