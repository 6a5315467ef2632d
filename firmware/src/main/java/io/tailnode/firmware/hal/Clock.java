package io.tailnode.firmware.hal;

/**
 * Time as the board has it. Monotonic time never goes backwards while powered (ej.bon.Util.platformTimeMillis);
 * wall time may be unknown after a reset on boards without a battery-backed RTC, hence {@link #wallTrusted()}.
 * The firmware derives WireGuard's TAI64N from both plus a floor persisted in the key store.
 */
public interface Clock {
    /** Milliseconds since an arbitrary origin at boot; never decreases. */
    long monotonicMillis();

    /** Milliseconds since the Unix epoch as the board believes it; meaningful only if {@link #wallTrusted()}. */
    long wallMillis();

    /** True once wall time came from a trusted source (RTC kept across resets, authenticated ControlTime). */
    boolean wallTrusted();

    /** Sets wall time (from an authenticated source) and marks it trusted. */
    void setWallMillis(long unixMillis);
}
