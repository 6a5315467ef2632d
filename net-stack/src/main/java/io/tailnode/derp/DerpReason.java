package io.tailnode.derp;

/**
 * Why the DERP client refused input or a call: negative {@code int} codes (a counter array indexed by
 * {@code -code} has {@link #COUNT} entries). Codes returned by {@link DerpClient#receive} and {@link DerpClient#poll}
 * close the connection: the driver drops the TLS connection and reconnects at {@link DerpClient#reconnectAt}.
 * Codes from calls that send (WOULD_BLOCK, BAD_STATE, TOO_LARGE, BAD_ARGUMENT) change nothing.
 */
public final class DerpReason {
    public static final int OK = 0;
    /** Output buffer full: nothing was queued; retry after the driver drained {@link DerpClient#outputBuffer}. */
    public static final int WOULD_BLOCK = -1;
    /** The call is not valid in this state (e.g. send before the ServerKey arrived, receive when closed). */
    public static final int BAD_STATE = -2;
    /** Packet larger than the configured maximum (or than a DERP packet may be). */
    public static final int TOO_LARGE = -3;
    /** Argument out of range (host empty, too long or with bytes that would break the request line). */
    public static final int BAD_ARGUMENT = -4;
    /** Upgrade answered with a status other than 101. */
    public static final int HTTP_STATUS = -5;
    /** Upgrade status or header line malformed. */
    public static final int HTTP_MALFORMED = -6;
    /** Upgrade header block longer than the parser's bound. */
    public static final int HTTP_HEADER_TOO_LONG = -7;
    /** 101 without {@code Upgrade: DERP} and a {@code Connection} header holding {@code upgrade}. */
    public static final int HTTP_NOT_UPGRADED = -8;
    /** Frame length above the protocol bound (1 MiB, as Go's client): a corrupted or hostile stream. */
    public static final int FRAME_TOO_LARGE = -9;
    /** Frame shorter than its type requires (truncated ServerKey, RecvPacket without a key, ...). */
    public static final int FRAME_TRUNCATED = -10;
    /** ServerKey without the "DERP🔑" magic. */
    public static final int BAD_MAGIC = -11;
    /** A frame not allowed in this state (second ServerKey, ServerInfo before ClientInfo, packet before login). */
    public static final int UNEXPECTED_FRAME = -12;
    /** ServerInfo box did not open with our node key and the server key: forged or corrupted. */
    public static final int BAD_SERVER_INFO = -13;
    /** The server's key is a low-order point (X25519 result all zero). */
    public static final int BAD_SERVER_KEY = -14;
    /** ServerKey frame key differs from the {@code Derp-Public-Key} of the 101 response. */
    public static final int SERVER_KEY_MISMATCH = -15;
    /** Nothing received for the keep-alive timeout (server keep-alives every 60 s, two missed = dead). */
    public static final int KEEPALIVE_TIMEOUT = -16;
    /** Login (upgrade, ServerKey, ServerInfo) not completed within the handshake timeout. */
    public static final int HANDSHAKE_TIMEOUT = -17;
    /** The server announced Restarting, then the connection closed: reconnect after the advertised delay. */
    public static final int SERVER_RESTARTING = -18;
    /** The transport (TCP/TLS) closed or failed; reported by the driver through {@link DerpClient#transportClosed}. */
    public static final int TRANSPORT_CLOSED = -19;
    /** The connection was closed by an earlier error; {@link DerpClient#closeReason} holds it. */
    public static final int CLOSED = -20;

    /** Size of a counter array indexed by {@code -code}. */
    public static final int COUNT = 21;

    private DerpReason() {
    }
}
