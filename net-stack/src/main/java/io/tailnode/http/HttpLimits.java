package io.tailnode.http;

/**
 * Every bound of the device's HTTP server, fixed at construction (buffers are sized from these, nothing grows).
 * What exceeding each one answers:
 * <ul>
 * <li>{@link #maxRequestLine}: request line longer (counting a CR, not the LF) -> 414;</li>
 * <li>{@link #maxHeaderCount} header fields or {@link #maxHeaderBytes} bytes of header section -> 431;</li>
 * <li>{@link #maxBodyBytes}: a Content-Length above it -> 413 (POST /sink streams any size up to it through
 * SHA-256; other requests' bodies are read and discarded, with the same bound);</li>
 * <li>{@link #maxBytesN}: {@code GET /bytes?n=N} with N above it -> 400;</li>
 * <li>{@link #maxRequestsPerConnection}: the response to that request carries "Connection: close".</li>
 * </ul>
 * {@link #chunkBytes} sizes the per-connection render buffer (at least {@link #MIN_CHUNK}).
 */
public final class HttpLimits {
    /** Smallest render buffer: /status step 0 with a 64-byte name fully escaped and 8 IPv6 addresses fits. */
    public static final int MIN_CHUNK = 2048;

    public final int maxRequestLine;
    public final int maxHeaderCount;
    public final int maxHeaderBytes;
    public final long maxBodyBytes;
    public final long maxBytesN;
    public final int maxRequestsPerConnection;
    public final int chunkBytes;

    /** @throws IllegalArgumentException on a non-positive limit or chunkBytes below {@link #MIN_CHUNK} */
    public HttpLimits(int maxRequestLine, int maxHeaderCount, int maxHeaderBytes, long maxBodyBytes, long maxBytesN,
            int maxRequestsPerConnection, int chunkBytes) {
        if (maxRequestLine < 16 || maxHeaderCount < 1 || maxHeaderBytes < 16 || maxBodyBytes < 0 || maxBytesN < 0
                || maxRequestsPerConnection < 1 || chunkBytes < MIN_CHUNK) {
            throw new IllegalArgumentException("bad HTTP limit");
        }
        this.maxRequestLine = maxRequestLine;
        this.maxHeaderCount = maxHeaderCount;
        this.maxHeaderBytes = maxHeaderBytes;
        this.maxBodyBytes = maxBodyBytes;
        this.maxBytesN = maxBytesN;
        this.maxRequestsPerConnection = maxRequestsPerConnection;
        this.chunkBytes = chunkBytes;
    }

    /** Device defaults: 512 B request line, 32 fields in 4 KiB, 64 MiB bodies and downloads, 100 requests. */
    public static HttpLimits defaults() {
        return new HttpLimits(512, 32, 4096, 64L << 20, 64L << 20, 100, MIN_CHUNK);
    }
}
