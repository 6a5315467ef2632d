package io.tailnode.firmware.loop;

import io.tailnode.firmware.keystore.FlashKeyStore;

/**
 * The key store's erase and garbage-collection work as {@link IdleWork}: switches the store to idle maintenance
 * ({@link FlashKeyStore#setIdleMaintenance}), so its writes in the packet path never erase, and runs
 * {@link FlashKeyStore#maintain()} when the loop is idle.
 */
public final class FlashMaintenance implements IdleWork {
    private final FlashKeyStore store;
    private final int worstCaseMillis;

    /** @param worstCaseMillis the board's worst sector erase plus one garbage collection, ms (bsp/README.md) */
    public FlashMaintenance(FlashKeyStore store, int worstCaseMillis) {
        if (store == null || worstCaseMillis < 0) {
            throw new IllegalArgumentException("maintenance");
        }
        this.store = store;
        this.worstCaseMillis = worstCaseMillis;
        store.setIdleMaintenance(true);
    }

    public int runIdle(long nowMs) {
        return store.maintain();
    }

    public boolean pending() {
        return store.maintenancePending();
    }

    public int worstCaseMillis() {
        return worstCaseMillis;
    }
}
