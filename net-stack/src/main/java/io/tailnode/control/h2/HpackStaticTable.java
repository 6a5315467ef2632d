package io.tailnode.control.h2;

/**
 * The 61-entry HPACK static table (RFC 7541 Appendix A), transcribed as data; index 1 is the first entry.
 * Held as ASCII byte arrays built once at class initialisation so decoding copies bytes, never Strings.
 */
public final class HpackStaticTable {
    /** Number of entries; dynamic-table indices start at {@code SIZE + 1} (RFC 7541 §2.3.3). */
    public static final int SIZE = 61;

    // Indices the request encoder uses (RFC 7541 Appendix A).
    public static final int AUTHORITY = 1;
    public static final int METHOD_GET = 2;
    public static final int METHOD_POST = 3;
    public static final int PATH_ROOT = 4;
    public static final int SCHEME_HTTP = 6;
    public static final int SCHEME_HTTPS = 7;
    public static final int STATUS_200 = 8;
    public static final int CONTENT_LENGTH = 28;
    public static final int CONTENT_TYPE = 31;
    public static final int USER_AGENT = 58;

    private static final String[] TABLE = {
        ":authority", "", ":method", "GET", ":method", "POST", ":path", "/", ":path", "/index.html",
        ":scheme", "http", ":scheme", "https", ":status", "200", ":status", "204", ":status", "206",
        ":status", "304", ":status", "400", ":status", "404", ":status", "500", "accept-charset", "",
        "accept-encoding", "gzip, deflate", "accept-language", "", "accept-ranges", "", "accept", "",
        "access-control-allow-origin", "", "age", "", "allow", "", "authorization", "", "cache-control", "",
        "content-disposition", "", "content-encoding", "", "content-language", "", "content-length", "",
        "content-location", "", "content-range", "", "content-type", "", "cookie", "", "date", "", "etag", "",
        "expect", "", "expires", "", "from", "", "host", "", "if-match", "", "if-modified-since", "",
        "if-none-match", "", "if-range", "", "if-unmodified-since", "", "last-modified", "", "link", "",
        "location", "", "max-forwards", "", "proxy-authenticate", "", "proxy-authorization", "", "range", "",
        "referer", "", "refresh", "", "retry-after", "", "server", "", "set-cookie", "",
        "strict-transport-security", "", "transfer-encoding", "", "user-agent", "", "vary", "", "via", "",
        "www-authenticate", "",
    };

    private static final byte[][] NAMES = new byte[SIZE + 1][];
    private static final byte[][] VALUES = new byte[SIZE + 1][];

    static {
        for (int i = 1; i <= SIZE; i++) {
            NAMES[i] = ascii(TABLE[2 * (i - 1)]);
            VALUES[i] = ascii(TABLE[2 * (i - 1) + 1]);
        }
    }

    private HpackStaticTable() {
    }

    private static byte[] ascii(String s) {
        byte[] b = new byte[s.length()];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) s.charAt(i);
        }
        return b;
    }

    /** Name bytes of entry {@code index} (1..{@link #SIZE}); the caller must not modify them. */
    public static byte[] name(int index) {
        return NAMES[index];
    }

    /** Value bytes of entry {@code index} (1..{@link #SIZE}); empty for name-only entries. */
    public static byte[] value(int index) {
        return VALUES[index];
    }
}
