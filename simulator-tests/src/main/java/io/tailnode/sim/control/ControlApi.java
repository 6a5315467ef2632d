package io.tailnode.sim.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The Noise-side HTTP/2 routes (tailscale-protocol.md §2.5-2.6): {@code POST /machine/register} and
 * {@code POST /machine/map} (streaming long poll with keep-alives and deltas, lite update, one-shot map). Runs
 * on Jetty's h2c connector; the caller's machine key comes from {@link Callers}. Blocking writes: each handler
 * thread owns its stream.
 */
final class ControlApi extends Handler.Abstract {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 1 << 20;
    private static final long WRITE_TIMEOUT_SECONDS = 30;

    private final ControlConfig config;
    private final Tailnet tailnet;
    private final Callers callers;
    private final FixtureMaps fixtures;

    ControlApi(ControlConfig config, Tailnet tailnet, Callers callers, FixtureMaps fixtures) {
        this.config = config;
        this.tailnet = tailnet;
        this.callers = callers;
        this.fixtures = fixtures;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        try {
            route(request, response);
            callback.succeeded();
        } catch (Tailnet.ApiError e) {
            if (!response.isCommitted()) {
                response.setStatus(e.status);
                writeJson(response, JSON.createObjectNode().put("Error", e.getMessage()), true);
                callback.succeeded();
            } else {
                callback.failed(e);
            }
        } catch (Exception e) {
            if (!(e instanceof java.io.IOException) && !(e instanceof java.util.concurrent.ExecutionException)) {
                System.err.println("control: " + request.getHttpURI().getPath() + " failed: " + e);
            }
            callback.failed(e);
        }
        return true;
    }

    private boolean rateLimited() {
        synchronized (config) {
            if (config.rateLimitNext > 0) {
                config.rateLimitNext--;
                return true;
            }
            return false;
        }
    }

    private void route(Request request, Response response) throws Exception {
        String path = request.getHttpURI().getPath();
        SocketAddress remote = request.getConnectionMetaData().getRemoteSocketAddress();
        Callers.Caller caller = remote instanceof InetSocketAddress a ? callers.get(a.getPort()) : null;
        if (caller == null) {
            throw new Tailnet.ApiError(403, "not a Noise connection");
        }
        addQuirkHeaders(response);
        // Read the whole request first: answering early would make Jetty reset the stream after the response
        // (RFC 9113 §8.1 allows it), and a client that drops data on RST_STREAM would lose the answer.
        String body = Content.Source.asString(request, StandardCharsets.UTF_8);
        if (body.length() > MAX_BODY) {
            throw new Tailnet.ApiError(413, "request body over 1 MiB");
        }
        if (!path.startsWith("/machine/")) {
            throw new Tailnet.ApiError(404, "no route " + path);
        }
        if (rateLimited()) {
            response.setStatus(429);
            response.getHeaders().put(HttpHeader.RETRY_AFTER, String.valueOf(config.retryAfterSeconds));
            writeJson(response, JSON.createObjectNode().put("Error", "rate limited"), true);
            return;
        }
        if (caller.capVer() < config.minCapVer) {
            throw new Tailnet.ApiError(400, "unsupported client capability version " + caller.capVer()
                    + " (this server needs >= " + config.minCapVer + ")");
        }
        if (!"POST".equals(request.getMethod())) {
            throw new Tailnet.ApiError(405, "POST only");
        }
        JsonNode req;
        try {
            req = JSON.readTree(body);
        } catch (Exception e) {
            throw new Tailnet.ApiError(400, "request is not JSON");
        }
        if (req == null || !req.isObject()) {
            throw new Tailnet.ApiError(400, "request is not a JSON object");
        }
        switch (path) {
            case "/machine/register":
                response.setStatus(200);
                writeJson(response, tailnet.register(caller.machineKey(), req), true);
                return;
            case "/machine/map":
                map(request, response, caller, req);
                return;
            default:
                throw new Tailnet.ApiError(404, "no route " + path);
        }
    }

