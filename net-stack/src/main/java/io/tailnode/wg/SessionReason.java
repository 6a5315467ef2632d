package io.tailnode.wg;

/**
 * Why the session layer (sessions, replay window, cryptokey routing) refused a packet: negative {@code int}
 * codes, as specific as boringtun's errors, so each drop can be counted in an array indexed by {@code -code}
 * ({@link #COUNT} entries) and asserted in tests. Handshake and cookie reasons live in the handshake's own
 * class; the codes of the two classes may overlap, so count them in separate arrays.
 */
public final class SessionReason {
    /** No usable keypair in the slot (never installed, or wiped). */
    public static final int NO_SESSION = -1;
    /** The keypair is REJECT_AFTER_TIME old (whitepaper §6.2): refuse to send or receive on it. */
    public static final int SESSION_EXPIRED = -2;
    /** The counter reached REJECT_AFTER_MESSAGES (whitepaper §6.2), sending or receiving. */
    public static final int REJECT_AFTER_MESSAGES = -3;
    /** The counter is further behind the newest one than the replay window reaches. */
    public static final int COUNTER_TOO_OLD = -4;
    /** The counter was already received inside the window. */
    public static final int REPLAYED = -5;
    /** The Poly1305 tag did not verify; nothing was changed by the packet. */
    public static final int AUTH_FAILED = -6;
    /** Too short to be a transport message, or the caller's buffer lacks header room or tail room. */
    public static final int BAD_LENGTH = -7;
    /** The receiver index names none of this peer's keypairs. */
    public static final int UNKNOWN_INDEX = -8;
    /** Inbound: the inner source address is not in the sending peer's allowed IPs (whitepaper §2). */
    public static final int NOT_ALLOWED_SOURCE = -9;
    /** Outbound: no peer's allowed IPs contain the inner destination address. */
    public static final int NO_ROUTE = -10;
    /** The decrypted payload is neither an IPv4 nor an IPv6 packet long enough to hold its addresses. */
    public static final int BAD_INNER_PACKET = -11;
    /** Allowed-IPs table is full (capacity from configuration). */
    public static final int TABLE_FULL = -12;

    /** Size of a counter array indexed by {@code -reason}. */
    public static final int COUNT = 13;

    private SessionReason() {
    }
}
