package io.tailnode.wg;

/**
 * WireGuard constants. "Specification" values come from the whitepaper §5.4 and §6 (table in
 * shared wireguard.md §1–§3); "implementation" values are this project's choices. Capacities (peers, allowed
 * IPs, sessions) are not constants: they come from the configuration object.
 */
public final class WgConstants {
    // ---- specification: message types and sizes (whitepaper §5.4; all header integers little-endian) ----
    public static final int TYPE_INITIATION = 1;
    public static final int TYPE_RESPONSE = 2;
    public static final int TYPE_COOKIE_REPLY = 3;
    public static final int TYPE_TRANSPORT = 4;
    public static final int INITIATION_SIZE = 148;
    public static final int RESPONSE_SIZE = 92;
    public static final int COOKIE_REPLY_SIZE = 64;
    /** Transport header: type 4 + receiver 4 + counter 8; the encrypted payload and 16-byte tag follow. */
    public static final int TRANSPORT_HEADER_SIZE = 16;
    public static final int TAG_SIZE = 16;
    /** A transport message with an empty payload is a keepalive. */
    public static final int KEEPALIVE_SIZE = TRANSPORT_HEADER_SIZE + TAG_SIZE;
    /** Plaintext is zero-padded to a multiple of this before encryption. */
    public static final int PADDING_MULTIPLE = 16;
    public static final int KEY_SIZE = 32;
    public static final int MAC_SIZE = 16;
    public static final int COOKIE_SIZE = 16;
    public static final int COOKIE_NONCE_SIZE = 24;
    public static final int TAI64N_SIZE = 12;

    // ---- specification: message and time limits (whitepaper §6.1–§6.4) ----
    public static final long REKEY_AFTER_MESSAGES = 1L << 60;
    /** 2^64 - 2^13 - 1 as an unsigned 64-bit value (compare with Long.compareUnsigned semantics). */
    public static final long REJECT_AFTER_MESSAGES = -(1L << 13) - 1;
    public static final long REKEY_AFTER_TIME_MS = 120000L;
    public static final long REJECT_AFTER_TIME_MS = 180000L;
    public static final long REKEY_ATTEMPT_TIME_MS = 90000L;
    public static final long REKEY_TIMEOUT_MS = 5000L;
    /** Upper bound of the random jitter added to REKEY_TIMEOUT (wireguard-go: 334 ms). */
    public static final long REKEY_TIMEOUT_JITTER_MAX_MS = 334L;
    public static final long KEEPALIVE_TIMEOUT_MS = 10000L;
    public static final long COOKIE_REFRESH_TIME_MS = 120000L;
    /** All keys of a peer are zeroed after 3 x REJECT_AFTER_TIME without a new session. */
    public static final long WIPE_AFTER_TIME_MS = 3 * REJECT_AFTER_TIME_MS;

    // ---- specification: strings (whitepaper §5.4) ----
    /** "Noise_IKpsk2_25519_ChaChaPoly_BLAKE2s" in ASCII. */
    public static final String CONSTRUCTION = "Noise_IKpsk2_25519_ChaChaPoly_BLAKE2s";
    /** "WireGuard v1 zx2c4 Jason@zx2c4.com", also the Noise prologue. */
    public static final String IDENTIFIER = "WireGuard v1 zx2c4 Jason@zx2c4.com";
    public static final String LABEL_MAC1 = "mac1----";
    public static final String LABEL_COOKIE = "cookie--";

    // ---- implementation ----
    /** Replay window in bits (RFC 6479 ring of 64-bit words; one word is never usable, so 2048 usable bits). */
    public static final int REPLAY_WINDOW_BITS = 2048 + 64;
    /** Handshake rate limit per source: tokens per second and burst (as the Linux kernel does). */
    public static final int HANDSHAKES_PER_SECOND = 20;
    public static final int HANDSHAKE_BURST = 5;

    // ---- added by the session layer (derived from the specification values above) ----
    /**
     * Whitepaper §6.2: as initiator, a packet received on a keypair this old triggers a new handshake
     * (REJECT_AFTER_TIME - KEEPALIVE_TIMEOUT - REKEY_TIMEOUT = 165 s).
     */
    public static final long REKEY_ON_RECEIVE_AGE_MS = REJECT_AFTER_TIME_MS - KEEPALIVE_TIMEOUT_MS - REKEY_TIMEOUT_MS;
    /** Whitepaper §6.5: no reply to sent data for KEEPALIVE_TIMEOUT + REKEY_TIMEOUT (15 s) -> new handshake. */
    public static final long NEW_HANDSHAKE_AFTER_SILENCE_MS = KEEPALIVE_TIMEOUT_MS + REKEY_TIMEOUT_MS;

    private WgConstants() {
    }
    // ---- handshake layer (added with Handshake, CookieChecker, CookieGenerator, RateLimiter) ----
    /**
     * A received cookie is used for mac2 only while younger than COOKIE_REFRESH_TIME minus this latency (the
     * kernel's COOKIE_SECRET_LATENCY): the responder's secret may already have aged while the reply travelled.
     */
    public static final long COOKIE_SECRET_LATENCY_MS = 5000L;
    /** wireguard-go's per-peer flood limit: at most one accepted initiation per 1/50 s from one peer. */
    public static final long INITIATION_MIN_INTERVAL_MS = 1000L / 50;
    /** Token-bucket cost of one handshake message: 1 s / HANDSHAKES_PER_SECOND (50 ms). */
    public static final long RATE_LIMIT_PACKET_COST_MS = 1000L / HANDSHAKES_PER_SECOND;
    /** A rate-limit entry idle this long is as good as new (its bucket is full) and may be evicted. */
    public static final long RATE_LIMIT_ENTRY_TTL_MS = 1000L;
    /** "Under load" is sticky for this long after the threshold was crossed (the kernel's 1 s). */
    public static final long UNDER_LOAD_HOLD_MS = 1000L;

    // ---- handshake "source" (cookie input, rate-limit key); encoding in SourceAddress ----
    /** Source kind byte: UDP over IPv4, followed by 4 address bytes and the 2-byte big-endian port. */
    public static final int SOURCE_KIND_IPV4 = 4;
    /** Source kind byte: UDP over IPv6, followed by 16 address bytes and the 2-byte big-endian port. */
    public static final int SOURCE_KIND_IPV6 = 6;
    /** Source kind byte: relayed by DERP, followed by the 32-byte sender node public key the relay reported. */
    public static final int SOURCE_KIND_DERP = 0x44;
    public static final int SOURCE_IPV4_SIZE = 1 + 4 + 2;
    public static final int SOURCE_IPV6_SIZE = 1 + 16 + 2;
    public static final int SOURCE_DERP_SIZE = 1 + KEY_SIZE;
    /** Largest encoded source: callers size their source buffer with this. */
    public static final int SOURCE_MAX_SIZE = SOURCE_DERP_SIZE;
}
