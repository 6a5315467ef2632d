package io.tailnode.firmware;

import io.tailnode.crypto.X25519;
import io.tailnode.firmware.config.ConfigStatus;
import io.tailnode.firmware.config.DeviceConfig;
import io.tailnode.firmware.config.ProvisioningRecord;
import io.tailnode.firmware.entropy.Drbg;
import io.tailnode.firmware.entropy.KeyGenerator;
import io.tailnode.firmware.hal.Clock;
import io.tailnode.firmware.hal.Entropy;
import io.tailnode.firmware.hal.HalStatus;
import io.tailnode.firmware.keystore.RecordStore;
import io.tailnode.firmware.keystore.RecordTypes;
import io.tailnode.firmware.log.LogEvents;
import io.tailnode.firmware.log.LogLevel;
import io.tailnode.firmware.log.Logger;
import io.tailnode.firmware.time.ClockFloor;
import io.tailnode.firmware.time.Tai64nClock;
import io.tailnode.lang.Bytes;

/**
 * The device platform at boot, in order: provisioning record over the build defaults, DRBG seeded and
 * health-tested, identity keys created at first boot (never shipped in an image), TAI64N clock booted from the
 * persisted floor. Later layers (WireGuard, control) take their keys, randomness and time from here.
 * <p>
 * The store, HALs and logger are handed in, so the same sequence runs on the board and in the simulator.
 * Allocation happens in the constructor only. Not thread-safe: the event loop owns it.
 */
public final class DevicePlatform {
    /** Boot failed because the entropy source failed its health tests: no identity can be trusted this boot. */
    public static final int ERR_ENTROPY = HalStatus.ERR_ENTROPY_HEALTH;
    /** Clock floor lease renewed when less than this remains (the lease itself comes from the configuration). */
    private static final long FLOOR_RENEW_BEFORE_MS = 300000L;
    /** Assumed min-entropy per raw TRNG byte until the board's source has an SP 800-90B assessment. */
    private static final int ENTROPY_BITS_PER_BYTE = 4;
    private static final byte[] PERSONALIZATION = {'t', 'a', 'i', 'l', 'n', 'o', 'd', 'e', '/', 'd', 'r', 'b', 'g'};

    private final RecordStore store;
    private final Clock clock;
    private final Logger log;
    private final DeviceConfig config;
    private final ProvisioningRecord provisioning = new ProvisioningRecord();
    private final Drbg drbg;
    private final KeyGenerator keys;
    private final Tai64nClock tai64n;
    private final X25519 x25519 = new X25519();
    private final byte[] secret = new byte[KeyGenerator.KEY_LENGTH];
    private boolean provisioned;

    /**
     * @param config holds the build-time defaults; the provisioning record is applied over it at {@link #boot}
     * @param buildTimeUnixMillis a time the device is certainly past (lower bound for the clock at first boot)
     */
    public DevicePlatform(RecordStore store, Entropy entropy, Clock clock, Logger log, DeviceConfig config,
            long buildTimeUnixMillis) {
        this.store = store;
        this.clock = clock;
        this.log = log;
        this.config = config;
        this.drbg = new Drbg(entropy, ENTROPY_BITS_PER_BYTE, config.drbgReseedInterval(), 1L << 20, false);
        this.keys = new KeyGenerator(drbg, store);
        this.tai64n = new Tai64nClock(new ClockFloor(store), config.clockFloorLeaseMillis(), FLOOR_RENEW_BEFORE_MS,
                buildTimeUnixMillis);
    }

    /**
     * Runs the boot sequence. Returns OK, or the first fatal error: {@link #ERR_ENTROPY} (no keys made, nothing
     * written), a key-store error, or a clock error. An invalid or missing provisioning record is not fatal: the
     * defaults stay and it is logged.
     */
    public int boot() {
        long now = clock.monotonicMillis();
        log.log(LogLevel.INFO, LogEvents.BOOT, now);
        int p = provisioning.load(store, config);
        provisioned = p == ConfigStatus.OK;
        if (provisioned) {
            log.log(LogLevel.INFO, LogEvents.PROVISIONING_LOADED, now);
        } else if (p != RecordStore.NOT_FOUND) {
            log.log(LogLevel.ERROR, LogEvents.PROVISIONING_REJECTED, now, p);
        }
        int s = drbg.start(PERSONALIZATION, 0, PERSONALIZATION.length);
        if (s != HalStatus.OK) {
            log.log(LogLevel.ERROR, LogEvents.ENTROPY_FAILED, now, drbg.failureCause());
            return ERR_ENTROPY;
        }
        int created = keys.ensureKeys();
        if (created < 0) {
            log.log(LogLevel.ERROR, created == HalStatus.ERR_ENTROPY_HEALTH ? LogEvents.ENTROPY_FAILED : LogEvents.STORE_ERROR,
                    now, created);
            return created;
        }
        log.log(LogLevel.INFO, created == 0 ? LogEvents.KEYS_LOADED : LogEvents.KEYS_CREATED, now, created);
        int c = tai64n.boot(clock);
        if (c < 0) {
            log.log(LogLevel.ERROR, LogEvents.CLOCK_ERROR, now, c);
            return c;
        }
        long floor = tai64n.floorMillis();
        // No floor yet on a device that has not handed out a timestamp: log 0 rather than Long.MIN_VALUE.
        log.log(LogLevel.INFO, LogEvents.CLOCK_BOOTED, now, floor == Long.MIN_VALUE ? 0 : floor, tai64n.isWallTrusted() ? 1 : 0);
        return HalStatus.OK;
    }

    /** True if a valid provisioning record was applied at boot. */
    public boolean isProvisioned() {
        return provisioned;
    }

    /** Writes the node's public key (WireGuard identity); returns 32 or a negative store code. */
    public int nodePublicKey(byte[] out, int off) {
        return publicKeyOf(RecordTypes.NODE_KEY, out, off);
    }

    /** Writes the machine's public key (identity towards the control server); returns 32 or a negative code. */
    public int machinePublicKey(byte[] out, int off) {
        return publicKeyOf(RecordTypes.MACHINE_KEY, out, off);
    }

    private int publicKeyOf(int type, byte[] out, int off) {
        int n = store.read(type, secret, 0, secret.length);
        if (n == KeyGenerator.KEY_LENGTH) {
            x25519.publicKey(out, off, secret, 0);
        }
        Bytes.wipe(secret, 0, secret.length);
        return n < 0 ? n : n == KeyGenerator.KEY_LENGTH ? n : KeyGenerator.ERR_CORRUPT_KEY;
    }

    public DeviceConfig config() {
        return config;
    }

    public Drbg drbg() {
        return drbg;
    }

    public Tai64nClock tai64n() {
        return tai64n;
    }

    public KeyGenerator keys() {
        return keys;
    }
}
