package io.tailnode.firmware.entropy;

import io.tailnode.firmware.hal.Entropy;
import io.tailnode.firmware.hal.HalStatus;
import io.tailnode.lang.Bytes;
import io.tailnode.lang.HotPath;

/**
 * The firmware's only source of randomness: an {@link HmacDrbg} seeded from the {@link Entropy} HAL through the
 * SP 800-90B §4.4 {@link HealthTests}, with reseeding by policy and on demand.
 * <p>
 * Seeding (SP 800-90A §8.6.7, §10.1.2.3): at {@link #start} 1,024 raw bytes are first run through the health
 * tests and discarded (90B §4.3 start-up testing), then entropy_input and nonce come from the source together,
 * {@code ceil(384 / H)} raw bytes for 256 + 128 bits of min-entropy at the assumed H bits per byte, plus the
 * caller's personalization string (a device-unique value such as the MCU's unique ID; not secret, only
 * separates devices that were given equal seeds). A reseed takes {@code ceil(256 / H)} bytes.
 * <p>
 * Reseeding happens before a request once {@code reseedRequests} requests or {@code reseedBytes} output bytes
 * have been served since the last seed, before every request with prediction resistance, and on
 * {@link #reseed}.
 * <p>
 * Failure is final for this boot: a health-test failure, a HAL error flag or a short read moves the DRBG to the
 * failed state, K and V are erased, and every later {@link #generate} zeroes its output range and returns
 * {@link HalStatus#ERR_ENTROPY_HEALTH}. There is no fallback source, by design: no key is better than a
 * guessable one. {@link #failureCause()} says why (no secret in it).
 * <p>
 * All buffers are allocated by the constructor; {@link #generate} allocates nothing. Not thread-safe: one
 * instance, owned by the event loop.
 */
public final class Drbg {
    /** {@link #generate} before {@link #start}: nothing produced, output zeroed. */
    public static final int ERR_NOT_STARTED = -20;

    /** {@link #failureCause()}: not failed. */
    public static final int CAUSE_NONE = 0;
    /** The Repetition Count Test failed. */
    public static final int CAUSE_RCT = HealthTests.FAILED_RCT;
    /** The Adaptive Proportion Test failed. */
    public static final int CAUSE_APT = HealthTests.FAILED_APT;
    /** The HAL reported a fault ({@link HalStatus#ERR_IO}) or returned fewer bytes than asked. */
    public static final int CAUSE_HAL = 3;

    /** 90B §4.3: health-test at least 1,024 consecutive samples before the first use. */
    public static final int STARTUP_SAMPLES = 1024;

    private static final int SECURITY_BITS = 256;
    private static final int NONCE_BITS = 128;

    private final Entropy source;
    private final HealthTests health;
    private final HmacDrbg mechanism = new HmacDrbg();
    /** Raw source bytes: entropy_input || nonce at instantiation, entropy_input at reseed. */
    private final byte[] raw;
    private final int seedLength;
    private final int reseedLength;
    private final long reseedRequests;
    private final long reseedBytes;
    private final boolean predictionResistance;

    private long bytesSinceSeed;
    private long requestsSinceSeed;
    private long reseeds;
    private boolean started;
    private int failureCause = CAUSE_NONE;

    /**
     * @param source the board's TRNG
     * @param minEntropyBitsPerByte assumed min-entropy H of one raw byte (1..8); sets the health-test cutoffs and
     *        how many raw bytes a seed takes
     * @param reseedRequests reseed after this many requests (1..2^48, SP 800-90A's reseed_interval)
     * @param reseedBytes reseed once this many bytes were produced since the last seed
     * @param predictionResistance reseed from the source before every request (costs a source read each time)
     */
    public Drbg(Entropy source, int minEntropyBitsPerByte, long reseedRequests, long reseedBytes,
            boolean predictionResistance) {
        if (source == null || reseedRequests < 1 || reseedRequests > (1L << 48) || reseedBytes < 1) {
            throw new IllegalArgumentException("bad DRBG settings");
        }
        this.source = source;
        this.health = new HealthTests(minEntropyBitsPerByte);
        this.seedLength = (SECURITY_BITS + NONCE_BITS + minEntropyBitsPerByte - 1) / minEntropyBitsPerByte;
        this.reseedLength = (SECURITY_BITS + minEntropyBitsPerByte - 1) / minEntropyBitsPerByte;
        this.raw = new byte[seedLength];
        this.reseedRequests = reseedRequests;
        this.reseedBytes = reseedBytes;
        this.predictionResistance = predictionResistance;
    }

