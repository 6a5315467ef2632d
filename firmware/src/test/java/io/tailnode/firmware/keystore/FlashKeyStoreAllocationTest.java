package io.tailnode.firmware.keystore;

import io.tailnode.firmware.hal.HalStatus;
import io.tailnode.testing.AllocationMeter;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Steady state allocates nothing: reads, writes (including the garbage collections they trigger), deletes. */
class FlashKeyStoreAllocationTest {
    private final RamFlash flash = new RamFlash(3, 1024, 16);
    private final FlashKeyStore store = new FlashKeyStore(flash, 0, 3, 128, 8);
    private final byte[] value = new byte[128];
    private final byte[] out = new byte[128];
    private int i;

    @Test
    void writeReadDeleteAndGarbageCollectionAllocateNothing() {
        assertEquals(HalStatus.OK, store.mount());
        long write = AllocationMeter.bytesPerCall(() -> {
            value[0] = (byte) i++;
            check(store.write(1 + i % 4, value, 0, 16 + i % 100));
        }, 2000, 2000);
        assertEquals(0, write, "bytes per write (GC every ~10 writes)");
        long read = AllocationMeter.bytesPerCall(() -> {
            if (store.read(1 + i++ % 4, out, 0, out.length) < 0) {
                throw new AssertionError("read failed");
            }
        }, 2000, 2000);
        assertEquals(0, read, "bytes per read");
        long delete = AllocationMeter.bytesPerCall(() -> {
            check(store.write(6, value, 0, 32));
            check(store.delete(6));
        }, 500, 500);
        assertEquals(0, delete, "bytes per write + delete");
        long mount = AllocationMeter.bytesPerCall(() -> check(store.mount()), 200, 200);
        assertEquals(0, mount, "bytes per remount");
        assertEquals(true, flash.erases[0] + flash.erases[1] + flash.erases[2] > 100, "GC ran");
    }

    private static void check(int rc) {
        if (rc != HalStatus.OK) {
            throw new AssertionError("rc " + rc);
        }
    }
}
