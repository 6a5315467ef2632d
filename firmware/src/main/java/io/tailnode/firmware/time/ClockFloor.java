package io.tailnode.firmware.time;

import io.tailnode.firmware.hal.HalStatus;
import io.tailnode.firmware.keystore.RecordStore;
import io.tailnode.firmware.keystore.RecordTypes;
import io.tailnode.lang.Bytes;
import io.tailnode.lang.HotPath;

/**
 * The persisted clock floor (record {@link RecordTypes#CLOCK_FLOOR}): Unix milliseconds as 8 bytes big-endian,
 * an upper bound of every timestamp the device has handed out. {@link Tai64nClock} starts each boot above it.
 * The store's atomic replace means a power cut leaves the old or the new floor, both valid bounds for what was
 * handed out, because the clock never hands out a timestamp above the floor that is already stored.
 * Not thread-safe: the event loop owns it.
 */
public final class ClockFloor {
    /** Record length in bytes. */
    public static final int LENGTH = 8;
    /** The record exists but is not 8 bytes: the clock refuses to guess a floor. */
    public static final int ERR_CORRUPT = -40;

    private final RecordStore store;
    private final byte[] buf = new byte[LENGTH];
    private long value;
    private boolean present;
    private long writes;

    public ClockFloor(RecordStore store) {
        this.store = store;
    }

    /**
     * Reads the floor.
     *
     * @return {@link HalStatus#OK} (see {@link #isPresent()}; absent at first boot), {@link #ERR_CORRUPT} or
     *         the store's error
     */
    public int load() {
        int len = store.read(RecordTypes.CLOCK_FLOOR, buf, 0, LENGTH);
        if (len == RecordStore.NOT_FOUND) {
            present = false;
            return HalStatus.OK;
        }
        if (len == LENGTH) {
            value = Bytes.getLongBE(buf, 0);
            present = true;
            return HalStatus.OK;
        }
        if (len >= 0 || len == RecordStore.BUFFER_TOO_SMALL) {
            return ERR_CORRUPT;
        }
        return len;
    }

    /**
     * Persists {@code unixMillis} as the new floor; on failure the previous value stays the floor.
     *
     * @return {@link HalStatus#OK} or the store's error
     */
    @HotPath
    public int store(long unixMillis) {
        Bytes.putLongBE(buf, 0, unixMillis);
        int st = store.write(RecordTypes.CLOCK_FLOOR, buf, 0, LENGTH);
        if (st < 0) {
            return st;
        }
        value = unixMillis;
        present = true;
        writes++;
        return HalStatus.OK;
    }

    /** The floor last read or written; meaningful if {@link #isPresent()}. */
    public long value() {
        return value;
    }

    public boolean isPresent() {
        return present;
    }

    /** Successful writes by this instance (wear accounting). */
    public long writes() {
        return writes;
    }
}
