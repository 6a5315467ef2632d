package io.tailnode.control.h2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal HTTP/2 server written for the tests (Java 17, allocation is fine here): parses the client's
 * preface and frames, tracks the client's advertised windows and refuses to overrun them (asserting the client
 * replenishes them), and writes responses with its own HPACK encoder (static index, literals with and without
 * indexing, optional Huffman, size update, CONTINUATION splitting).
 */
public final class TestH2Server {
    public record Frame(int type, int flags, int stream, byte[] payload) {
    }

    public final List<Frame> received = new ArrayList<>();
    public final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream in = new ByteArrayOutputStream();
    private boolean prefaceSeen;
    public int clientInitialWindow = 65535;
    public long connWindow = 65535;
    public final Map<Integer, Long> streamWindow = new HashMap<>();
    public final Map<Integer, ArrayDeque<byte[]>> pendingBody = new HashMap<>();
    public final Map<Integer, Boolean> pendingEnd = new HashMap<>();
    public final Map<Integer, ByteArrayOutputStream> requestBodies = new HashMap<>();
    public final HpackDecoder requestDecoder = new HpackDecoder(4096);
    public final HeaderList requestHeaders = new HeaderList(65536, 128);
    public final Map<Integer, List<String>> requests = new HashMap<>();
    public int maxFrame = 16384;
    public int windowUpdatesReceived;
    public boolean autoAckPing = true;

    /** Bytes from the client. */
    public void receive(byte[] b, int off, int len) {
        in.write(b, off, len);
        byte[] all = in.toByteArray();
        int p = 0;
        if (!prefaceSeen) {
            if (all.length < 24) {
                return;
            }
            assertArrayEquals(TestBytes.ascii("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"), java.util.Arrays.copyOf(all, 24));
            prefaceSeen = true;
            p = 24;
        }
        while (all.length - p >= 9) {
            int flen = ((all[p] & 0xff) << 16) | ((all[p + 1] & 0xff) << 8) | (all[p + 2] & 0xff);
            if (all.length - p < 9 + flen) {
                break;
            }
            Frame f = new Frame(all[p + 3] & 0xff, all[p + 4] & 0xff, getInt(all, p + 5) & 0x7fffffff,
                    java.util.Arrays.copyOfRange(all, p + 9, p + 9 + flen));
            p += 9 + flen;
            received.add(f);
            onFrame(f);
        }
        in.reset();
        in.write(all, p, all.length - p);
    }

    private final ByteArrayOutputStream headerBlock = new ByteArrayOutputStream();

    private void onFrame(Frame f) {
        switch (f.type) {
            case H2Constants.TYPE_SETTINGS -> {
                if ((f.flags & 1) == 0) {
                    for (int i = 0; i < f.payload.length; i += 6) {
                        int id = ((f.payload[i] & 0xff) << 8) | (f.payload[i + 1] & 0xff);
                        int v = getInt(f.payload, i + 2);
                        if (id == H2Constants.SETTINGS_INITIAL_WINDOW_SIZE) {
                            clientInitialWindow = v;
                        }
                    }
                }
            }
            case H2Constants.TYPE_WINDOW_UPDATE -> {
                windowUpdatesReceived++;
                int inc = getInt(f.payload, 0);
                if (f.stream == 0) {
                    connWindow += inc;
                } else {
                    streamWindow.merge(f.stream, (long) inc, Long::sum);
                }
                flushBodies();
            }
            case H2Constants.TYPE_HEADERS, H2Constants.TYPE_CONTINUATION -> {
                if (f.type == H2Constants.TYPE_HEADERS) {
                    headerBlock.reset();
                    streamWindow.putIfAbsent(f.stream, (long) clientInitialWindow);
                }
                headerBlock.write(f.payload, 0, f.payload.length);
                if ((f.flags & H2Constants.FLAG_END_HEADERS) != 0) {
                    byte[] b = headerBlock.toByteArray();
                    int r = requestDecoder.decode(b, 0, b.length, requestHeaders);
                    assertTrue(r >= 0, "client header block decodes");
                    requests.put(f.stream, TestBytes.fields(requestHeaders));
                }
            }
            case H2Constants.TYPE_DATA -> requestBodies.computeIfAbsent(f.stream, k -> new ByteArrayOutputStream())
                    .write(f.payload, 0, f.payload.length);
            case H2Constants.TYPE_PING -> {
                if ((f.flags & 1) == 0 && autoAckPing) {
                    frame(H2Constants.TYPE_PING, 1, 0, f.payload);
                }
            }
            default -> {
            }
        }
    }

    public List<Frame> framesOfType(int type) {
        return received.stream().filter(f -> f.type == type).toList();
    }

    // ---------------------------------------------------------------- output

    public void frame(int type, int flags, int stream, byte[] payload) {
        byte[] h = new byte[9];
        FrameHeader.write(h, 0, payload.length, type, flags, stream);
        out.write(h, 0, 9);
        out.write(payload, 0, payload.length);
    }

    public void settings(int... idValue) {
        byte[] p = new byte[idValue.length * 3];
        for (int i = 0; i < idValue.length; i += 2) {
            int o = i * 3;
            p[o] = (byte) (idValue[i] >> 8);
            p[o + 1] = (byte) idValue[i];
            putInt(p, o + 2, idValue[i + 1]);
        }
        frame(H2Constants.TYPE_SETTINGS, 0, 0, p);
    }

