package io.tailnode.control.client;

/**
 * Why the {@link ControlClient} dropped a connection or backed off: negative codes, one per cause, counted by
 * the client (array indexed by {@code -code}, {@link #COUNT} entries).
 */
public final class ControlClientReason {
    /** The transport failed to connect or closed. */
    public static final int TRANSPORT_CLOSED = -1;
    /** HTTP upgrade or Noise channel failed (see the channel's reason). */
    public static final int CHANNEL_FAILED = -2;
    /** HTTP/2 connection error or GOAWAY. */
    public static final int H2_FAILED = -3;
    /** A request stream was reset by the server. */
    public static final int STREAM_RESET = -4;
    /** A response status other than 200 (429 is counted apart). */
    public static final int HTTP_STATUS = -5;
    /** HTTP 429: rate limited; Retry-After honoured. */
    public static final int RATE_LIMITED = -6;
    /** RegisterResponse malformed or over its bound. */
    public static final int BAD_REGISTER_RESPONSE = -7;
    /** RegisterResponse.Error was non-empty. */
    public static final int REGISTER_ERROR = -8;
    /** A map frame failed to parse (the netmap kept the previous state). */
    public static final int MAP_FRAME_REJECTED = -9;
    /** No map frame or keep-alive for the watchdog period (120 s). */
    public static final int WATCHDOG = -10;
    /** Connect, handshake or a request took longer than its timeout. */
    public static final int TIMEOUT = -11;
    /** The map stream ended (server closed it). */
    public static final int MAP_ENDED = -12;
    /** Interactive approval needed (AuthURL). */
    public static final int NEEDS_AUTH = -13;
    /** A request did not fit the client's buffers, or identity keys could not be read. */
    public static final int LOCAL_ERROR = -14;
    /** The node key expired: rotated and re-registering. */
    public static final int KEY_EXPIRED = -15;

    public static final int COUNT = 16;

    private static final String[] NAMES = {"ok", "transport-closed", "channel-failed", "h2-failed", "stream-reset",
        "http-status", "rate-limited", "bad-register-response", "register-error", "map-frame-rejected", "watchdog",
        "timeout", "map-ended", "needs-auth", "local-error", "key-expired"};

    private ControlClientReason() {
    }

    public static String name(int reason) {
        int i = -reason;
        return i >= 0 && i < NAMES.length ? NAMES[i] : "unknown";
    }
}
