package io.tailnode.control.h2;

/** Frame types, flags, settings identifiers and error codes of RFC 9113 §6 and §7, plus our limits. */
public final class H2Constants {
    // From the spec: frame types (RFC 9113 §6).
    public static final int TYPE_DATA = 0x0;
    public static final int TYPE_HEADERS = 0x1;
    public static final int TYPE_PRIORITY = 0x2;
    public static final int TYPE_RST_STREAM = 0x3;
    public static final int TYPE_SETTINGS = 0x4;
    public static final int TYPE_PUSH_PROMISE = 0x5;
    public static final int TYPE_PING = 0x6;
    public static final int TYPE_GOAWAY = 0x7;
    public static final int TYPE_WINDOW_UPDATE = 0x8;
    public static final int TYPE_CONTINUATION = 0x9;

    // Flags (meaning depends on type; ACK shares bit 0 with END_STREAM).
    public static final int FLAG_END_STREAM = 0x1;
    public static final int FLAG_ACK = 0x1;
    public static final int FLAG_END_HEADERS = 0x4;
    public static final int FLAG_PADDED = 0x8;
    public static final int FLAG_PRIORITY = 0x20;

    // SETTINGS identifiers (§6.5.2).
    public static final int SETTINGS_HEADER_TABLE_SIZE = 0x1;
    public static final int SETTINGS_ENABLE_PUSH = 0x2;
    public static final int SETTINGS_MAX_CONCURRENT_STREAMS = 0x3;
    public static final int SETTINGS_INITIAL_WINDOW_SIZE = 0x4;
    public static final int SETTINGS_MAX_FRAME_SIZE = 0x5;
    public static final int SETTINGS_MAX_HEADER_LIST_SIZE = 0x6;

    // Error codes (§7).
    public static final int ERR_NO_ERROR = 0x0;
    public static final int ERR_PROTOCOL = 0x1;
    public static final int ERR_INTERNAL = 0x2;
    public static final int ERR_FLOW_CONTROL = 0x3;
    public static final int ERR_SETTINGS_TIMEOUT = 0x4;
    public static final int ERR_STREAM_CLOSED = 0x5;
    public static final int ERR_FRAME_SIZE = 0x6;
    public static final int ERR_REFUSED_STREAM = 0x7;
    public static final int ERR_CANCEL = 0x8;
    public static final int ERR_COMPRESSION = 0x9;
    public static final int ERR_ENHANCE_YOUR_CALM = 0xb;

    /** Defaults before the peer's SETTINGS (§6.5.2) and the connection window that SETTINGS cannot change (§6.9.2). */
    public static final int DEFAULT_WINDOW = 65535;
    public static final int DEFAULT_MAX_FRAME_SIZE = 16384;
    public static final int MAX_MAX_FRAME_SIZE = 16777215;
    public static final int MAX_WINDOW = 0x7fffffff;
    public static final int DEFAULT_HEADER_TABLE_SIZE = 4096;

    /** Client connection preface, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" (§3.4). */
    public static final int PREFACE_LENGTH = 24;

    private H2Constants() {
    }

    /** Writes the 24-byte client preface at {@code off}. */
    public static void writePreface(byte[] b, int off) {
        String s = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
        for (int i = 0; i < PREFACE_LENGTH; i++) {
            b[off + i] = (byte) s.charAt(i);
        }
    }
}
