package io.tailnode.control.client;

import io.tailnode.control.json.JsonPullParser;
import io.tailnode.control.json.JsonToken;
import io.tailnode.lang.HotPath;

/**
 * Reads a RegisterResponse body (tailscale-protocol.md §2.5) as it streams in, through the shared
 * {@link JsonPullParser}: {@code MachineAuthorized}, {@code NodeKeyExpired} (booleans), {@code AuthURL} and
 * {@code Error} (strings, kept up to their bounds: longer values are truncated to the bound and flagged, which
 * still tells "non-empty"). Everything else ({@code User}, {@code Login}, {@code NodeKeySignature}...) is
 * skipped in constant memory. Bounded: the body may not exceed the byte limit given at construction and nesting
 * deeper than 64 fails. Malformed input, a wrong type for a consumed field or a body that ends early gives a
 * negative result and the fields must not be used. No allocation after construction; not thread-safe.
 */
public final class RegisterResponseParser {
    public static final int OK = 0;
    /** Still reading: feed more or call {@link #finish}. */
    public static final int MORE = 1;
    public static final int ERR_JSON = -1;
    public static final int ERR_SCHEMA = -2;
    public static final int ERR_TOO_LARGE = -3;

    private static final int F_NONE = 0;
    private static final int F_AUTHORIZED = 1;
    private static final int F_EXPIRED = 2;
    private static final int F_AUTHURL = 3;
    private static final int F_ERROR = 4;

    private static final byte[] N_AUTHORIZED = ControlRequests.ascii("MachineAuthorized");
    private static final byte[] N_EXPIRED = ControlRequests.ascii("NodeKeyExpired");
    private static final byte[] N_AUTHURL = ControlRequests.ascii("AuthURL");
    private static final byte[] N_ERROR = ControlRequests.ascii("Error");

    private final JsonPullParser parser;
    private final int maxBody;
    private final byte[] authUrl;
    private final byte[] error;
    private int authUrlLength;
    private int errorLength;
    private boolean authUrlTruncated;
    private boolean machineAuthorized;
    private boolean nodeKeyExpired;
    private int field;
    private boolean top;
    private long fed;
    private int result;

    /**
     * @param maxBody   largest body accepted (e.g. 16 KiB: the response is small, User/Login profiles aside)
     * @param maxUrl    AuthURL bytes kept
     * @param maxError  Error text bytes kept
     */
    public RegisterResponseParser(int maxBody, int maxUrl, int maxError) {
        parser = new JsonPullParser(Math.max(maxUrl, Math.max(maxError, 64)) + 1, 64);
        this.maxBody = maxBody;
        authUrl = new byte[maxUrl];
        error = new byte[maxError];
        reset();
    }

    @HotPath
    public void reset() {
        parser.reset();
        authUrlLength = 0;
        errorLength = 0;
        authUrlTruncated = false;
        machineAuthorized = false;
        nodeKeyExpired = false;
        field = F_NONE;
        top = false;
        fed = 0;
        result = MORE;
    }

    /** Consumes a piece of the body; returns {@link #MORE}, {@link #OK} (document complete) or a negative code. */
    @HotPath
    public int feed(byte[] buf, int off, int len) {
        if (result != MORE) {
            return result == OK && len > 0 ? fail(ERR_JSON) : result;
        }
        fed += len;
        if (fed > maxBody) {
            return fail(ERR_TOO_LARGE);
        }
        parser.feed(buf, off, len);
        return pump();
    }

    /** The body ended (END_STREAM): returns OK or a negative code (truncated document). */
    @HotPath
    public int finish() {
        if (result != MORE) {
            return result;
        }
        parser.finish();
        int r = pump();
        return r == MORE ? fail(ERR_JSON) : r;
    }

    @HotPath
    private int pump() {
        JsonPullParser p = parser;
        for (;;) {
            int t = p.next();
            if (t == JsonToken.NEED_MORE_INPUT) {
                return MORE;
            }
            if (t == JsonToken.ERROR) {
                return fail(ERR_JSON);
            }
            if (t == JsonToken.END) {
                result = OK;
                return OK;
            }
            if (t == JsonToken.SKIPPED) {
                continue;
            }
            if (!top) {
                if (t != JsonToken.START_OBJECT) {
                    return fail(ERR_SCHEMA);
                }
                top = true;
                continue;
            }
            if (field == F_NONE) {
                if (t == JsonToken.END_OBJECT) {
                    continue; // END follows
                }
                if (p.valueEquals(N_AUTHORIZED)) {
                    field = F_AUTHORIZED;
                } else if (p.valueEquals(N_EXPIRED)) {
                    field = F_EXPIRED;
                } else if (p.valueEquals(N_AUTHURL)) {
                    field = F_AUTHURL;
                } else if (p.valueEquals(N_ERROR)) {
                    field = F_ERROR;
                } else if (p.skipValue() == JsonToken.ERROR) {
                    return fail(ERR_JSON);
                }
                continue;
            }
            int f = field;
            field = F_NONE;
            if (t == JsonToken.NULL) {
                continue;
            }
            if (f == F_AUTHORIZED || f == F_EXPIRED) {
                if (t != JsonToken.TRUE && t != JsonToken.FALSE) {
                    return fail(ERR_SCHEMA);
                }
                if (f == F_AUTHORIZED) {
                    machineAuthorized = t == JsonToken.TRUE;
                } else {
                    nodeKeyExpired = t == JsonToken.TRUE;
                }
                continue;
            }
            if (t != JsonToken.STRING) {
                return fail(ERR_SCHEMA);
            }
            int n = p.valueLength();
            if (f == F_AUTHURL) {
                authUrlTruncated = n > authUrl.length;
                authUrlLength = Math.min(n, authUrl.length);
                System.arraycopy(p.valueBuffer(), 0, authUrl, 0, authUrlLength);
            } else {
                errorLength = Math.min(n, error.length);
                System.arraycopy(p.valueBuffer(), 0, error, 0, errorLength);
            }
        }
    }

    private int fail(int why) {
        result = why;
        return why;
    }

    public boolean machineAuthorized() {
        return machineAuthorized;
    }

    public boolean nodeKeyExpired() {
        return nodeKeyExpired;
    }

    /** AuthURL bytes (valid after OK); length 0 when absent or empty. */
    public byte[] authUrl() {
        return authUrl;
    }

    public int authUrlLength() {
        return authUrlLength;
    }

    /** True if the AuthURL was longer than the bound (then it cannot be used as a Followup). */
    public boolean authUrlTruncated() {
        return authUrlTruncated;
    }

    public byte[] error() {
        return error;
    }

    public int errorLength() {
        return errorLength;
    }
}
