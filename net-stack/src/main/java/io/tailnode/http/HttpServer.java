package io.tailnode.http;

/**
 * The device's HTTP service: a fixed pool of {@link HttpConnection}s built at start-up, so the number of
 * concurrent connections (and all memory they use) is bounded. The TCP listener calls {@link #accept} for each
 * new connection; when every connection is busy it sends {@link #writeRefusal} (503, "Connection: close") and
 * closes, so a flood of clients costs no memory and served clients keep their connections.
 * Not thread-safe: the event loop owns it.
 */
public final class HttpServer {
    private static final byte[] REFUSAL = ascii("HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; "
            + "charset=utf-8\r\nContent-Length: 24\r\nRetry-After: 1\r\nConnection: close\r\n\r\n"
            + "503 Service Unavailable\n");

    private final HttpConnection[] connections;
    private final boolean[] busy;
    private int active;
    private long refused;

    /** Builds {@code maxConnections} connections up front (each sized by {@code limits}). */
    public HttpServer(HttpLimits limits, StatusSource source, int maxConnections) {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections");
        }
        connections = new HttpConnection[maxConnections];
        busy = new boolean[maxConnections];
        for (int i = 0; i < maxConnections; i++) {
            connections[i] = new HttpConnection(limits, source);
        }
    }

    /** A reset, idle connection for a new TCP connection, or null when all are in use (then refuse). */
    public HttpConnection accept() {
        for (int i = 0; i < connections.length; i++) {
            if (!busy[i]) {
                busy[i] = true;
                active++;
                connections[i].reset();
                return connections[i];
            }
        }
        refused++;
        return null;
    }

    /** Returns a connection to the pool when its TCP connection is closed; false if it was not in use here. */
    public boolean release(HttpConnection c) {
        for (int i = 0; i < connections.length; i++) {
            if (connections[i] == c && busy[i]) {
                busy[i] = false;
                active--;
                return true;
            }
        }
        return false;
    }

    /**
     * Copies the 503 refusal response to {@code out[off..)} and returns its length, or -1 if {@code cap} is too
     * small (the caller should then just close). The caller sends it and closes without reading the request.
     */
    public static int writeRefusal(byte[] out, int off, int cap) {
        if (cap < REFUSAL.length) {
            return -1;
        }
        System.arraycopy(REFUSAL, 0, out, off, REFUSAL.length);
        return REFUSAL.length;
    }

    public int activeConnections() {
        return active;
    }

    public int capacity() {
        return connections.length;
    }

    /** Connections refused since start because the pool was full. */
    public long refusedConnections() {
        return refused;
    }

    private static byte[] ascii(String s) {
        byte[] b = new byte[s.length()];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) s.charAt(i);
        }
        return b;
    }
}
