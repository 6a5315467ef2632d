package io.tailnode.firmware.keystore;

import io.tailnode.firmware.hal.HalStatus;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/** Test double of {@link RecordStore}: a map in RAM, with a max record size and an injectable write failure. */
public final class InMemoryRecordStore implements RecordStore {
    private final Map<Integer, byte[]> records = new HashMap<>();
    private final int maxRecord;
    /** When not OK, every write fails with this code and changes nothing. */
    public int failWrites = HalStatus.OK;
    public int writes;

    public InMemoryRecordStore(int maxRecord) {
        this.maxRecord = maxRecord;
    }

    @Override
    public int read(int type, byte[] buf, int off, int maxLen) {
        byte[] r = records.get(type);
        if (r == null) {
            return NOT_FOUND;
        }
        if (r.length > maxLen) {
            return BUFFER_TOO_SMALL;
        }
        System.arraycopy(r, 0, buf, off, r.length);
        return r.length;
    }

    @Override
    public int write(int type, byte[] buf, int off, int len) {
        if (failWrites != HalStatus.OK) {
            return failWrites;
        }
        if (len > maxRecord) {
            return TOO_LARGE;
        }
        records.put(type, Arrays.copyOfRange(buf, off, off + len));
        writes++;
        return HalStatus.OK;
    }

    @Override
    public int delete(int type) {
        return records.remove(type) == null ? NOT_FOUND : HalStatus.OK;
    }

    /** A copy of the stored value, or null. */
    public byte[] get(int type) {
        byte[] r = records.get(type);
        return r == null ? null : r.clone();
    }
}