    public void settingsAck() {
        frame(H2Constants.TYPE_SETTINGS, 1, 0, new byte[0]);
    }

    public void windowUpdate(int stream, int inc) {
        byte[] p = new byte[4];
        putInt(p, 0, inc);
        frame(H2Constants.TYPE_WINDOW_UPDATE, 0, stream, p);
    }

    public void rst(int stream, int code) {
        byte[] p = new byte[4];
        putInt(p, 0, code);
        frame(H2Constants.TYPE_RST_STREAM, 0, stream, p);
    }

    public void goAway(int last, int code) {
        byte[] p = new byte[8];
        putInt(p, 0, last);
        putInt(p, 4, code);
        frame(H2Constants.TYPE_GOAWAY, 0, 0, p);
    }

    public void ping(long opaque) {
        byte[] p = new byte[8];
        putInt(p, 0, (int) (opaque >>> 32));
        putInt(p, 4, (int) opaque);
        frame(H2Constants.TYPE_PING, 0, 0, p);
    }

    /** Response header block: optional size update to 0, :status, then extra fields in a mix of literal forms. */
    public static byte[] responseBlock(int status, boolean sizeUpdateZero, boolean huffman, String... nameValues) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        if (sizeUpdateZero) {
            b.write(0x20);
        }
        if (status == 200) {
            b.write(0x88);
        } else if (status > 0) {
            b.write(0x08); // literal without indexing, name :status (index 8)
            str(b, String.valueOf(status), huffman);
        }
        for (int i = 0; i < nameValues.length; i += 2) {
            b.write(i % 4 == 0 ? 0x10 : 0x00); // alternate never-indexed and without-indexing
            str(b, nameValues[i], huffman);
            str(b, nameValues[i + 1], huffman);
        }
        return b.toByteArray();
    }

    public static void str(ByteArrayOutputStream b, String s, boolean huffman) {
        byte[] raw = TestBytes.ascii(s);
        byte[] data = huffman ? TestBytes.huffman(raw) : raw;
        int flag = huffman ? 0x80 : 0;
        int len = data.length;
        if (len < 127) {
            b.write(flag | len);
        } else {
            b.write(flag | 127);
            len -= 127;
            while (len >= 128) {
                b.write((len & 0x7f) | 0x80);
                len >>>= 7;
            }
            b.write(len);
        }
        b.write(data, 0, data.length);
    }

    /** HEADERS (+ CONTINUATION when split points are given) carrying {@code block}. */
    public void headers(int stream, byte[] block, boolean endStream, int... splits) {
        int prev = 0;
        for (int i = 0; i <= splits.length; i++) {
            int end = i < splits.length ? splits[i] : block.length;
            int flags = (i == splits.length ? H2Constants.FLAG_END_HEADERS : 0) | (i == 0 && endStream ? 1 : 0);
            frame(i == 0 ? H2Constants.TYPE_HEADERS : H2Constants.TYPE_CONTINUATION, flags, stream,
                    java.util.Arrays.copyOfRange(block, prev, end));
            prev = end;
        }
    }

    /** Queues a body; DATA frames go out only as far as the client's windows allow (the rest on WINDOW_UPDATE). */
    public void body(int stream, byte[] data, int frameSize, boolean end) {
        ArrayDeque<byte[]> q = pendingBody.computeIfAbsent(stream, k -> new ArrayDeque<>());
        for (int o = 0; o < data.length; o += frameSize) {
            q.add(java.util.Arrays.copyOfRange(data, o, Math.min(data.length, o + frameSize)));
        }
        pendingEnd.put(stream, end);
        flushBodies();
    }

    public void flushBodies() {
        for (Map.Entry<Integer, ArrayDeque<byte[]>> e : pendingBody.entrySet()) {
            int s = e.getKey();
            ArrayDeque<byte[]> q = e.getValue();
            while (!q.isEmpty()) {
                byte[] c = q.peek();
                long sw = streamWindow.getOrDefault(s, (long) clientInitialWindow);
                if (c.length > sw || c.length > connWindow) {
                    break;
                }
                q.poll();
                streamWindow.put(s, sw - c.length);
                connWindow -= c.length;
                frame(H2Constants.TYPE_DATA, q.isEmpty() && pendingEnd.get(s) ? 1 : 0, s, c);
            }
        }
    }

    public boolean bodiesDone() {
        return pendingBody.values().stream().allMatch(ArrayDeque::isEmpty);
    }

    public byte[] takeOutput() {
        byte[] b = out.toByteArray();
        out.reset();
        return b;
    }

    public static int getInt(byte[] b, int o) {
        return ((b[o] & 0xff) << 24) | ((b[o + 1] & 0xff) << 16) | ((b[o + 2] & 0xff) << 8) | (b[o + 3] & 0xff);
    }

    public static void putInt(byte[] b, int o, int v) {
        b[o] = (byte) (v >>> 24);
        b[o + 1] = (byte) (v >>> 16);
        b[o + 2] = (byte) (v >>> 8);
        b[o + 3] = (byte) v;
    }

    public static void failIf(boolean c, String m) {
        if (c) {
            fail(m);
        }
    }
}
