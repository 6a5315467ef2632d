package io.tailnode.firmware.log;

/**
 * Firmware event codes and their short ASCII tags (hoka's Messages style: an int code per event, rendering
 * in one table). Codes are dense from 0 so the rate limiter indexes per-code state directly; a logger may be
 * built with a larger table that starts with this one when other modules add their events. Values appear in
 * logs that people grep: never renumber, only append.
 */
public final class LogEvents {
    public static final int BOOT = 0;
    public static final int CONFIG_DEFAULTS_LOADED = 1;
    public static final int CONFIG_DEFAULTS_REJECTED = 2;
    public static final int PROVISIONING_LOADED = 3;
    public static final int PROVISIONING_REJECTED = 4;
    public static final int PROVISIONING_STORED = 5;
    public static final int PROVISIONING_STORE_FAILED = 6;
    public static final int AUTH_KEY_DELETED = 7;
    public static final int AUTH_KEY_KEPT_REUSABLE = 8;
    public static final int CONSOLE_LINE_REJECTED = 9;
    /** A datagram failed classification or authentication; args: reason code, source port (the flood case). */
    public static final int BAD_PACKET = 10;
    public static final int STORE_ERROR = 11;
    /** Code used for the logger's own notices (its drop counter after a sink backlog). */
    public static final int LOG_DROPPED = 12;
    /** First boot created identity keys; arg: KeyGenerator's CREATED_* bit set. */
    public static final int KEYS_CREATED = 13;
    public static final int KEYS_LOADED = 14;
    /** The entropy source failed its health tests; arg: Drbg failure cause. No key can be made this boot. */
    public static final int ENTROPY_FAILED = 15;
    /** The TAI64N clock booted; args: floor (Unix ms), 1 if wall time is trusted. */
    public static final int CLOCK_BOOTED = 16;
    public static final int CLOCK_ERROR = 17;
    /** A WireGuard peer was configured; args: peer slot, persistent keepalive (s), allowed-IP count, 0. */
    public static final int WG_PEER_ADDED = 18;
    /** A WireGuard handshake with a peer completed (keys derived); args: peer slot, handshakes so far. */
    public static final int WG_HANDSHAKE = 19;
    /** A peer's endpoint changed (configured, learned, or roamed on an authenticated packet); args: slot, port. */
    public static final int WG_ENDPOINT = 20;
    /** The datagram transport failed (not a timeout); arg: HalStatus code. */
    public static final int WG_TRANSPORT_ERROR = 21;
    /** The tunnel event loop started; args: UDP port, peer count. */
    public static final int WG_LOOP_STARTED = 22;

    /** Control client state change: args state, reason (ControlState, ControlClientReason). */
    public static final int CONTROL_STATE = 23;
    /** The control server wants interactive approval; name = the AuthURL. */
    public static final int CONTROL_AUTH_URL = 24;
    /** ControlTime set the wall clock: arg Unix seconds. */
    public static final int CONTROL_TIME = 25;
    /** A tunnel address from the self node: args family, prefix length. */
    public static final int CONTROL_ADDRESS = 26;
    /** The node key was rotated (expiry); the WireGuard identity follows at the next restart. */
    public static final int CONTROL_KEY_ROTATED = 27;
    /** The control server key was fetched with GET /key (development servers only): arg 1 ok, negative failed. */
    public static final int CONTROL_KEY_FETCH = 28;

    /** Number of firmware codes; the size of {@link #TAGS}. */
    public static final int COUNT = 29;

    /** Index = event code. Upper-case ASCII, at most 16 characters, no spaces. */
    public static final String[] TAGS = {
        "BOOT",
        "CFG_DEFAULTS",
        "CFG_DEFAULTS_BAD",
        "PROV_LOADED",
        "PROV_REJECTED",
        "PROV_STORED",
        "PROV_STORE_FAIL",
        "AUTHKEY_DELETED",
        "AUTHKEY_KEPT",
        "CONSOLE_BAD",
        "BAD_PACKET",
        "STORE_ERROR",
        "LOG_DROPPED",
        "KEYS_CREATED",
        "KEYS_LOADED",
        "ENTROPY_FAILED",
        "CLOCK_BOOTED",
        "CLOCK_ERROR",
        "WG_PEER_ADDED",
        "WG_HANDSHAKE",
        "WG_ENDPOINT",
        "WG_TRANSPORT_ERR",
        "WG_LOOP_STARTED",
        "CONTROL_STATE",
        "CONTROL_AUTH_URL",
        "CONTROL_TIME",
        "CONTROL_ADDRESS",
        "CONTROL_KEY_ROT",
        "CONTROL_KEY_FETCH",
    };

    private LogEvents() {
    }
}
