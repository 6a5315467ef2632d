package io.tailnode.firmware.keystore;

import io.tailnode.firmware.hal.HalStatus;

/**
 * In-memory {@link RecordStore} for tests of the store's users: atomic by construction, allocation-free after
 * construction (slots are preallocated, so allocation tests can use it), with a write log, fault injection
 * (every write fails) and a power cut after N further mutations (later writes and deletes are lost).
 */
public final class MemoryRecordStore implements RecordStore {
    public static final int MAX_TYPES = 32;
    public static final int MAX_RECORD = 512;

    private final byte[][] data = new byte[MAX_TYPES][MAX_RECORD];
    private final int[] length = new int[MAX_TYPES];
    private final int[] writesPerType = new int[MAX_TYPES];
    /** Mutation log: type for a write, -type for a delete. */
    private final int[] log = new int[4096];
    private int logSize;
    private boolean failWrites;
    /** Mutations still allowed before the simulated power cut; negative = no cut scheduled. */
    private int cutAfter = -1;

    public MemoryRecordStore() {
        java.util.Arrays.fill(length, -1);
    }

    @Override
    public int read(int type, byte[] buf, int off, int maxLen) {
        int len = length[type];
        if (len < 0) {
            return NOT_FOUND;
        }
        if (len > maxLen) {
            return BUFFER_TOO_SMALL;
        }
        System.arraycopy(data[type], 0, buf, off, len);
        return len;
    }

    @Override
    public int write(int type, byte[] buf, int off, int len) {
        if (len > MAX_RECORD) {
            return TOO_LARGE;
        }
        if (failWrites || !mutationAllowed()) {
            return HalStatus.ERR_IO;
        }
        System.arraycopy(buf, off, data[type], 0, len);
        length[type] = len;
        writesPerType[type]++;
        if (logSize < log.length) {
            log[logSize++] = type;
        }
        return HalStatus.OK;
    }

    @Override
    public int delete(int type) {
        if (failWrites || !mutationAllowed()) {
            return HalStatus.ERR_IO;
        }
        if (length[type] < 0) {
            return NOT_FOUND;
        }
        length[type] = -1;
        if (logSize < log.length) {
            log[logSize++] = -type;
        }
        return HalStatus.OK;
    }

    private boolean mutationAllowed() {
        if (cutAfter < 0) {
            return true;
        }
        if (cutAfter == 0) {
            return false;
        }
        cutAfter--;
        return true;
    }

    /** Every later write and delete fails with ERR_IO (until cleared). */
    public void failWrites(boolean fail) {
        failWrites = fail;
    }

    /** Power cut after {@code n} more mutations: later ones fail and change nothing. */
    public void cutAfter(int n) {
        cutAfter = n;
    }

    /** The "reboot": power is back, the content stays. */
    public void powerOn() {
        cutAfter = -1;
        failWrites = false;
    }

    /** Stores a record directly (test setup), not logged. */
    public void put(int type, byte[] value) {
        System.arraycopy(value, 0, data[type], 0, value.length);
        length[type] = value.length;
    }

    /** Copy of the value of {@code type}, or null. */
    public byte[] get(int type) {
        return length[type] < 0 ? null : java.util.Arrays.copyOf(data[type], length[type]);
    }

    public boolean isEmpty() {
        for (int l : length) {
            if (l >= 0) {
                return false;
            }
        }
        return true;
    }

    public int writes(int type) {
        return writesPerType[type];
    }

    /** The mutation log so far (type for a write, -type for a delete). */
    public int[] log() {
        return java.util.Arrays.copyOf(log, logSize);
    }

    public void clearLog() {
        logSize = 0;
    }
}
