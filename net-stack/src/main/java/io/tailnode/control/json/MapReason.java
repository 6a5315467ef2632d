package io.tailnode.control.json;

/**
 * Outcomes of reading the map stream (shared tailscale-protocol.md §2.6): negative codes. Codes down to
 * {@link #SCHEMA} reject the whole frame (the caller discards what it staged and resets the connection); the
 * node-level codes drop one node and are only counted; the frame goes on. {@link #COUNT} sizes a counter array
 * indexed by {@code -reason}.
 */
public final class MapReason {
    public static final int OK = 0;
    /** Length prefix 0: invalid in the map framing. */
    public static final int FRAME_ZERO_LENGTH = -1;
    /** Length prefix above the configured maximum (the Go client caps frames at 4 MiB). */
    public static final int FRAME_TOO_LARGE = -2;
    /** The JSON of the frame is malformed or truncated; JsonPullParser.reason() has the detail. */
    public static final int JSON_ERROR = -3;
    /** Well-formed JSON, but a field the device consumes has the wrong JSON type (Go's decoder rejects those). */
    public static final int SCHEMA = -4;
    /** Input after the reader stopped on an error: reset() and reconnect first. */
    public static final int STREAM_FAILED = -5;
    // ---- node-level: that node is dropped and counted, the frame continues
    /** More Addresses than configured. */
    public static final int TOO_MANY_ADDRESSES = -6;
    /** More AllowedIPs than configured. */
    public static final int TOO_MANY_ALLOWED_IPS = -7;
    /** More Endpoints than configured. */
    public static final int TOO_MANY_ENDPOINTS = -8;
    /** Key or DiscoKey not "nodekey:"/"discokey:" followed by 64 hex digits. */
    public static final int BAD_KEY = -9;
    /** An Addresses/AllowedIPs entry that is not an IP prefix in canonical CIDR text. */
    public static final int BAD_PREFIX = -10;
    /** An Endpoints entry that is not "ip:port" / "[ipv6]:port". */
    public static final int BAD_ENDPOINT = -11;
    /** ID (NodeID in a patch) missing, fractional or out of long range. */
    public static final int BAD_ID = -12;
    // ---- field-level: the field is ignored and counted
    /** ControlTime is not RFC 3339. */
    public static final int BAD_TIME = -13;
    /** A DERP node HostName longer than configured (that DERP node is not reported). */
    public static final int DERP_HOST_TOO_LONG = -14;
    /** A FilterRule SrcIPs / DstPorts IP entry that is no address form (or a DstPorts entry without IP): skipped, as Go does. */
    public static final int BAD_FILTER_ADDRESS = -15;
    /** A PacketFilters key longer than MapResponseScanner.MAX_FILTER_SET_NAME: that set is skipped. */
    public static final int FILTER_NAME_TOO_LONG = -16;
    /** A DERP node CertName longer than the scanner keeps (that DERP node is not reported). */
    public static final int DERP_CERT_NAME_TOO_LONG = -17;
    /** Number of reasons: counter arrays have {@code COUNT + 1} slots, indexed by {@code -reason}. */
    public static final int COUNT = 17;

    private MapReason() {
    }
}
