package io.tailnode.control.client;

import io.tailnode.control.h2.H2Constants;
import io.tailnode.control.h2.TestH2Server;
import io.tailnode.control.noise.TestResponder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * One in-memory control server connection for the client tests (Java 17): the HTTP/1.1 upgrade answered by hand,
 * the Noise responder of the noise tests, the test HTTP/2 server of the h2 tests. Every completed request (END_STREAM
 * on its body) is handed to {@link #onRequest} with its path and JSON body; the test answers through
 * {@link #respond}, {@link #mapFrame} and friends.
 */
final class FakeControl {
    static final byte[] SERVER_STATIC = fill(0x51);
    static final byte[] SERVER_EPHEMERAL = fill(0x61);

    record Request(int stream, String path, String body, List<String> headers) {
    }

    final TestResponder noise = new TestResponder(SERVER_STATIC);
    final TestH2Server h2 = new TestH2Server();
    final List<Request> requests = new ArrayList<>();
    final ByteArrayOutputStream toClient = new ByteArrayOutputStream();
    private final ByteArrayOutputStream in = new ByteArrayOutputStream();
    private final ByteArrayOutputStream records = new ByteArrayOutputStream();
    boolean earlyPayload = true;
    String upgradeRequest;
    byte[] initiation;
    /** Called for each complete request; default answers nothing. */
    BiConsumer<FakeControl, Request> onRequest = (s, r) -> { };
    /** HTTP status line for the upgrade answer; null = 101. */
    String refuseUpgrade;
    private boolean upgraded;
    private int framesSeen;

    static byte[] fill(int v) {
        byte[] b = new byte[32];
        Arrays.fill(b, (byte) v);
        return b;
    }

    /** Bytes the client wrote. */
    void fromClient(byte[] b, int off, int len) {
        if (!upgraded) {
            in.write(b, off, len);
            String s = in.toString(StandardCharsets.ISO_8859_1);
            int end = s.indexOf("\r\n\r\n");
            if (end < 0) {
                return;
            }
            upgradeRequest = s.substring(0, end + 4);
            upgraded = true;
            if (refuseUpgrade != null) {
                toClient.writeBytes((refuseUpgrade + "\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                return;
            }
            String hs = null;
            for (String line : upgradeRequest.split("\r\n")) {
                if (line.startsWith("X-Tailscale-Handshake: ")) {
                    hs = line.substring(23);
                }
            }
            initiation = Base64.getDecoder().decode(hs);
            byte[] resp = noise.respond(initiation, SERVER_EPHEMERAL);
            toClient.writeBytes(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: tailscale-control-protocol\r\n"
                    + "Connection: upgrade\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            toClient.writeBytes(resp);
            if (earlyPayload) {
                toClient.writeBytes(noise.seal(TestResponder.earlyPayload("{\"nodeKeyChallenge\":\"chalpub:"
                        + "00".repeat(32) + "\"}")));
            }
            h2.settings();
            h2.settingsAck();
            flushH2();
            byte[] rest = Arrays.copyOfRange(in.toByteArray(), end + 4, in.size());
            if (rest.length > 0) {
                records(rest);
            }
            return;
        }
        records(Arrays.copyOfRange(b, off, off + len));
    }

    private void records(byte[] b) {
        records.writeBytes(b);
        byte[] all = records.toByteArray();
        int p = 0;
        while (all.length - p >= 3) {
            int n = ((all[p + 1] & 0xFF) << 8) | (all[p + 2] & 0xFF);
            if (all.length - p < 3 + n) {
                break;
            }
            byte[] plain = noise.openAll(Arrays.copyOfRange(all, p, p + 3 + n), 3 + n);
            h2.receive(plain, 0, plain.length);
            p += 3 + n;
        }
        records.reset();
        records.write(all, p, all.length - p);
        for (; framesSeen < h2.received.size(); framesSeen++) {
            TestH2Server.Frame f = h2.received.get(framesSeen);
            boolean end = (f.flags() & 1) != 0;
            if (end && (f.type() == H2Constants.TYPE_DATA || f.type() == H2Constants.TYPE_HEADERS)) {
                List<String> hdr = h2.requests.get(f.stream());
                String path = "";
                for (String h : hdr) {
                    if (h.startsWith(":path: ")) {
                        path = h.substring(7);
                    }
                }
                ByteArrayOutputStream body = h2.requestBodies.get(f.stream());
                Request r = new Request(f.stream(), path, body == null ? "" : body.toString(StandardCharsets.UTF_8), hdr);
                requests.add(r);
                onRequest.accept(this, r);
            }
        }
        flushH2();
    }

    /** Moves the HTTP/2 server's output into sealed records for the client. */
    void flushH2() {
        byte[] out = h2.takeOutput();
        for (int o = 0; o < out.length; o += 4077) {
            toClient.writeBytes(noise.seal(Arrays.copyOfRange(out, o, Math.min(out.length, o + 4077))));
        }
    }

    /** A whole response: 200 (or status) + JSON body + END_STREAM. */
    void respond(int stream, int status, String json, String... headers) {
        h2.headers(stream, TestH2Server.responseBlock(status, true, false, headers), json.isEmpty());
        if (!json.isEmpty()) {
            h2.body(stream, json.getBytes(StandardCharsets.UTF_8), 16384, true);
        }
        flushH2();
    }

    /** Starts the map stream answer: 200 headers, no end. */
    void mapHeaders(int stream) {
        h2.headers(stream, TestH2Server.responseBlock(200, true, false), false);
        flushH2();
    }

    /** One map frame: little-endian length + JSON. */
    void mapFrame(int stream, String json) {
        mapBytes(stream, frame(json));
    }

    void mapBytes(int stream, byte[] data) {
        h2.body(stream, data, 16384, false);
        flushH2();
    }

    static byte[] frame(String json) {
        byte[] j = json.getBytes(StandardCharsets.UTF_8);
        byte[] f = new byte[4 + j.length];
        f[0] = (byte) j.length;
        f[1] = (byte) (j.length >>> 8);
        f[2] = (byte) (j.length >>> 16);
        f[3] = (byte) (j.length >>> 24);
        System.arraycopy(j, 0, f, 4, j.length);
        return f;
    }

    byte[] takeToClient() {
        byte[] b = toClient.toByteArray();
        toClient.reset();
        return b;
    }

    Request last(String path) {
        for (int i = requests.size() - 1; i >= 0; i--) {
            if (requests.get(i).path().equals(path)) {
                return requests.get(i);
            }
        }
        return null;
    }

    long count(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).count();
    }
}
