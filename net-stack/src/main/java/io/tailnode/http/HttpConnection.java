package io.tailnode.http;

import io.tailnode.crypto.Sha256;
import io.tailnode.lang.HotPath;

/**
 * One server side of an HTTP/1.1 connection (RFC 9112), sans-I/O: the TCP socket feeds received bytes to
 * {@link #onData}, drains response bytes with {@link #poll}, and closes when {@link #wantsClose} says so. Serves:
 * <ul>
 * <li>{@code GET /status}: JSON ({@link StatusJson}), chunked (close-delimited to HTTP/1.0 clients);</li>
 * <li>{@code GET /metrics}: Prometheus text ({@link MetricsText}), same framing;</li>
 * <li>{@code GET /bytes?n=N}: N bytes with Content-Length, byte i = (i * 31 + 7) &amp; 0xFF (i from 0; a pattern
 * that a client can verify without a copy and that is not all-equal, so a stuck or shifted stream shows),
 * generated straight into the caller's buffer, never buffered;</li>
 * <li>{@code POST /sink}: Content-Length body up to {@link HttpLimits#maxBodyBytes}, hashed as it arrives; answers
 * {@code {"length":N,"sha256":"<hex>"}}. "Expect: 100-continue" gets an interim 100 first.</li>
 * </ul>
 * HEAD is accepted on the GET routes. Every other well-formed request is 404 (its body, if any, is read and
 * discarded so the connection stays usable). Errors: 400 malformed head or bad {@code n}, 411 POST /sink without
 * Content-Length, 413 body too long, 414 request line too long, 431 too many / too large header fields, 501 any
 * Transfer-Encoding (chunked request bodies are not decoded), 505 HTTP version other than 1.0/1.1. After an error
 * in the head, 413 or 501 the connection closes (the request framing is unknown); 400 for {@code n}, 404 and 411
 * keep it. HTTP/1.0, "Connection: close", end of input and the per-connection request limit also close after the
 * response.
 * <p>
 * Pipelining: one request at a time. While a response is pending, {@link #onData} consumes nothing; the caller
 * keeps the unconsumed bytes (in TCP terms: leaves them in the receive buffer, which closes the window) and offers
 * them again after {@link #poll} has drained the response. Every buffer is allocated in the constructor; no call
 * allocates. Not thread-safe: one event loop owns the connection.
 */
public final class HttpConnection {
    private static final int ROUTE_ERROR = 0;
    private static final int ROUTE_STATUS = 1;
    private static final int ROUTE_METRICS = 2;
    private static final int ROUTE_BYTES = 3;
    private static final int ROUTE_SINK = 4;

    private static final int PHASE_HEAD = 0;
    private static final int PHASE_BODY = 1;
    private static final int PHASE_RESPOND = 2;
    private static final int PHASE_CLOSED = 3;

    private static final int OUT_HEAD = 0;
    private static final int OUT_BODY = 1;
    private static final int OUT_TRAILER = 2;

    /** Room before the rendered chunk for its hex size line ("ffffffff\r\n"). */
    private static final int PREFIX = 10;

    private static final byte[] CONTINUE = {
            'H', 'T', 'T', 'P', '/', '1', '.', '1', ' ', '1', '0', '0', ' ', 'C', 'o', 'n', 't', 'i', 'n', 'u', 'e',
            '\r', '\n', '\r', '\n'};
    private static final byte[] LAST_CHUNK = {'0', '\r', '\n', '\r', '\n'};

    private final int maxRequests;
    private final long maxBody;
    private final long maxBytesN;
    private final RequestParser parser;
    private final StatusJson status;
    private final MetricsText metrics;
    private final Sha256 sha = new Sha256();
    private final TextOut text = new TextOut();
    /** Render buffer: PREFIX bytes of chunk-size line, the chunk, and its CRLF. */
    private final byte[] chunk;
    private final byte[] head = new byte[256];
    private final byte[] digest = new byte[Sha256.DIGEST_LENGTH];
    private final int[] used = new int[1];

    private int phase;
    private int route;
    private int requests;
    private boolean closeAfter;
    private boolean endOfInput;
    private long bodyRemaining;
    private long bodyLength;
    /** Next byte of the interim "100 Continue" to send, or -1: kept apart from the stage so a final head
     * set up meanwhile cannot cut a half-sent interim response. */
    private int interimOff;

