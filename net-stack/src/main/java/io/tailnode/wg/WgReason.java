package io.tailnode.wg;

/**
 * Why the WireGuard core refused a message or an operation: 0 is success, every reason is a distinct negative
 * {@code int} so the device can keep one drop counter per reason ({@code counters[-reason]}, size
 * {@link #COUNT}) and tests can assert the exact cause. Codes are stable; add new ones before {@link #COUNT}.
 */
public final class WgReason {
    public static final int OK = 0;

    // ---- wire format (io.tailnode.wg.wire check()) ----
    /** Shorter than the message's fixed size (or than the transport header plus tag). */
    public static final int TRUNCATED = -1;
    /** Longer than the message's fixed size. */
    public static final int WRONG_SIZE = -2;
    /** The type byte is not the one this view decodes. */
    public static final int BAD_TYPE = -3;
    /** One of the three reserved bytes after the type is not zero. */
    public static final int BAD_RESERVED = -4;

    // ---- cookies and load (whitepaper §5.4.4, §5.4.7) ----
    /** mac1 does not verify under our static public key: dropped before any DH. */
    public static final int INVALID_MAC1 = -5;
    /** Under load and mac2 is missing or wrong: answer with a cookie reply instead of a DH. */
    public static final int NEED_COOKIE = -6;
    /** A cookie reply that answers no message we have outstanding (or answers an older one). */
    public static final int COOKIE_STALE = -7;
    /** The per-source token bucket is empty (20/s, burst 5). */
    public static final int RATE_LIMITED = -8;

    // ---- handshake (whitepaper §5.4.2, §5.4.3) ----
    /** An AEAD inside the handshake did not authenticate (wrong keys, corrupted message). */
    public static final int DECRYPT_FAILED = -9;
    /** The decrypted static key belongs to no configured peer. */
    public static final int UNKNOWN_PEER = -10;
    /** The TAI64N is not strictly newer than the last one accepted from this peer (replayed initiation). */
    public static final int REPLAYED_TIMESTAMP = -11;
    /** A Diffie-Hellman result was all zero (low-order point): rejected as the kernel does. */
    public static final int ZERO_DH = -12;
    /** The peer's handshake is not in the state this message or call needs. */
    public static final int WRONG_STATE = -13;
    /** The receiver index names no handshake or session of ours. */
    public static final int UNKNOWN_INDEX = -14;
    /** A fixed-capacity table (indices, rate-limit entries) has no free entry. */
    public static final int TABLE_FULL = -15;
    /** More than one initiation per 1/50 s from one peer (wireguard-go's per-peer flood limit). */
    public static final int INITIATION_FLOOD = -16;

    /** Number of codes including OK: size of a counter array indexed by {@code -reason}. */
    public static final int COUNT = 17;

    private WgReason() {
    }
}
