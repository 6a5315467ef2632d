package io.tailnode.sim.control;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The control port: plain HTTP/1.1 for {@code GET /key?v=N} and the {@code POST /ts2021} upgrade
 * (tailscale-protocol.md §2.1-2.2), then the Noise responder, then a pipe of decrypted bytes to the internal
 * Jetty h2c connector (HTTP/2 with prior knowledge, §2.4). The 101 header block, the 51-byte response and the
 * early payload go out in one write, as Go's server corks them. One thread per direction per connection.
 */
final class NoiseFront implements Closeable {
    /** Sees the plaintext the server sends to a client (tests inspect HTTP/2 frames and HPACK with it). */
    interface Tap {
        void toClient(int connectionId, byte[] buf, int off, int len);
    }

    private static final int MAX_REQUEST_HEAD = 16 * 1024;

    private final ControlConfig config;
    private final byte[] serverPriv;
    private final String serverKeyText;
    private final String legacyKeyText;
    private final int innerPort;
    private final Callers callers;
    private final SecureRandom random;
    private final ServerSocket listener;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connectionIds = new AtomicInteger();
    final AtomicLong handshakes = new AtomicLong();
    final AtomicLong recordsToClient = new AtomicLong();
    final AtomicLong emptyRecordsToClient = new AtomicLong();
    volatile Tap tap;
    private volatile boolean closed;