    private int errorStatus;
    private boolean noBody;
    private boolean chunked;
    private int outPhase;
    private BodyRenderer renderer;
    private int step;
    private long bytesPos;
    private long bytesN;
    /** The bytes poll is copying out: stage[stageOff..stageEnd). */
    private byte[] stage;
    private int stageOff;
    private int stageEnd;

    /** Allocates every buffer from {@code limits}; the connection starts idle, as after {@link #reset}. */
    public HttpConnection(HttpLimits limits, StatusSource source) {
        maxRequests = limits.maxRequestsPerConnection;
        maxBody = limits.maxBodyBytes;
        maxBytesN = limits.maxBytesN;
        parser = new RequestParser(limits);
        status = new StatusJson(source);
        metrics = new MetricsText(source);
        chunk = new byte[PREFIX + limits.chunkBytes + 2];
        reset();
    }

    /** Makes the object ready for a new TCP connection. */
    @HotPath
    public void reset() {
        parser.reset();
        sha.reset();
        phase = PHASE_HEAD;
        requests = 0;
        closeAfter = false;
        endOfInput = false;
        interimOff = -1;
        bodyRemaining = 0;
        stage = null;
        stageOff = 0;
        stageEnd = 0;
        renderer = null;
    }

    /**
     * Offers received bytes {@code buf[off..off+len)}; returns how many were consumed (0..len). Fewer than
     * {@code len} means a response is pending: call {@link #poll} and offer the rest again. Once the connection
     * is going to close, further input is consumed and ignored.
     */
    @HotPath
    public int onData(byte[] buf, int off, int len) {
        int done = 0;
        while (done < len) {
            if (phase == PHASE_CLOSED || (phase == PHASE_RESPOND && closeAfter)) {
                return len;
            }
            if (phase == PHASE_RESPOND) {
                break;
            }
            if (phase == PHASE_HEAD) {
                int r = parser.feed(buf, off + done, len - done, used);
                done += used[0];
                if (r == RequestParser.ERROR) {
                    requests++;
                    closeAfter = true;
                    respondError(parser.errorStatus, false);
                } else if (r == RequestParser.DONE) {
                    dispatch();
                }
            } else {
                int n = (int) Math.min(len - done, bodyRemaining);
                if (route == ROUTE_SINK) {
                    sha.update(buf, off + done, n);
                }
                done += n;
                bodyRemaining -= n;
                if (bodyRemaining == 0) {
                    respond();
                }
            }
        }
        return done;
    }

    /** The peer will send nothing more (FIN): the connection closes after the response in progress, if any. */
    @HotPath
    public void onEndOfInput() {
        endOfInput = true;
        closeAfter = true;
        if (phase == PHASE_BODY || phase == PHASE_HEAD) {
            phase = PHASE_CLOSED;
        }
    }

    /** True when everything to send has been returned by {@link #poll} and the caller should close. */
    public boolean wantsClose() {
        return phase == PHASE_CLOSED && stageOff == stageEnd && interimOff < 0;
    }

    /** Requests started on this connection (including refused ones). */
    public int requestCount() {
        return requests;
    }

    @HotPath
    private void dispatch() {
        requests++;
        RequestParser p = parser;
        if (p.connectionClose || p.minorVersion == 0 || requests >= maxRequests || endOfInput) {
            closeAfter = true;
        }
        int pathEnd = pathEnd(p.target, p.targetLen);
        boolean get = p.method == RequestParser.METHOD_GET || p.method == RequestParser.METHOD_HEAD;
        noBody = p.method == RequestParser.METHOD_HEAD;
        errorStatus = 404;
        route = ROUTE_ERROR;
        if (get && is(p.target, pathEnd, "/status")) {
            route = ROUTE_STATUS;
        } else if (get && is(p.target, pathEnd, "/metrics")) {
            route = ROUTE_METRICS;
        } else if (get && is(p.target, pathEnd, "/bytes")) {
            bytesN = queryN(p.target, pathEnd, p.targetLen);
            if (bytesN < 0 || bytesN > maxBytesN) {
                errorStatus = 400;
            } else {
                route = ROUTE_BYTES;
            }
        } else if (p.method == RequestParser.METHOD_POST && is(p.target, pathEnd, "/sink")) {
            if (p.contentLength < 0) {
                errorStatus = 411;
            } else {
                route = ROUTE_SINK;
            }
        }
        bodyLength = p.contentLength < 0 ? 0 : p.contentLength;
        if (bodyLength > maxBody) {
            closeAfter = true;
            respondError(413, false);
            return;
        }
        bodyRemaining = bodyLength;
        if (route == ROUTE_SINK) {
            sha.reset();
            interimOff = p.expectContinue && bodyLength > 0 && p.minorVersion == 1 ? 0 : -1;
        }
        if (bodyRemaining > 0) {
            phase = PHASE_BODY;
        } else {
            respond();
        }
    }

