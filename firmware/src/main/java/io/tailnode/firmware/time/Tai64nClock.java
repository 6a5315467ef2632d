package io.tailnode.firmware.time;

import io.tailnode.crypto.Tai64n;
import io.tailnode.firmware.hal.Clock;
import io.tailnode.firmware.hal.HalStatus;
import io.tailnode.lang.HotPath;

/**
 * WireGuard's handshake timestamp source (whitepaper §5.4.2): whitened TAI64N that never goes backwards for the
 * life of the device, also across reboots of a board without an RTC. Sans-I/O: the caller passes the
 * monotonic time ({@link Clock#monotonicMillis()}) into every call.
 * <p>
 * time(m) = base + (m - baseMono). At {@link #boot}: base = max(wall if trusted, F + {@link #REBOOT_STEP_MS},
 * minimum), F the persisted {@link ClockFloor}. Invariant: no timestamp above the <em>stored</em> floor is ever
 * handed out; before one would be, the floor is rewritten to time + lease ({@link ClockFloor#store}), and if that
 * write fails {@link #now} returns an error instead. Hence every timestamp of earlier boots is at most F, and
 * every timestamp of this boot is at least F + 17 ms, which after whitening (2^24 ns buckets, about 16.8 ms,
 * aligned within each second) is a strictly later TAI64N label.
 * <p>
 * The lease is renewed when less than {@code renewBefore} of it is left: by {@link #poll} in the background if
 * timestamps were handed out under the current lease (so a handshake rarely waits for flash), and by
 * {@link #now} if needed. An idle device does not write at all. Cost of the design: without a trusted wall
 * clock each reboot moves the device's time forward by up to one lease (the floor is ahead of real time by at
 * most the lease); trusted wall time later never moves it back ({@link #setWallTime} is forward-only).
 * <p>
 * Within one boot timestamps are non-decreasing, not strictly increasing: two calls in the same 16.8 ms bucket
 * get equal labels (as with wireguard-go; initiations are at least 5 s apart per peer anyway).
 * Allocation-free after construction. Not thread-safe: the event loop owns it.
 */
public final class Tai64nClock {
    /** {@link #now} before {@link #boot} succeeded. */
    public static final int ERR_NOT_BOOTED = -41;
    /**
     * Gap above the old floor at boot: larger than one whitening bucket (2^24 ns = 16.78 ms), so the first label
     * of a boot is strictly greater than any label up to the floor.
     */
    public static final long REBOOT_STEP_MS = 17;

    private final ClockFloor floor;
    private final long leaseMillis;
    private final long renewBeforeMillis;
    private final long minimumUnixMillis;

    private long baseUnix;
    private long baseMono;
    private long lastMono;
    private boolean booted;
    private boolean trusted;
    /** A timestamp was handed out since the last floor write: worth renewing the lease in the background. */
    private boolean inUse;

    /**
     * @param floor the persisted floor
     * @param leaseMillis how far ahead of the current time the floor is written (e.g. 3,600,000)
     * @param renewBeforeMillis renew when less than this is left of the lease (e.g. 300,000)
     * @param minimumUnixMillis a time the device is certainly past (the firmware's build time); a lower bound at
     *        first boot
     */
    public Tai64nClock(ClockFloor floor, long leaseMillis, long renewBeforeMillis, long minimumUnixMillis) {
        if (floor == null || leaseMillis < 1000 || renewBeforeMillis < 0 || renewBeforeMillis >= leaseMillis) {
            throw new IllegalArgumentException("bad clock settings");
        }
        this.floor = floor;
        this.leaseMillis = leaseMillis;
        this.renewBeforeMillis = renewBeforeMillis;
        this.minimumUnixMillis = minimumUnixMillis;
    }

    /**
     * Reads the floor and sets the time base. Writes nothing: the first {@link #now} (or {@link #poll} after
     * one) writes the new lease.
     *
     * @param monotonicNowMs the monotonic clock now
     * @param wallMillis the board's wall clock (ignored unless {@code wallTrusted})
     * @param wallTrusted whether the wall clock is trustworthy (battery-backed RTC)
     * @return {@link HalStatus#OK}, or the floor's read error (then {@link #now} keeps failing; boot may be retried)
     */
    public int boot(long monotonicNowMs, long wallMillis, boolean wallTrusted) {
        int st = floor.load();
        if (st != HalStatus.OK) {
            booted = false;
            return st;
        }
        long base = minimumUnixMillis;
        if (floor.isPresent() && floor.value() + REBOOT_STEP_MS > base) {
            base = floor.value() + REBOOT_STEP_MS;
        }
        if (wallTrusted && wallMillis > base) {
            base = wallMillis;
        }
        baseUnix = base;
        baseMono = monotonicNowMs;
        lastMono = monotonicNowMs;
        trusted = wallTrusted;
        inUse = false;
        booted = true;
        return HalStatus.OK;
    }

