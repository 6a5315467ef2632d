package io.tailnode.control.noise;

/**
 * Why the ts2021 control channel (tailscale-protocol.md §2.2–§2.4) refused input or a call: negative
 * {@code int} codes, one per way of being wrong, so tests and a counter array indexed by {@code -code}
 * ({@link #COUNT} entries) can tell them apart. Every code from {@link ControlChannel} poisons the channel
 * (§2.3: "any decrypt failure or partial write poisons the connection"; the caller closes TCP and redoes
 * the handshake); {@link ControlHandshake#readResponse} leaves the handshake state untouched on rejection.
 */
public final class ControlReason {
    /** Output buffer too small for the message or records; nothing was written, nothing changed. */
    public static final int OUT_TOO_SMALL = -1;
    /** Capability version outside 0..65535 (it travels as a uint16, §2.3). */
    public static final int BAD_VERSION = -2;
    /** An X25519 result was all zero (low-order point from the server, RFC 7748 §6.1). */
    public static final int ZERO_DH = -3;
    /** Message type not the one expected here (§2.3 types: 2 response, 4 record). */
    public static final int BAD_TYPE = -4;
    /** Length field wrong for the type (response must be 48; record 16..4093) or message truncated. */
    public static final int BAD_LENGTH = -5;
    /** AEAD tag did not verify: forged, corrupted, replayed or reordered (nonces are implicit counters). */
    public static final int BAD_TAG = -6;
    /** The server answered with a type-3 error message (plaintext, untrusted); see {@link ControlChannel#errorText}. */
    public static final int SERVER_ERROR = -7;
    /** Early payload length above {@link ControlChannel#MAX_EARLY_PAYLOAD} (§2.4; Go caps 10 MiB, Rust 1 KiB). */
    public static final int EARLY_PAYLOAD_TOO_LARGE = -8;
    /** A nonce counter reached 2^64-1, which controlbase forbids (§2.3). */
    public static final int COUNTER_EXHAUSTED = -9;
    /** The call is not valid in the current state (e.g. write before the handshake, response twice). */
    public static final int BAD_STATE = -10;
    /** The application sink (HTTP/2 client) returned a negative code; see {@link ControlChannel#sinkError}. */
    public static final int SINK_FAILED = -11;
    /** The channel was poisoned by an earlier error; every later call returns this. */
    public static final int POISONED = -12;
    /** HTTP upgrade: status other than 101 ({@link UpgradeResponse#status} holds it). */
    public static final int HTTP_STATUS = -13;
    /** HTTP upgrade: status line or header line malformed. */
    public static final int HTTP_MALFORMED = -14;
    /** HTTP upgrade: response header block longer than the parser's bound. */
    public static final int HTTP_HEADER_TOO_LONG = -15;
    /** HTTP upgrade: 101 without {@code Upgrade: tailscale-control-protocol} and {@code Connection: upgrade}. */
    public static final int HTTP_NOT_UPGRADED = -16;
    /** Host name empty, too long or containing bytes that would break the request line (header injection). */
    public static final int BAD_HOST = -17;
    /** Input plaintext/argument length negative or over the bound. */
    public static final int BAD_ARGUMENT = -18;

    /** Size of a counter array indexed by {@code -code}. */
    public static final int COUNT = 19;

    private ControlReason() {
    }
}
