package io.tailnode.wg;

/**
 * One numbering for every reason {@link WireGuardDevice} drops input, so one counter array covers all:
 * <ul>
 * <li>{@link WgReason} codes (wire format, cookies, handshake) are used as they are: -1 .. -(WgReason.COUNT-1);</li>
 * <li>{@link SessionReason} code {@code s} becomes {@code SESSION_BASE + s} (-101 ..): use {@link #session};</li>
 * <li>the device's own reasons below start at {@code DEVICE_BASE - 1} (-201 ..).</li>
 * </ul>
 * {@link WireGuardDevice#drops(int)} reads the counter of a code. Codes are stable.
 */
public final class WgDrop {
    public static final int SESSION_BASE = -100;
    public static final int DEVICE_BASE = -200;

    /** The peer has no endpoint yet (not configured, never heard from): nothing can be sent to it. */
    public static final int NO_ENDPOINT = DEVICE_BASE - 1;
    /**
     * A held packet was discarded: its peer was at its cap or the shared pool full ({@code HeldPackets}), the
     * handshake gave up, or the peer was removed.
     */
    public static final int HELD_DISCARDED = DEVICE_BASE - 2;
    /** The source address is empty or longer than {@link WgConstants#SOURCE_MAX_SIZE}. */
    public static final int BAD_SOURCE = DEVICE_BASE - 3;
    /** The Tai64nSource had no trustworthy wall time: the initiation was not sent. */
    public static final int NO_WALL_CLOCK = DEVICE_BASE - 4;
    /** The inner packet is longer than the configured MTU. */
    public static final int TOO_BIG = DEVICE_BASE - 5;
    static final int DEVICE_COUNT = 6;

    /** Size of a counter array over all codes. */
    static final int COUNTER_COUNT = WgReason.COUNT + SessionReason.COUNT + DEVICE_COUNT;

    /** Stable snake_case names of every drop code, in {@link #codeAt} order (for status pages and metrics). */
    private static final String[] NAMES = {
            "wg_truncated",
            "wg_wrong_size",
            "wg_bad_type",
            "wg_bad_reserved",
            "wg_invalid_mac1",
            "wg_need_cookie",
            "wg_cookie_stale",
            "wg_rate_limited",
            "wg_decrypt_failed",
            "wg_unknown_peer",
            "wg_replayed_timestamp",
            "wg_zero_dh",
            "wg_wrong_state",
            "wg_unknown_index",
            "wg_table_full",
            "wg_initiation_flood",
            "session_no_session",
            "session_session_expired",
            "session_reject_after_messages",
            "session_counter_too_old",
            "session_replayed",
            "session_auth_failed",
            "session_bad_length",
            "session_unknown_index",
            "session_not_allowed_source",
            "session_no_route",
            "session_bad_inner_packet",
            "session_table_full",
            "device_no_endpoint",
            "device_held_discarded",
            "device_bad_source",
            "device_no_wall_clock",
            "device_too_big",
};

    /** Number of drop codes {@link #codeAt} enumerates. */
    public static int codeCount() {
        return NAMES.length;
    }

    /** The {@code i}-th drop code (0 <= i < {@link #codeCount}): WgReason codes, then session, then device ones. */
    public static int codeAt(int i) {
        if (i < WgReason.COUNT - 1) {
            return -(i + 1);
        }
        i -= WgReason.COUNT - 1;
        if (i < SessionReason.COUNT - 1) {
            return SESSION_BASE - (i + 1);
        }
        return DEVICE_BASE - (i - (SessionReason.COUNT - 1) + 1);
    }

    /** The stable name of the {@code i}-th drop code (see {@link #codeAt}). */
    public static String nameAt(int i) {
        return NAMES[i];
    }

    private WgDrop() {
    }

    /** The drop code of a {@link SessionReason}. */
    public static int session(int sessionReason) {
        return SESSION_BASE + sessionReason;
    }

    /** Dense counter index of a drop code, or -1 if it is no known code. */
    static int counterIndex(int code) {
        if (code < 0 && code > -WgReason.COUNT) {
            return -code;
        }
        int s = code - SESSION_BASE;
        if (s < 0 && s > -SessionReason.COUNT) {
            return WgReason.COUNT - s;
        }
        int d = code - DEVICE_BASE;
        if (d < 0 && d > -DEVICE_COUNT) {
            return WgReason.COUNT + SessionReason.COUNT - d;
        }
        return -1;
    }
}