    /** {@link #boot(long, long, boolean)} reading the three values from the Clock HAL. */
    public int boot(Clock clock) {
        return boot(clock.monotonicMillis(), clock.wallMillis(), clock.wallTrusted());
    }

    /**
     * Writes the whitened TAI64N of now to {@code out[off..off+12)}, renewing the floor first if the lease is
     * about to run out.
     *
     * @return {@link Tai64n#LENGTH}; or {@link #ERR_NOT_BOOTED}, or the store's error if the floor could not be
     *         advanced and now is beyond it (nothing written then)
     */
    @HotPath
    public int now(byte[] out, int off, long monotonicNowMs) {
        if (!booted) {
            return ERR_NOT_BOOTED;
        }
        long t = current(monotonicNowMs);
        if (!floor.isPresent() || t + renewBeforeMillis > floor.value()) {
            int st = floor.store(t + leaseMillis);
            if (st != HalStatus.OK && (!floor.isPresent() || t > floor.value())) {
                return st;
            }
            // This stamp is covered by the lease just written; only later stamps make a background renewal useful.
            inUse = st != HalStatus.OK;
        } else {
            inUse = true;
        }
        Tai64n.encode(t, 0, true, out, off);
        return Tai64n.LENGTH;
    }

    /**
     * Event-loop housekeeping: renews the lease early if timestamps are in use and it runs out within
     * {@code renewBefore}, so {@link #now} does not wait for flash.
     *
     * @return {@link HalStatus#OK}, 1 if the floor was written, or the store's error
     */
    @HotPath
    public int poll(long monotonicNowMs) {
        if (!booted || !inUse) {
            return HalStatus.OK;
        }
        long t = current(monotonicNowMs);
        if (floor.isPresent() && t + renewBeforeMillis <= floor.value()) {
            return HalStatus.OK;
        }
        int st = floor.store(t + leaseMillis);
        if (st != HalStatus.OK) {
            return st;
        }
        inUse = false;
        return 1;
    }

    /**
     * Unix milliseconds on the same never-decreasing scale (for expiry checks and logs). Does not touch the
     * floor, so unlike {@link #now} its values are not protected against going back across a reboot.
     *
     * @return the time, or {@link Long#MIN_VALUE} before {@link #boot}
     */
    @HotPath
    public long unixMillis(long monotonicNowMs) {
        if (!booted) {
            return Long.MIN_VALUE;
        }
        return current(monotonicNowMs);
    }

    /**
     * Wall time from an authenticated source (the control server's ControlTime): marks the clock trusted and
     * moves the time forward to it if it is ahead; never backward (a time already handed out stays the past).
     *
     * @return 1 if the time moved forward, 0 if not (wall time behind), {@link #ERR_NOT_BOOTED}
     */
    @HotPath
    public int setWallTime(long unixMillis, long monotonicNowMs) {
        if (!booted) {
            return ERR_NOT_BOOTED;
        }
        trusted = true;
        long t = current(monotonicNowMs);
        if (unixMillis <= t) {
            return 0;
        }
        baseUnix = unixMillis;
        baseMono = lastMono;
        return 1;
    }

    /** time(m), with m clamped to the largest monotonic time seen, so a misbehaving caller cannot turn it back. */
    @HotPath
    private long current(long monotonicNowMs) {
        if (monotonicNowMs > lastMono) {
            lastMono = monotonicNowMs;
        }
        return baseUnix + (lastMono - baseMono);
    }

    /** Whether the time base came from a trusted wall clock (RTC at boot or {@link #setWallTime}). */
    public boolean isWallTrusted() {
        return trusted;
    }

    public boolean isBooted() {
        return booted;
    }

    /** The stored floor (Unix ms), or {@link Long#MIN_VALUE} if none yet. */
    public long floorMillis() {
        return floor.isPresent() ? floor.value() : Long.MIN_VALUE;
    }
}
