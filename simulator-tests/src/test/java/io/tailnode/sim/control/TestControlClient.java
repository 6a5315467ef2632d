package io.tailnode.sim.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tailnode.control.h2.H2Client;
import io.tailnode.control.h2.H2Config;
import io.tailnode.control.h2.H2Listener;
import io.tailnode.control.h2.HeaderList;
import io.tailnode.control.h2.HpackEncoder;
import io.tailnode.control.h2.HpackStaticTable;
import io.tailnode.control.noise.ControlChannel;
import io.tailnode.control.noise.ControlHandshake;
import io.tailnode.control.noise.UpgradeRequest;
import io.tailnode.control.noise.UpgradeResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Test-side control client assembled from the device's sans-I/O pieces (UpgradeRequest/Response,
 * ControlHandshake, ControlChannel, H2Client) over a loopback socket, single-threaded: every call drives the
 * socket until its condition holds or 10 s pass. Map stream frames are split with the little-endian length
 * and parsed with Jackson (the device's own JSON scanner is tested elsewhere).
 */
final class TestControlClient implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final long LIMIT_MILLIS = 10_000;
    static final SecureRandom RANDOM = new SecureRandom();

    /** One response: status, headers (lower-case names, last value wins), body so far, ended flag. */
    static final class Stream {
        int status = -1;
        final Map<String, String> headers = new LinkedHashMap<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        boolean ended;
        int resetCode = -1;
        int framesTaken;
        int frameOffset;

        String bodyText() {
            return body.toString(StandardCharsets.UTF_8);
        }

        JsonNode json() throws IOException {
            return JSON.readTree(body.toByteArray());
        }
    }

    final byte[] machinePriv;
    final int capVer;
    final Socket socket;
    final InputStream in;
    final OutputStream out;
    final ControlHandshake handshake = new ControlHandshake();
    final ControlChannel channel;
    final H2Client h2;
    final Map<Integer, Stream> streams = new HashMap<>();
    private final byte[] authority;
    private final byte[] buf = new byte[65536];
    private final byte[] sealed = new byte[70000];
    private int h2Error;

    static byte[] newKey() {
        byte[] k = new byte[32];
        RANDOM.nextBytes(k);
        return k;
    }

    static String nodeKeyText(byte[] priv) {
        return KeyText.format(KeyText.NODE, NoiseResponder.publicKey(priv));
    }

    static String discoKeyText(byte[] priv) {
        return KeyText.format(KeyText.DISCO, NoiseResponder.publicKey(priv));
    }

    static TestControlClient connect(DevControlServer server, byte[] machinePriv) throws IOException {
        return connect(server, machinePriv, 130, new H2Config());
    }

    TestControlClient(DevControlServer server, byte[] machinePriv, int capVer, H2Config h2Config) throws IOException {
        this.machinePriv = machinePriv;
        this.capVer = capVer;
        socket = new Socket("127.0.0.1", server.port());
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(20);
        in = socket.getInputStream();
        out = socket.getOutputStream();
        authority = ("127.0.0.1:" + server.port()).getBytes(StandardCharsets.US_ASCII);
        h2 = new H2Client(h2Config, new Events());
        channel = new ControlChannel(handshake, (b, off, len) -> {
            int r = h2.receive(b, off, len);
            if (r < 0) {
                h2Error = r;
            }
            return r < 0 ? r : 0;
        });
    }

    static TestControlClient connect(DevControlServer server, byte[] machinePriv, int capVer, H2Config cfg)
            throws IOException {
        TestControlClient c = new TestControlClient(server, machinePriv, capVer, cfg);
        c.upgrade(server.serverKey());
        return c;
    }

    private void upgrade(byte[] serverKey) throws IOException {
        byte[] init = new byte[101];
        check(handshake.begin(machinePriv, 0, serverKey, 0, capVer, newKey(), 0, init, 0, 101) == 101, "begin");
        byte[] req = new byte[UpgradeRequest.length(authority.length, 101)];
        int n = UpgradeRequest.write(authority, 0, authority.length, init, 0, 101, req, 0, req.length);
        check(n == req.length, "upgrade request " + n);
        out.write(req, 0, n);
        out.flush();
        UpgradeResponse resp = new UpgradeResponse(256, 4096);
        long deadline = System.currentTimeMillis() + LIMIT_MILLIS;
        while (resp.state() != UpgradeResponse.STATE_DONE) {
            check(System.currentTimeMillis() < deadline, "no 101 in time");
            int r = read();
            if (r < 0) {
                throw new IOException("closed during upgrade (status " + resp.status() + ")");
            }
            int used = resp.receive(buf, 0, r);
            if (used < 0) {
                throw new IOException("upgrade failed " + used + " status " + resp.status());
            }
            if (resp.state() == UpgradeResponse.STATE_DONE && used < r) {
                feed(buf, used, r - used); // the corked Noise response and early payload
            }
        }
        drive(() -> channel.state() == ControlChannel.STATE_OPEN && h2.settingsReceived());
    }

    private int read() throws IOException {
        try {
            return in.read(buf);
        } catch (SocketTimeoutException e) {
            return 0;
        }
    }

    /** Largest record body (ciphertext + tag) seen so far, from a walk over the raw bytes (type, BE16 length). */
    int maxRecordLength;
    private int walkHeader;
    private int walkLength;
    private int walkSkip;

    private void walk(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            if (walkSkip > 0) {
                int n = Math.min(walkSkip, off + len - i);
                walkSkip -= n;
                i += n - 1;
                continue;
            }
            if (walkHeader == 1) {
                walkLength = (b[i] & 0xFF) << 8;
            } else if (walkHeader == 2) {
                walkLength |= b[i] & 0xFF;
                maxRecordLength = Math.max(maxRecordLength, walkLength);
                walkSkip = walkLength;
            }
            walkHeader = (walkHeader + 1) % 3;
        }
    }

    private void feed(byte[] b, int off, int len) throws IOException {
        walk(b, off, len);
        int r = channel.receive(b, off, len);
        if (r < 0) {
            throw new IOException("channel rejected bytes: " + r + " (h2 " + h2Error + ")");
        }
        for (Map.Entry<Integer, Stream> e : streams.entrySet()) {
            int sid = e.getKey();
            while (h2.available(sid) > 0) {
                byte[] tmp = new byte[h2.available(sid)];
                int got = h2.read(sid, tmp, 0, tmp.length);
                e.getValue().body.write(tmp, 0, got);
            }
        }
    }

    /** Sends what the H2 client queued and reads until {@code done} (IOException after 10 s or on close). */
    void drive(BooleanSupplier done) throws IOException {
        long deadline = System.currentTimeMillis() + LIMIT_MILLIS;
        while (true) {
            flush();
            if (done.getAsBoolean()) {
                return;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IOException("condition not met within " + LIMIT_MILLIS + " ms");
            }
            int r = read();
            if (r < 0) {
                throw new IOException("server closed the connection");
            }
            if (r > 0) {
                feed(buf, 0, r);
            }
        }
    }

    private void flush() throws IOException {
        if (channel.state() != ControlChannel.STATE_OPEN) {
            return; // the Noise response may still be on its way (split writes)
        }
        byte[] plain = new byte[16384];
        int n;
        while ((n = h2.poll(plain, 0, plain.length)) > 0) {
            int w = channel.write(plain, 0, n, sealed, 0, sealed.length);
            check(w > 0, "channel write " + w);
            out.write(sealed, 0, w);
        }
        out.flush();
    }

    /** Opens a POST stream with a JSON body and returns its id. */
    int open(String path, String json) throws IOException {
        byte[] p = path.getBytes(StandardCharsets.US_ASCII);
        byte[] ct = "application/json".getBytes(StandardCharsets.US_ASCII);
        HpackEncoder e = h2.beginRequest().indexed(HpackStaticTable.METHOD_POST).indexed(HpackStaticTable.SCHEME_HTTPS)
                .literal(HpackStaticTable.PATH_ROOT, p, 0, p.length)
                .literal(HpackStaticTable.AUTHORITY, authority, 0, authority.length)
                .literal(HpackStaticTable.CONTENT_TYPE, ct, 0, ct.length);
        check(!e.overflowed(), "request block overflow");
        int sid = h2.openStream(false);
        check(sid > 0, "openStream " + sid);
        streams.put(sid, new Stream());
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        int[] sent = {0};
        boolean[] fin = {false};
        drive(() -> {
            if (!fin[0]) {
                int n = h2.send(sid, body, sent[0], body.length - sent[0], true);
                if (n >= 0) {
                    sent[0] += n;
                    fin[0] = sent[0] == body.length;
                }
            }
            return fin[0];
        });
        return sid;
    }

    /** POST and wait for the whole response. */
    Stream post(String path, String json) throws IOException {
        int sid = open(path, json);
        Stream s = streams.get(sid);
        drive(() -> s.ended || s.resetCode >= 0);
        return s;
    }

    Stream stream(int sid) {
        return streams.get(sid);
    }

    /** The next MapResponse frame of a streaming map (little-endian uint32 length + JSON). */
    JsonNode nextFrame(int sid) throws IOException {
        Stream s = streams.get(sid);
        int[] len = {-1};
        drive(() -> {
            int size = s.body.size();
            if (len[0] < 0) {
                if (size - s.frameOffset < 4) {
                    return s.ended || s.resetCode >= 0;
                }
                byte[] b = s.body.toByteArray();
                int p = s.frameOffset;
                len[0] = (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8 | (b[p + 2] & 0xFF) << 16 | (b[p + 3] & 0xFF) << 24;
            }
            return size - s.frameOffset - 4 >= len[0] || s.ended || s.resetCode >= 0;
        });
        byte[] b = s.body.toByteArray();
        if (len[0] < 0 || b.length - s.frameOffset - 4 < len[0]) {
            throw new IOException("stream ended without a complete frame (reset " + s.resetCode + ")");
        }
        check(len[0] > 0, "zero-length frame");
        JsonNode j = JSON.readTree(new String(b, s.frameOffset + 4, len[0], StandardCharsets.UTF_8));
        s.frameOffset += 4 + len[0];
        s.framesTaken++;
        return j;
    }

    /** Skips frames until one satisfies {@code p}; returns it. */
    JsonNode nextFrameWhere(int sid, Predicate<JsonNode> p) throws IOException {
        while (true) {
            JsonNode f = nextFrame(sid);
            if (p.test(f)) {
                return f;
            }
        }
    }

    /** A register request body. */
    static String registerJson(String nodeKey, String oldNodeKey, String authKey, String hostname) {
        var o = JSON.createObjectNode();
        o.put("Version", 130);
        o.put("NodeKey", nodeKey);
        if (oldNodeKey != null) {
            o.put("OldNodeKey", oldNodeKey);
        }
        if (authKey != null) {
            o.putObject("Auth").put("AuthKey", authKey);
        }
        o.put("Expiry", "0001-01-01T00:00:00Z");
        o.putObject("Hostinfo").put("Hostname", hostname).put("OS", "microej").put("IPNVersion", "0.1.0");
        return o.toString();
    }

    static String mapJson(String hostname, String nodeKey, String discoKey, boolean stream, boolean omitPeers,
            int preferredDerp, List<String> endpoints) {
        var o = JSON.createObjectNode();
        o.put("Version", 130);
        o.put("NodeKey", nodeKey);
        o.put("DiscoKey", discoKey);
        o.put("Stream", stream);
        o.put("KeepAlive", stream);
        o.put("OmitPeers", omitPeers);
        o.put("Compress", "");
        var hi = o.putObject("Hostinfo").put("Hostname", hostname).put("OS", "microej").put("IPNVersion", "0.1.0");
        if (preferredDerp != 0) {
            hi.putObject("NetInfo").put("PreferredDERP", preferredDerp);
        }
        if (endpoints != null) {
            var eps = o.putArray("Endpoints");
            endpoints.forEach(eps::add);
        }
        return o.toString();
    }

    private static void check(boolean ok, String what) throws IOException {
        if (!ok) {
            throw new IOException(what);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private final class Events implements H2Listener {
        @Override
        public void onHeaders(int streamId, HeaderList headers, boolean endStream) {
            Stream s = streams.get(streamId);
            if (s == null) {
                return;
            }
            if (headers.status() >= 0) {
                s.status = headers.status();
            }
            byte[] d = headers.data();
            for (int i = 0; i < headers.size(); i++) {
                s.headers.put(new String(d, headers.nameOffset(i), headers.nameLength(i), StandardCharsets.ISO_8859_1),
                        new String(d, headers.valueOffset(i), headers.valueLength(i), StandardCharsets.ISO_8859_1));
            }
            s.ended |= endStream;
        }

        @Override
        public void onData(int streamId, int buffered, boolean endStream) {
            Stream s = streams.get(streamId);
            if (s != null) {
                s.ended |= endStream;
            }
        }

        @Override
        public void onStreamReset(int streamId, int errorCode, boolean byPeer) {
            Stream s = streams.get(streamId);
            if (s != null) {
                s.resetCode = errorCode;
            }
        }

        @Override
        public void onGoAway(int lastStreamId, int errorCode) {
        }

        @Override
        public void onPingAck(long opaque) {
        }
    }

    /** Fresh machine, node and disco keys for one simulated device. */
    static final class Device {
        final byte[] machine = newKey();
        byte[] node = newKey();
        final byte[] disco = newKey();

        String nodeKey() {
            return nodeKeyText(node);
        }

        String discoKey() {
            return discoKeyText(disco);
        }
    }

    static List<Long> ids(JsonNode array) {
        List<Long> out = new ArrayList<>();
        if (array != null) {
            array.forEach(n -> out.add(n.isObject() ? n.get("ID").asLong() : n.asLong()));
        }
        return out;
    }
}
