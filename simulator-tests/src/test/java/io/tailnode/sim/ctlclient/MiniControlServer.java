package io.tailnode.sim.ctlclient;

import io.tailnode.control.noise.TestResponder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tailnode.control.h2.HeaderList;
import io.tailnode.control.h2.HpackDecoder;
import io.tailnode.control.noise.TestResponder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A deliberately small control server for the control client's simulator tests (loopback TCP, Java 17): GET /key,
 * POST /ts2021 with the Noise responder, just enough HTTP/2 (SETTINGS, HEADERS with HPACK decoding from net-stack,
 * DATA, WINDOW_UPDATE ignored beyond small bodies, PING), /machine/register (any auth key from {@link #authKeys}
 * authorizes), /machine/map streaming (full map with every other node, PeersChanged when a node joins or sends a
 * lite update) and lite updates (Endpoints). It is not the development control server (issue 6's
 * io.tailnode.sim.control); it exists so the device side can be tested over real sockets on its own.
 */
final class MiniControlServer implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    final byte[] staticPriv = new byte[32];
    final TestResponder keyHolder;
    final ServerSocket socket;
    final List<String> authKeys = new ArrayList<>(List.of("tskey-test"));
    final List<String> log = new ArrayList<>();
    /** Node key hex → node. */
    final Map<String, Node> nodes = new LinkedHashMap<>();
    private final Thread acceptor;
    private volatile boolean closed;
    private int nextId = 1;

    static final class Node {
        long id;
        String key;
        String disco = "00".repeat(32);
        String hostname = "";
        String v4;
        String v6;
        List<String> endpoints = new ArrayList<>();
        Conn mapConn;
        int mapStream;
    }

    MiniControlServer() throws IOException {
        Arrays.fill(staticPriv, (byte) 0x5a);
        keyHolder = new TestResponder(staticPriv);
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, "mini-control");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String url() {
        return "http://127.0.0.1:" + socket.getLocalPort();
    }

    String publicKeyText() {
        return "mkey:" + HexFormat.of().formatHex(keyHolder.staticPub);
    }

    synchronized List<String> logLines() {
        return new ArrayList<>(log);
    }

    synchronized int nodeCount() {
        return nodes.size();
    }

    private synchronized void note(String s) {
        log.add(s);
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = socket.accept();
                Thread t = new Thread(() -> serve(s), "mini-control-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        socket.close();
    }

    // ---------------------------------------------------------------- one connection

    private void serve(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    return;
                }
                head.write(b);
            }
            String req = head.toString(StandardCharsets.ISO_8859_1);
            if (req.startsWith("GET /key?v=")) {
                note("GET /key");
                byte[] body = ("{\"legacyPublicKey\":\"mkey:" + "00".repeat(32) + "\",\"publicKey\":\"" + publicKeyText() + "\"}")
                        .getBytes(StandardCharsets.US_ASCII);
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                return;
            }
            String hs = null;
            for (String line : req.split("\r\n")) {
                if (line.startsWith("X-Tailscale-Handshake: ")) {
                    hs = line.substring(23);
                }
            }
            if (!req.startsWith("POST /ts2021 HTTP/1.1\r\n") || hs == null) {
                out.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                return;
            }
            Conn c = new Conn(out);
            byte[] eph = new byte[32];
            new java.security.SecureRandom().nextBytes(eph);
            byte[] resp = c.noise.respond(Base64.getDecoder().decode(hs), eph);
            synchronized (c) {
                out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: tailscale-control-protocol\r\n"
                        + "Connection: upgrade\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(resp);
                c.sendFrame(4, 0, 0, new byte[0]); // SETTINGS (empty)
            }
            c.run(in);
        } catch (IOException | RuntimeException e) {
            note("connection ended: " + e);
        }
    }

    private final class Conn {
        final TestResponder noise = new TestResponder(staticPriv);
        final OutputStream out;
        final HpackDecoder decoder = new HpackDecoder(4096);
        final HeaderList headers = new HeaderList(16384, 64);
        final Map<Integer, String> paths = new LinkedHashMap<>();
        final Map<Integer, ByteArrayOutputStream> bodies = new LinkedHashMap<>();

        Conn(OutputStream out) {
            this.out = out;
        }

        void run(InputStream in) throws IOException {
            ByteArrayOutputStream plain = new ByteArrayOutputStream();
            boolean preface = false;
            byte[] hdr = new byte[3];
            while (true) {
                if (in.readNBytes(hdr, 0, 3) < 3) {
                    return;
                }
                int n = ((hdr[1] & 0xff) << 8) | (hdr[2] & 0xff);
                byte[] ct = in.readNBytes(n);
                byte[] rec = new byte[3 + n];
                System.arraycopy(hdr, 0, rec, 0, 3);
                System.arraycopy(ct, 0, rec, 3, n);
                plain.writeBytes(noise.openAll(rec, rec.length));
                byte[] all = plain.toByteArray();
                int p = 0;
                if (!preface) {
                    if (all.length < 24) {
                        continue;
                    }
                    preface = true;
                    p = 24;
                }
                while (all.length - p >= 9) {
                    int len = ((all[p] & 0xff) << 16) | ((all[p + 1] & 0xff) << 8) | (all[p + 2] & 0xff);
                    if (all.length - p < 9 + len) {
                        break;
                    }
                    int type = all[p + 3] & 0xff;
                    int flags = all[p + 4] & 0xff;
                    int sid = ((all[p + 5] & 0x7f) << 24) | ((all[p + 6] & 0xff) << 16) | ((all[p + 7] & 0xff) << 8)
                            | (all[p + 8] & 0xff);
                    frame(type, flags, sid, Arrays.copyOfRange(all, p + 9, p + 9 + len));
                    p += 9 + len;
                }
                plain.reset();
                plain.write(all, p, all.length - p);
            }
        }

        void frame(int type, int flags, int sid, byte[] payload) throws IOException {
            switch (type) {
                case 4 -> {
                    if ((flags & 1) == 0) {
                        sendFrame(4, 1, 0, new byte[0]);
                    }
                }
                case 6 -> {
                    if ((flags & 1) == 0) {
                        sendFrame(6, 1, 0, payload);
                    }
                }
                case 1 -> {
                    if (decoder.decode(payload, 0, payload.length, headers) < 0) {
                        throw new IOException("bad header block");
                    }
                    for (int i = 0; i < headers.size(); i++) {
                        String name = new String(headers.data(), headers.nameOffset(i), headers.nameLength(i),
                                StandardCharsets.ISO_8859_1);
                        if (name.equals(":path")) {
                            paths.put(sid, new String(headers.data(), headers.valueOffset(i), headers.valueLength(i),
                                    StandardCharsets.ISO_8859_1));
                        }
                    }
                    bodies.put(sid, new ByteArrayOutputStream());
                    if ((flags & 1) != 0) {
                        request(sid);
                    }
                }
                case 0 -> {
                    bodies.get(sid).writeBytes(payload);
                    if ((flags & 1) != 0) {
                        request(sid);
                    }
                }
                default -> {
                }
            }
        }

        void request(int sid) throws IOException {
            String path = paths.get(sid);
            JsonNode body = JSON.readTree(bodies.get(sid).toByteArray());
            note(path + " " + (body.has("Stream") ? (body.get("Stream").asBoolean() ? "stream" : "lite") : "register"));
            String key = body.path("NodeKey").asText().replace("nodekey:", "");
            if (path.equals("/machine/register")) {
                String auth = body.path("Auth").path("AuthKey").asText("");
                boolean ok;
                synchronized (MiniControlServer.this) {
                    ok = nodes.containsKey(key) || authKeys.contains(auth);
                    if (ok && !nodes.containsKey(key)) {
                        Node n = new Node();
                        n.id = nextId++;
                        n.key = key;
                        n.v4 = "100.64.0." + n.id;
                        n.v6 = "fd7a:115c:a1e0::" + n.id;
                        n.hostname = body.path("Hostinfo").path("Hostname").asText();
                        nodes.put(key, n);
                    }
                }
                respond(sid, ok ? "{\"User\":{},\"Login\":{},\"MachineAuthorized\":true}"
                        : "{\"Error\":\"invalid auth key\"}");
                return;
            }
            Node self;
            synchronized (MiniControlServer.this) {
                self = nodes.get(key);
            }
            if (self == null) {
                sendHeaders(sid, 401, true);
                return;
            }
            synchronized (MiniControlServer.this) {
                self.disco = body.path("DiscoKey").asText().replace("discokey:", "");
                if (body.has("Endpoints") && body.get("Endpoints").size() > 0) {
                    self.endpoints = new ArrayList<>();
                    body.get("Endpoints").forEach(e -> self.endpoints.add(e.asText()));
                }
            }
            if (body.path("Stream").asBoolean()) {
                synchronized (MiniControlServer.this) {
                    self.mapConn = this;
                    self.mapStream = sid;
                }
                sendHeaders(sid, 200, false);
                sendMapFrame(sid, fullMap(self));
                broadcastChanged(self);
            } else {
                sendHeaders(sid, 200, true);
                broadcastChanged(self);
            }
        }

        void respond(int sid, String json) throws IOException {
            sendHeaders(sid, 200, false);
            sendFrame(0, 1, sid, json.getBytes(StandardCharsets.UTF_8));
        }

        void sendHeaders(int sid, int status, boolean end) throws IOException {
            byte[] block = status == 200 ? new byte[] {(byte) 0x88}
                    : new byte[] {0x08, 3, (byte) ('0' + status / 100), (byte) ('0' + status / 10 % 10),
                        (byte) ('0' + status % 10)};
            sendFrame(1, 4 | (end ? 1 : 0), sid, block);
        }

        void sendMapFrame(int sid, String json) throws IOException {
            byte[] j = json.getBytes(StandardCharsets.UTF_8);
            byte[] f = new byte[4 + j.length];
            f[0] = (byte) j.length;
            f[1] = (byte) (j.length >>> 8);
            f[2] = (byte) (j.length >>> 16);
            f[3] = (byte) (j.length >>> 24);
            System.arraycopy(j, 0, f, 4, j.length);
            for (int o = 0; o < f.length; o += 8000) {
                sendFrame(0, 0, sid, Arrays.copyOfRange(f, o, Math.min(f.length, o + 8000)));
            }
        }

        synchronized void sendFrame(int type, int flags, int sid, byte[] payload) throws IOException {
            byte[] f = new byte[9 + payload.length];
            f[0] = (byte) (payload.length >>> 16);
            f[1] = (byte) (payload.length >>> 8);
            f[2] = (byte) payload.length;
            f[3] = (byte) type;
            f[4] = (byte) flags;
            f[5] = (byte) (sid >>> 24);
            f[6] = (byte) (sid >>> 16);
            f[7] = (byte) (sid >>> 8);
            f[8] = (byte) sid;
            System.arraycopy(payload, 0, f, 9, payload.length);
            for (int o = 0; o < f.length; o += 4077) {
                out.write(noise.seal(Arrays.copyOfRange(f, o, Math.min(f.length, o + 4077))));
            }
            out.flush();
        }
    }

    private static String nodeJson(Node n) {
        StringBuilder eps = new StringBuilder();
        for (String e : n.endpoints) {
            eps.append(eps.length() == 0 ? "" : ",").append('"').append(e).append('"');
        }
        return "{\"ID\":" + n.id + ",\"StableID\":\"n" + n.id + "\",\"Name\":\"" + n.hostname + ".tail.test.\","
                + "\"Key\":\"nodekey:" + n.key + "\",\"KeyExpiry\":\"0001-01-01T00:00:00Z\",\"DiscoKey\":\"discokey:" + n.disco
                + "\",\"Addresses\":[\"" + n.v4 + "/32\",\"" + n.v6 + "/128\"],\"AllowedIPs\":[\"" + n.v4 + "/32\",\""
                + n.v6 + "/128\"],\"Endpoints\":[" + eps + "],\"HomeDERP\":1,\"Hostinfo\":{\"Hostname\":\""
                + n.hostname + "\"},\"MachineAuthorized\":true}";
    }

    private synchronized String fullMap(Node self) {
        StringBuilder peers = new StringBuilder();
        for (Node n : nodes.values()) {
            if (n != self) {
                peers.append(peers.length() == 0 ? "" : ",").append(nodeJson(n));
            }
        }
        return "{\"Node\":" + nodeJson(self) + ",\"ControlTime\":\"" + java.time.Instant.now() + "\",\"Peers\":[" + peers
                + "],\"Domain\":\"tail.test\",\"PacketFilter\":[{\"SrcIPs\":[\"*\"],\"DstPorts\":[{\"IP\":\"*\","
                + "\"Ports\":{\"First\":0,\"Last\":65535}}]}]}";
    }

    private void broadcastChanged(Node changed) throws IOException {
        List<Node> targets;
        String delta;
        synchronized (this) {
            targets = new ArrayList<>(nodes.values());
            delta = "{\"PeersChanged\":[" + nodeJson(changed) + "]}";
        }
        for (Node n : targets) {
            if (n != changed && n.mapConn != null) {
                try {
                    n.mapConn.sendMapFrame(n.mapStream, delta);
                } catch (IOException e) {
                    n.mapConn = null;
                }
            }
        }
    }

    /** Sends a keep-alive on every map stream. */
    void keepAlives() {
        List<Node> targets;
        synchronized (this) {
            targets = new ArrayList<>(nodes.values());
        }
        for (Node n : targets) {
            if (n.mapConn != null) {
                try {
                    n.mapConn.sendMapFrame(n.mapStream, "{\"KeepAlive\":true}");
                } catch (IOException e) {
                    n.mapConn = null;
                }
            }
        }
    }
}
