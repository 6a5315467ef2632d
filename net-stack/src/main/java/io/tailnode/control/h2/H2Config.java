package io.tailnode.control.h2;

/**
 * Capacities of one {@link H2Client}; every buffer is allocated from these at construction. Defaults give
 * 2 streams x 16 KiB receive buffers, a 4 KiB dynamic table, an 8 KiB header block and a 17 KiB transmit
 * buffer: about 64 KiB in total ({@link #memoryBytes()}); {@link #forWindow} sizes a board's client. Values are validated by the client's constructor (a configuration error throws).
 */
public final class H2Config {
    /** Concurrent stream slots (>= 2: long-poll map plus register/lite update, protocol §2.4). */
    public int maxStreams = 2;
    /**
     * Per-stream receive buffer, advertised as SETTINGS_INITIAL_WINDOW_SIZE, so the peer can never send more
     * than fits (so no DATA frame is larger). 16 KiB matches the default frame size; boards use 4 KiB
     * ({@link #forWindow}). WINDOW_UPDATE is sent as the application reads (at half the window) so the long
     * poll never stalls (pitfall 5).
     */
    public int streamWindow = 16384;
    /**
     * SETTINGS_MAX_FRAME_SIZE we advertise (protocol minimum 16384). Not a buffer: frames are parsed as they
     * arrive (DATA into the stream buffer, header fragments into the header-block buffer).
     */
    public int maxFrameSize = H2Constants.DEFAULT_MAX_FRAME_SIZE;
    /**
     * SETTINGS_HEADER_TABLE_SIZE and the dynamic table budget. The protocol default 4096 is safe even against
     * an encoder that uses the table before our SETTINGS arrive; 0 saves 4 KiB where the server is known to
     * honour it (Go's http2 then emits a 0 size update and never indexes).
     */
    public int headerTableSize = H2Constants.DEFAULT_HEADER_TABLE_SIZE;
    /** Compressed header block reassembly (HEADERS + CONTINUATION). */
    public int maxHeaderBlock = 8192;
    /** Decoded header list bytes (names + values), also advertised as SETTINGS_MAX_HEADER_LIST_SIZE. */
    public int headerListBytes = 4096;
    /** Decoded header fields per block. */
    public int headerListFields = 64;
    /** Request header block buffer for {@link H2Client#beginRequest()}. */
    public int requestBlockBytes = 2048;
    /** Transmit buffer: must hold a full DATA frame plus control frames. */
    public int txBytes = 16384 + 1024;

    /**
     * A configuration sized around a stream window of {@code streamWindow} bytes, for boards: with windows below
     * 16 KiB flow control keeps every DATA frame within a window, requests (headers of a few hundred bytes,
     * JSON bodies that {@link H2Client#send} queues in pieces) need little transmit room, and the response
     * header blocks of a control server are a few hundred bytes (1 KiB block and list buffers). The dynamic table is 0: a board talks only to
     * the Tailscale control plane (Go's http2, which then never indexes; Jetty does the same, interop test), and
     * our SETTINGS precede every request, so no response can be encoded against the 4 KiB default. At 16 KiB and
     * above this is the default.
     */
    public static H2Config forWindow(int streamWindow) {
        H2Config c = new H2Config();
        c.streamWindow = streamWindow;
        if (streamWindow < c.maxFrameSize) {
            c.txBytes = 2048;
            // A control server's response header section is :status, content-type, date and perhaps a
            // content-length or a trailer-less error: ~100 B encoded, well under 1 KiB even unindexed. 1 KiB is
            // advertised as SETTINGS_MAX_HEADER_LIST_SIZE; a larger block is a connection error (reconnect).
            c.maxHeaderBlock = 1024;
            c.headerListBytes = 1024;
            c.headerListFields = 32;
            // Our requests: method, scheme, path, authority, content-type: under 200 B.
            c.requestBlockBytes = 512;
            c.headerTableSize = 0;
        }
        return c;
    }

    /** Total bytes of buffers a client with this configuration allocates (approximate, arrays only). */
    public int memoryBytes() {
        return maxStreams * (streamWindow + 24) + FrameHeader.SIZE + 8 + headerTableSize * 2
                + maxHeaderBlock + headerListBytes + headerListFields * 16 + requestBlockBytes + txBytes;
    }
}