    private void addQuirkHeaders(Response response) {
        if (config.hugeHeaders) {
            // Over 16 KiB even after Huffman coding, so Jetty must continue the block in CONTINUATION frames.
            StringBuilder sb = new StringBuilder();
            for (int i = 0; sb.length() < 24_000; i++) {
                sb.append(Integer.toHexString(i * 0x9E3779B1)).append('~').append('{');
            }
            response.getHeaders().put("x-dev-padding", sb.toString());
        }
        if (config.hpackIndexing) {
            response.getHeaders().put("x-dev-server", "tailnode development control server");
            response.getHeaders().put("x-dev-quirk", "incremental indexing and huffman");
        }
    }

    private void map(Request request, Response response, Callers.Caller caller, JsonNode req) throws Exception {
        String compress = req.path("Compress").asText("");
        if (!compress.isEmpty()) {
            throw new Tailnet.ApiError(400, "Compress \"" + compress + "\" is not supported by this server; send \"\"");
        }
        TailnetNode node = tailnet.mapUpdate(caller.machineKey(), req);
        boolean stream = req.path("Stream").asBoolean(false);
        boolean omitPeers = req.path("OmitPeers").asBoolean(false);
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
        if (!stream && omitPeers) {
            write(response, new byte[0], true); // lite update: status only, as Headscale
            return;
        }
        if (!stream) {
            ObjectNode full = new MapSession(node.id, 0, tailnet, tailnet.builder()).full();
            writeFrame(response, full, true); // one-shot map (testcontrol and tsp answer it; Headscale does not)
            return;
        }
        MapSession session = tailnet.openSession(node, caller.connectionId());
        try {
            request.addFailureListener(t -> session.close());
            ObjectNode first = config.fixtureMaps ? fixtures.fullMap(tailnet, node.id) : session.full();
            if (first == null) {
                return;
            }
            writeFrame(response, first, false);
            if (config.fixtureMaps) {
                writeFrame(response, fixtures.nodeDelta(), false);
            }
            long nextKeepAlive = System.nanoTime() + config.keepAliveMillis * 1_000_000L;
            while (true) {
                long wait = Math.max(1, (nextKeepAlive - System.nanoTime()) / 1_000_000L);
                ObjectNode delta = session.awaitDelta(wait);
                if (delta == MapSession.GONE) {
                    break;
                }
                if (delta != null && !config.fixtureMaps) {
                    writeFrame(response, delta, false);
                } else if (System.nanoTime() - nextKeepAlive >= 0) {
                    writeFrame(response, JSON.createObjectNode().put("KeepAlive", true), false);
                    nextKeepAlive = System.nanoTime() + config.keepAliveMillis * 1_000_000L;
                }
            }
            write(response, new byte[0], true);
        } finally {
            tailnet.closeSession(session);
        }
    }

    /** One MapResponse: little-endian uint32 length, then the JSON (Compress ""). */
    private void writeFrame(Response response, ObjectNode msg, boolean last) throws Exception {
        byte[] json = JSON.writeValueAsBytes(msg);
        byte[] frame = new byte[4 + json.length];
        frame[0] = (byte) json.length;
        frame[1] = (byte) (json.length >>> 8);
        frame[2] = (byte) (json.length >>> 16);
        frame[3] = (byte) (json.length >>> 24);
        System.arraycopy(json, 0, frame, 4, json.length);
        write(response, frame, last);
    }

    private void writeJson(Response response, ObjectNode msg, boolean last) throws Exception {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        write(response, JSON.writeValueAsBytes(msg), last);
    }

    /** Blocking write; in split mode as DATA frames of 1..7 bytes (one Jetty write each). */
    private void write(Response response, byte[] b, boolean last) throws Exception {
        if (!config.split || b.length == 0) {
            blockingWrite(response, ByteBuffer.wrap(b), last);
            return;
        }
        int cycle = 0;
        for (int p = 0; p < b.length;) {
            int n = Math.min(b.length - p, 1 + (cycle++ % 7));
            blockingWrite(response, ByteBuffer.wrap(b, p, n), last && p + n == b.length);
            p += n;
        }
    }

    private static void blockingWrite(Response response, ByteBuffer buf, boolean last) throws Exception {
        Callback.Completable done = new Callback.Completable();
        response.write(last, buf, done);
        done.get(WRITE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

}
