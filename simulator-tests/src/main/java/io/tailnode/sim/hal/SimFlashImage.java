package io.tailnode.sim.hal;

import io.tailnode.firmware.keystore.FlashKeyStore;
import io.tailnode.firmware.keystore.RecordStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A simulated device's flash as a file: the state a simulated board keeps across runs, managed by the same
 * {@link FlashKeyStore} the board runs. Every successful change is saved to the file before the call returns,
 * so a killed simulator loses at most the operation in flight (as a power cut would).
 */
public final class SimFlashImage implements RecordStore {
    /** Simulator geometry: 4 sectors of 4 KiB programmed in 16-byte units (STM32F7-like quad-word). */
    public static final int SECTORS = 4;
    public static final int SECTOR_SIZE = 4096;
    public static final int PROGRAM_UNIT = 16;
    /** Largest record the simulator store accepts (a provisioning record is at most 512 bytes). */
    public static final int MAX_RECORD_SIZE = 1024;
    public static final int MAX_TYPES = 32;

    private final Path file;
    private final SimFlash flash;
    private final FlashKeyStore store;

    private SimFlashImage(Path file, SimFlash flash) {
        this.file = file;
        this.flash = flash;
        this.store = new FlashKeyStore(flash, 0, SECTORS, MAX_RECORD_SIZE, MAX_TYPES);
    }

    /** Opens (or creates, blank) the image at {@code file} and mounts the key store on it. */
    public static SimFlashImage open(Path file) throws IOException {
        SimFlash flash = Files.exists(file) ? SimFlash.load(file, SECTORS, SECTOR_SIZE, PROGRAM_UNIT)
                : new SimFlash(SECTORS, SECTOR_SIZE, PROGRAM_UNIT, 1);
        SimFlashImage image = new SimFlashImage(file, flash);
        int status = image.store.mount();
        if (status < 0) {
            throw new IOException(file + ": key store does not mount (code " + status + ")");
        }
        image.save();
        return image;
    }

    public FlashKeyStore store() {
        return store;
    }

    private void save() throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        flash.save(tmp);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private int saved(int status) {
        if (status < 0) {
            return status;
        }
        try {
            save();
            return status;
        } catch (IOException e) {
            return io.tailnode.firmware.hal.HalStatus.ERR_IO;
        }
    }

    @Override
    public int read(int type, byte[] buf, int off, int maxLen) {
        return store.read(type, buf, off, maxLen);
    }

    @Override
    public int write(int type, byte[] buf, int off, int len) {
        return saved(store.write(type, buf, off, len));
    }

    @Override
    public int delete(int type) {
        return saved(store.delete(type));
    }

    /**
     * The store's idle maintenance as the loop's idle work: switches the store to it (writes never erase) and
     * saves the image after each step, like a write.
     *
     * @param worstCaseMillis the simulated board's worst erase or collection step, ms
     */
    public io.tailnode.firmware.loop.IdleWork idleWork(int worstCaseMillis) {
        store.setIdleMaintenance(true);
        return new io.tailnode.firmware.loop.IdleWork() {
            @Override
            public int runIdle(long nowMs) {
                int rc = store.maintain();
                return rc == 0 ? 0 : saved(rc);
            }

            @Override
            public boolean pending() {
                return store.maintenancePending();
            }

            @Override
            public int worstCaseMillis() {
                return worstCaseMillis;
            }
        };
    }
}