    NoiseFront(ControlConfig config, byte[] serverPriv, byte[] legacyPub, int innerPort, Callers callers,
            SecureRandom random) throws IOException {
        this.config = config;
        this.serverPriv = serverPriv.clone();
        this.serverKeyText = KeyText.format(KeyText.MACHINE, NoiseResponder.publicKey(serverPriv));
        this.legacyKeyText = KeyText.format(KeyText.MACHINE, legacyPub);
        this.innerPort = innerPort;
        this.callers = callers;
        this.random = random;
        listener = new ServerSocket();
        listener.setReuseAddress(true);
        listener.bind(new InetSocketAddress(InetAddress.getByName(config.bindHost), config.port));
        Thread t = new Thread(this::acceptLoop, "control-accept");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = listener.accept();
                open.add(s);
                Thread t = new Thread(() -> serve(s), "control-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("control: accept failed: " + e.getMessage());
                }
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            s.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            Map<String, String> headers = new HashMap<>();
            String[] line = readHead(in, headers);
            if (line == null) {
                return;
            }
            URI target = URI.create(line[1]);
            if (line[0].equals("GET") && target.getPath().equals("/key")) {
                serveKey(out, target.getRawQuery());
            } else if (line[0].equals("POST") && target.getPath().equals("/ts2021")) {
                upgrade(s, in, out, headers);
            } else {
                plain(out, 404, "text/plain", "not found\n");
            }
        } catch (IOException | IllegalArgumentException e) {
            // Client went away or sent garbage: nothing to report to anyone but the log.
            if (!closed) {
                System.err.println("control: connection ended: " + e.getMessage());
            }
        } finally {
            open.remove(s);
        }
    }

    /** Request line split in [method, target, version], headers lower-cased; null on EOF before anything. */
    private static String[] readHead(InputStream in, Map<String, String> headers) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int b = in.read();
            if (b < 0) {
                if (head.size() == 0) {
                    return null;
                }
                throw new EOFException("request head truncated");
            }
            head.write(b);
            if (head.size() > MAX_REQUEST_HEAD) {
                throw new IllegalArgumentException("request head over " + MAX_REQUEST_HEAD + " bytes");
            }
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1
                    : (b == '\r' ? 1 : 0);
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        String[] req = lines[0].split(" ");
        if (req.length != 3 || !req[2].startsWith("HTTP/1.")) {
            throw new IllegalArgumentException("bad request line");
        }
        for (int i = 1; i < lines.length; i++) {
            int c = lines[i].indexOf(':');
            if (c > 0) {
                headers.put(lines[i].substring(0, c).trim().toLowerCase(Locale.ROOT), lines[i].substring(c + 1).trim());
            }
        }
        return req;
    }

    private static void plain(OutputStream out, int status, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        String reason = status == 200 ? "OK" : status == 400 ? "Bad Request" : status == 404 ? "Not Found" : "Error";
        String head = "HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: " + type + "\r\nContent-Length: "
                + b.length + "\r\nConnection: close\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.write(b);
        out.flush();
    }

    /** {@code /key?v=N}: v is required (as Headscale); JSON from v39 on, the bare legacy key text before. */
    private void serveKey(OutputStream out, String query) throws IOException {
        int v = -1;
        if (query != null) {
            for (String kv : query.split("&")) {
                if (kv.startsWith("v=")) {
                    try {
                        v = Integer.parseInt(kv.substring(2));
                    } catch (NumberFormatException e) {
                        v = -1;
                    }
                }
            }
        }
        if (v < 0) {
            plain(out, 400, "text/plain", "missing or bad v parameter\n");
        } else if (v < 39) {
            plain(out, 200, "text/plain", legacyKeyText.substring(KeyText.MACHINE.length()));
        } else {
            plain(out, 200, "application/json",
                    "{\"legacyPublicKey\":\"" + legacyKeyText + "\",\"publicKey\":\"" + serverKeyText + "\"}");
        }
    }

    private void upgrade(Socket s, InputStream in, OutputStream out, Map<String, String> headers) throws IOException {
        String upgrade = headers.get("upgrade");
        String hs = headers.get("x-tailscale-handshake");
        if (upgrade == null || !upgrade.equalsIgnoreCase("tailscale-control-protocol") || hs == null) {
            plain(out, 400, "text/plain", "want Upgrade: tailscale-control-protocol and X-Tailscale-Handshake\n");
            return;
        }
        long body = headers.containsKey("content-length") ? Long.parseLong(headers.get("content-length")) : 0;
        if (body < 0 || body > 65536) {
            throw new IllegalArgumentException("bad Content-Length");
        }
        in.skipNBytes(body);
        NoiseResponder.Result r;
        try {
            r = new NoiseResponder(serverPriv, random).respond(Base64.getDecoder().decode(hs));
        } catch (IllegalArgumentException e) {
            plain(out, 400, "text/plain", "bad handshake: " + e.getMessage() + "\n");
            return;
        }
        handshakes.incrementAndGet();
        int id = connectionIds.incrementAndGet();
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        first.writeBytes(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: tailscale-control-protocol\r\n"
                + "Connection: upgrade\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        first.writeBytes(r.response);
        RecordWriter writer = new RecordWriter(r.toClient, id);
        if (config.earlyPayload) {
            byte[] chal = new byte[32];
            random.nextBytes(chal);
            byte[] json = ("{\"nodeKeyChallenge\":\"" + KeyText.format("chalpub:", NoiseResponder.publicKey(chal))
                    + "\"}").getBytes(StandardCharsets.UTF_8);
            byte[] early = new byte[9 + json.length];
            early[0] = (byte) 0xFF;
            early[1] = (byte) 0xFF;
            early[2] = (byte) 0xFF;
            early[3] = 'T';
            early[4] = 'S';
            early[5] = (byte) (json.length >>> 24);
            early[6] = (byte) (json.length >>> 16);
            early[7] = (byte) (json.length >>> 8);
            early[8] = (byte) json.length;
            System.arraycopy(json, 0, early, 9, json.length);
            writer.seal(early, early.length, first);
        }
        byte[] head = first.toByteArray();
        if (config.split) {
            // 101 headers, Noise response and early payload in 1..7-byte writes instead of one corked write.
            for (int p = 0, n = 1; p < head.length; p += n, n = n % 7 + 1) {
                out.write(head, p, Math.min(n, head.length - p));
                out.flush();
            }
        } else {
            out.write(head);
            out.flush();
        }
        try (Socket inner = new Socket(InetAddress.getLoopbackAddress(), innerPort)) {
            inner.setTcpNoDelay(true);
            open.add(inner);
            int localPort = inner.getLocalPort();
            callers.attach(localPort, new Callers.Caller(KeyText.format(KeyText.MACHINE, r.clientStatic), r.version, id));
            Thread down = new Thread(() -> pumpToClient(inner, s, writer), "control-down-" + id);
            down.setDaemon(true);
            down.start();
            try {
                pumpFromClient(in, inner.getOutputStream(), r.fromClient);
            } finally {
                callers.detach(localPort);
                open.remove(inner);
                r.fromClient.wipe();
            }
        }
    }

    /** Client records → plaintext → Jetty. Any bad record ends the connection (controlbase poisons on error). */
    private static void pumpFromClient(InputStream in, OutputStream toJetty, NoiseTransport rx) throws IOException {
        byte[] header = new byte[3];
        byte[] ct = new byte[NoiseTransport.MAX_CIPHERTEXT];
        while (true) {
            if (in.readNBytes(header, 0, 3) < 3) {
                return;
            }
            int len = ((header[1] & 0xFF) << 8) | (header[2] & 0xFF);
            if (header[0] != NoiseTransport.TYPE_RECORD || len > NoiseTransport.MAX_CIPHERTEXT || len < 16) {
                throw new IllegalArgumentException("bad record header type " + header[0] + " length " + len);
            }
            if (in.readNBytes(ct, 0, len) < len) {
                return;
            }
            byte[] plain = rx.open(ct, 0, len);
            if (plain == null) {
                throw new IllegalArgumentException("record " + (rx.counter() - 1) + " does not authenticate");
            }
            toJetty.write(plain);
            toJetty.flush();
        }
    }

    /** Jetty's bytes → records to the client, shaped by the split and zero-length quirks. */
    private void pumpToClient(Socket inner, Socket client, RecordWriter writer) {
        byte[] buf = new byte[NoiseTransport.MAX_PLAINTEXT];
        try {
            InputStream in = inner.getInputStream();
            OutputStream out = client.getOutputStream();
            int n;
            while ((n = in.read(buf)) > 0) {
                Tap t = tap;
                if (t != null) {
                    t.toClient(writer.connectionId, buf, 0, n);
                }
                ByteArrayOutputStream wire = new ByteArrayOutputStream();
                if (config.split) {
                    // One record per write so the client also sees them in separate reads.
                    for (int p = 0; p < n;) {
                        int c = Math.min(n - p, writer.nextSplit());
                        wire.reset();
                        writer.sealSlice(buf, p, c, wire);
                        out.write(wire.toByteArray());
                        out.flush();
                        p += c;
                    }
                } else {
                    writer.seal(buf, n, wire);
                    out.write(wire.toByteArray());
                    out.flush();
                }
            }
        } catch (IOException e) {
            // Either side closed.
        } finally {
            writer.tx.wipe();
            try {
                client.close();
                inner.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    /** Seals plaintext into records of at most 4077 bytes (or 1..7 bytes in split mode), with empty ones interleaved. */
    private final class RecordWriter {
        final NoiseTransport tx;
        final int connectionId;
        private int splitCycle;

        RecordWriter(NoiseTransport tx, int connectionId) {
            this.tx = tx;
            this.connectionId = connectionId;
        }

        int nextSplit() {
            return 1 + (splitCycle++ % 7);
        }

        void seal(byte[] plain, int len, ByteArrayOutputStream wire) {
            for (int p = 0; p < len;) {
                int c = Math.min(len - p, config.split ? nextSplit() : NoiseTransport.MAX_PLAINTEXT);
                sealSlice(plain, p, c, wire);
                p += c;
            }
        }

        void sealSlice(byte[] plain, int off, int len, ByteArrayOutputStream wire) {
            if (config.zeroLengthRecords) {
                wire.writeBytes(tx.seal(plain, off, 0));
                emptyRecordsToClient.incrementAndGet();
                recordsToClient.incrementAndGet();
            }
            wire.writeBytes(tx.seal(plain, off, len));
            recordsToClient.incrementAndGet();
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException e) {
                // best effort
            }
        }
    }
}