    /**
     * Start-up health test and instantiation. Call once at boot.
     *
     * @return {@link HalStatus#OK} or {@link HalStatus#ERR_ENTROPY_HEALTH} (then failed for good)
     */
    public int start(byte[] personalization, int off, int len) {
        if (failureCause != CAUSE_NONE) {
            return HalStatus.ERR_ENTROPY_HEALTH;
        }
        health.reset();
        int tested = 0;
        while (tested < STARTUP_SAMPLES) {
            int n = STARTUP_SAMPLES - tested < raw.length ? STARTUP_SAMPLES - tested : raw.length;
            if (!readSource(n)) {
                return HalStatus.ERR_ENTROPY_HEALTH;
            }
            tested += n;
        }
        if (!readSource(seedLength)) {
            return HalStatus.ERR_ENTROPY_HEALTH;
        }
        int entropyLen = seedLength * SECURITY_BITS / (SECURITY_BITS + NONCE_BITS);
        mechanism.instantiate(raw, 0, entropyLen, raw, entropyLen, seedLength - entropyLen, personalization, off,
                len);
        Bytes.wipe(raw, 0, raw.length);
        bytesSinceSeed = 0;
        requestsSinceSeed = 0;
        started = true;
        return HalStatus.OK;
    }

    /** {@link #generate(byte[], int, int, byte[], int, int)} without additional input. */
    @HotPath
    public int generate(byte[] out, int off, int len) {
        return generate(out, off, len, null, 0, 0);
    }

    /**
     * Writes {@code len} random bytes to {@code out[off..)}, reseeding first if the policy says so. Requests
     * above {@link HmacDrbg#MAX_REQUEST_BYTES} are served as several requests.
     *
     * @return {@code len}; or {@link HalStatus#ERR_ENTROPY_HEALTH} / {@link #ERR_NOT_STARTED}, and then the
     *         whole output range is zeroed, never left with stale or partial bytes
     */
    @HotPath
    public int generate(byte[] out, int off, int len, byte[] additional, int aOff, int aLen) {
        if (len < 0) {
            return HalStatus.ERR_RANGE;
        }
        if (failureCause != CAUSE_NONE || !started) {
            Bytes.wipe(out, off, len);
            return failureCause != CAUSE_NONE ? HalStatus.ERR_ENTROPY_HEALTH : ERR_NOT_STARTED;
        }
        int done = 0;
        while (done < len) {
            int n = len - done < HmacDrbg.MAX_REQUEST_BYTES ? len - done : HmacDrbg.MAX_REQUEST_BYTES;
            if (predictionResistance || requestsSinceSeed >= reseedRequests || bytesSinceSeed + n > reseedBytes) {
                if (reseedFromSource(null, 0, 0) != HalStatus.OK) {
                    Bytes.wipe(out, off, len);
                    return HalStatus.ERR_ENTROPY_HEALTH;
                }
            }
            mechanism.generate(out, off + done, n, additional, aOff, aLen);
            requestsSinceSeed++;
            bytesSinceSeed += n;
            done += n;
        }
        return len;
    }

    /**
     * Reseeds now from the source (e.g. after provisioning, or before generating long-term keys), mixing in
     * {@code additional} if given.
     *
     * @return {@link HalStatus#OK}, {@link HalStatus#ERR_ENTROPY_HEALTH} or {@link #ERR_NOT_STARTED}
     */
    public int reseed(byte[] additional, int off, int len) {
        if (failureCause != CAUSE_NONE) {
            return HalStatus.ERR_ENTROPY_HEALTH;
        }
        if (!started) {
            return ERR_NOT_STARTED;
        }
        return reseedFromSource(additional, off, len);
    }

    @HotPath
    private int reseedFromSource(byte[] additional, int off, int len) {
        if (!readSource(reseedLength)) {
            return HalStatus.ERR_ENTROPY_HEALTH;
        }
        mechanism.reseed(raw, 0, reseedLength, additional, off, len);
        Bytes.wipe(raw, 0, reseedLength);
        bytesSinceSeed = 0;
        requestsSinceSeed = 0;
        reseeds++;
        return HalStatus.OK;
    }

    /** Reads {@code n} raw bytes into {@link #raw} and health-tests them; on any fault enters the failed state. */
    @HotPath
    private boolean readSource(int n) {
        int got = source.fill(raw, 0, n);
        int cause = CAUSE_NONE;
        if (got != n) {
            cause = CAUSE_HAL;
        } else {
            cause = health.check(raw, 0, n);
        }
        if (cause != CAUSE_NONE) {
            fail(cause);
            return false;
        }
        return true;
    }

    @HotPath
    private void fail(int cause) {
        failureCause = cause;
        started = false;
        Bytes.wipe(raw, 0, raw.length);
        mechanism.wipe();
    }

    /** True once a health test or the HAL failed; final until the device restarts. */
    public boolean isFailed() {
        return failureCause != CAUSE_NONE;
    }

    /** {@link #CAUSE_NONE}, {@link #CAUSE_RCT}, {@link #CAUSE_APT} or {@link #CAUSE_HAL}. */
    public int failureCause() {
        return failureCause;
    }

    public boolean isStarted() {
        return started;
    }

    /** Reseeds since {@link #start} (automatic and on demand), for status and tests. */
    public long reseedCount() {
        return reseeds;
    }

    /** Requests served since the last seed. */
    public long requestsSinceSeed() {
        return requestsSinceSeed;
    }

    /** Raw bytes one instantiation takes from the source (after the start-up test). */
    public int seedLength() {
        return seedLength;
    }

    /** Raw bytes one reseed takes from the source. */
    public int reseedLength() {
        return reseedLength;
    }
}
