package io.tailnode.sim;

import io.tailnode.firmware.hal.HalStatus;
import io.tailnode.firmware.keystore.RecordStore;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/** RecordStore in RAM for host tests until the flash key store is merged. */
final class MemoryRecordStore implements RecordStore {
    final Map<Integer, byte[]> records = new HashMap<>();

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
        records.put(type, Arrays.copyOfRange(buf, off, off + len));
        return HalStatus.OK;
    }

    @Override
    public int delete(int type) {
        return records.remove(type) == null ? NOT_FOUND : HalStatus.OK;
    }
}