    /** The request (and its body) is complete: set up the response for {@link #route}. */
    @HotPath
    private void respond() {
        if (interimOff == 0) {
            // RFC 9110 §10.1.1: no need for 100 once the whole body is here.
            interimOff = -1;
        }
        if (route == ROUTE_STATUS || route == ROUTE_METRICS) {
            renderer = route == ROUTE_STATUS ? status : metrics;
            renderer.begin();
            step = 0;
            chunked = !closeAfter || parser.minorVersion == 1;
            startHead(200, route == ROUTE_STATUS ? "application/json" : "text/plain; version=0.0.4; charset=utf-8",
                    -1);
        } else if (route == ROUTE_BYTES) {
            bytesPos = 0;
            startHead(200, "application/octet-stream", bytesN);
        } else if (route == ROUTE_SINK) {
            sha.doFinal(digest, 0);
            text.wrap(chunk, PREFIX, chunk.length - PREFIX);
            text.ascii("{\"length\":");
            text.decimal(bodyLength);
            text.ascii(",\"sha256\":\"");
            text.hexBytes(digest, 0, Sha256.DIGEST_LENGTH);
            text.ascii("\"}\n");
            fixedBody(200, "application/json");
        } else {
            respondError(errorStatus, noBody);
        }
    }

    @HotPath
    private void respondError(int code, boolean headOnly) {
        route = ROUTE_ERROR;
        noBody = headOnly;
        text.wrap(chunk, PREFIX, chunk.length - PREFIX);
        text.decimal(code);
        text.raw(' ');
        text.ascii(HttpStatus.reason(code));
        text.raw('\n');
        fixedBody(code, "text/plain; charset=utf-8");
    }

    /** The body is what {@link #text} just wrote at chunk[PREFIX..); {@link #step} keeps where it ends. */
    @HotPath
    private void fixedBody(int code, String type) {
        int end = text.position();
        startHead(code, type, end - PREFIX);
        renderer = null;
        step = end;
    }

    @HotPath
    private void startHead(int code, String type, long contentLength) {
        phase = PHASE_RESPOND;
        outPhase = OUT_HEAD;
        TextOut t = text;
        t.wrap(head, 0, head.length);
        t.ascii("HTTP/1.1 ");
        t.decimal(code);
        t.raw(' ');
        t.ascii(HttpStatus.reason(code));
        t.ascii("\r\nContent-Type: ");
        t.ascii(type);
        if (contentLength >= 0) {
            t.ascii("\r\nContent-Length: ");
            t.decimal(contentLength);
        } else if (chunked) {
            t.ascii("\r\nTransfer-Encoding: chunked");
        }
        t.ascii(closeAfter ? "\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n"
                : "\r\nCache-Control: no-store\r\n\r\n");
        stage = head;
        stageOff = 0;
        stageEnd = t.position();
    }

