package io.tailnode.firmware.wgconfig;

/**
 * Results of {@link WgConfigParser#parse}: {@link #OK} or a negative reason; {@link WgConfigParser#errorLine()}
 * says where. Host code renders them ("file:line: problem"); the device only counts and logs codes.
 */
public final class WgConfigStatus {
    public static final int OK = 0;
    /** Text longer than {@link WgConfigParser#MAX_TEXT_BYTES}. */
    public static final int ERR_TOO_LARGE = -1;
    /** A line longer than {@link WgConfigParser#MAX_LINE_BYTES}. */
    public static final int ERR_LINE_TOO_LONG = -2;
    /** A control character or non-ASCII byte outside a comment. */
    public static final int ERR_BAD_CHARACTER = -3;
    /** A "[...]" line that is not [Interface] or [Peer], or is not closed. */
    public static final int ERR_UNKNOWN_SECTION = -4;
    /** A "key = value" line before any section. */
    public static final int ERR_OUTSIDE_SECTION = -5;
    /** A key the section does not have. */
    public static final int ERR_UNKNOWN_KEY = -6;
    /** A line that is neither a section, a comment nor "key = value". */
    public static final int ERR_MISSING_EQUALS = -7;
    /** "key =" with nothing after it. */
    public static final int ERR_EMPTY_VALUE = -8;
    /** A single-valued key given twice in one section. */
    public static final int ERR_DUPLICATE_KEY = -9;
    /** A key that is not 44 characters of base64 for 32 bytes. */
    public static final int ERR_BAD_KEY = -10;
    /** Not a decimal number. */
    public static final int ERR_BAD_NUMBER = -11;
    /** A number outside its key's range (ports, MTU, keepalive). */
    public static final int ERR_OUT_OF_RANGE = -12;
    /** Not an IPv4 or IPv6 address (hostnames are not resolved on the device). */
    public static final int ERR_BAD_ADDRESS = -13;
    /** "/prefix" missing digits or beyond 32 / 128. */
    public static final int ERR_BAD_PREFIX = -14;
    /** Endpoint not "a.b.c.d:port" or "[v6]:port". */
    public static final int ERR_BAD_ENDPOINT = -15;
    /** More [Peer] sections than the configured capacity. */
    public static final int ERR_TOO_MANY_PEERS = -16;
    /** More AllowedIPs in one peer than the configured capacity. */
    public static final int ERR_TOO_MANY_ALLOWED_IPS = -17;
    /** More Address entries than the configured capacity. */
    public static final int ERR_TOO_MANY_ADDRESSES = -18;
    /** A second [Interface] section. */
    public static final int ERR_DUPLICATE_INTERFACE = -19;
    /** No [Interface] section, or one without PrivateKey (line 0 / the section's line). */
    public static final int ERR_MISSING_PRIVATE_KEY = -20;
    /** A [Peer] without PublicKey (reported at the section's line). */
    public static final int ERR_MISSING_PUBLIC_KEY = -21;
    /** Two peers with the same public key. */
    public static final int ERR_DUPLICATE_PEER = -22;
    /** Target holder's capacities differ from the parser's. */
    public static final int ERR_CAPACITY_MISMATCH = -23;
    public static final int COUNT = 23;

    private WgConfigStatus() {
    }
}