    /**
     * Writes up to {@code cap} response bytes to {@code out[off..)} and returns how many (0 = nothing to send
     * now). Never writes outside {@code out[off..off+cap)}.
     */
    @HotPath
    public int poll(byte[] out, int off, int cap) {
        int w = 0;
        while (w < cap) {
            if (interimOff >= 0) {
                int n = Math.min(cap - w, CONTINUE.length - interimOff);
                System.arraycopy(CONTINUE, interimOff, out, off + w, n);
                interimOff += n;
                w += n;
                if (interimOff == CONTINUE.length) {
                    interimOff = -1;
                }
                continue;
            }
            if (stageOff < stageEnd) {
                int n = Math.min(cap - w, stageEnd - stageOff);
                System.arraycopy(stage, stageOff, out, off + w, n);
                stageOff += n;
                w += n;
                continue;
            }
            if (phase != PHASE_RESPOND) {
                break;
            }
            if (outPhase == OUT_HEAD) {
                outPhase = OUT_BODY;
                if (noBody) {
                    finishResponse();
                } else if (route == ROUTE_ERROR || route == ROUTE_SINK) {
                    setStage(chunk, PREFIX, step);
                    outPhase = OUT_TRAILER;
                }
            } else if (outPhase == OUT_TRAILER) {
                finishResponse();
            } else if (route == ROUTE_BYTES) {
                w += pattern(out, off + w, cap - w);
                if (bytesPos == bytesN) {
                    finishResponse();
                }
            } else {
                nextStep();
            }
        }
        return w;
    }

    /** Renders the next body step as one chunk (or the last-chunk when the steps are done). */
    @HotPath
    private void nextStep() {
        if (step >= renderer.stepCount()) {
            outPhase = OUT_TRAILER;
            if (chunked) {
                setStage(LAST_CHUNK, 0, LAST_CHUNK.length);
            }
            return;
        }
        text.wrap(chunk, PREFIX, chunk.length - PREFIX - 2);
        renderer.render(step++, text);
        if (text.overflowed()) {
            // Cannot happen within HttpLimits.MIN_CHUNK; if it does, a truncated body must not look complete.
            abort();
            return;
        }
        int len = text.position() - PREFIX;
        if (len == 0) {
            return;
        }
        if (!chunked) {
            setStage(chunk, PREFIX, PREFIX + len);
            return;
        }
        int digits = 1;
        for (int t = len >>> 4; t != 0; t >>>= 4) {
            digits++;
        }
        int start = PREFIX - digits - 2;
        text.wrap(chunk, start, digits + 2);
        text.hex(len);
        text.ascii("\r\n");
        chunk[PREFIX + len] = '\r';
        chunk[PREFIX + len + 1] = '\n';
        setStage(chunk, start, PREFIX + len + 2);
    }

    /** byte i = (i * 31 + 7) &amp; 0xFF; only the low 8 bits of i matter. */
    @HotPath
    private int pattern(byte[] out, int off, int cap) {
        int n = (int) Math.min(cap, bytesN - bytesPos);
        int x = (int) bytesPos;
        for (int i = 0; i < n; i++) {
            out[off + i] = (byte) ((x + i) * 31 + 7);
        }
        bytesPos += n;
        return n;
    }

    @HotPath
    private void setStage(byte[] b, int from, int to) {
        stage = b;
        stageOff = from;
        stageEnd = to;
    }

    @HotPath
    private void finishResponse() {
        renderer = null;
        parser.reset();
        phase = closeAfter ? PHASE_CLOSED : PHASE_HEAD;
    }

    @HotPath
    private void abort() {
        renderer = null;
        stageOff = stageEnd;
        closeAfter = true;
        phase = PHASE_CLOSED;
    }

    @HotPath
    private static int pathEnd(byte[] t, int len) {
        for (int i = 0; i < len; i++) {
            if (t[i] == '?') {
                return i;
            }
        }
        return len;
    }

    @HotPath
    private static boolean is(byte[] t, int len, String s) {
        if (len != s.length()) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (t[i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The value of query parameter n (decimal, at most 18 digits), or -1 if absent or malformed. */
    @HotPath
    private static long queryN(byte[] t, int pathEnd, int len) {
        int i = pathEnd + 1;
        while (i < len) {
            int e = i;
            while (e < len && t[e] != '&') {
                e++;
            }
            if (e - i >= 3 && t[i] == 'n' && t[i + 1] == '=' && e - i - 2 <= 18) {
                long v = 0;
                for (int k = i + 2; k < e; k++) {
                    if (t[k] < '0' || t[k] > '9') {
                        return -1;
                    }
                    v = v * 10 + (t[k] - '0');
                }
                return v;
            }
            i = e + 1;
        }
        return -1;
    }
}
