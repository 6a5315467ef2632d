package io.tailnode.sim.demo;

import io.tailnode.sim.SimDevice;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** One HTTP/1.1 GET from a simulated device to another device's tunnel address, over {@link TunnelTcp}. */
final class TunnelHttp {
    /** Status code and body of an answer. */
    record Response(int status, String body) {
    }

    private TunnelHttp() {
    }

    /** GET {@code path} on {@code ipv4}:80 from {@code from}; the whole exchange bounded by {@code timeoutMs}. */
    static Response get(SimDevice from, String ipv4, String path, long timeoutMs) throws IOException, InterruptedException {
        long end = System.nanoTime() + timeoutMs * 1_000_000L;
        try (TunnelTcp c = TunnelTcp.connect(from, ipv4, 80, timeoutMs)) {
            byte[] req = ("GET " + path + " HTTP/1.1\r\nHost: " + ipv4 + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            c.write(req, 0, req.length);
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            while (true) {
                long left = (end - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    throw new IOException("no complete answer from " + ipv4 + " within " + timeoutMs + " ms ("
                            + got.size() + " bytes so far)");
                }
                byte[] b = c.read(left);
                if (b == null) {
                    continue;
                }
                if (b.length == 0) {
                    Response r = parse(got.toByteArray(), true);
                    if (r == null) {
                        throw new IOException("connection to " + ipv4 + " ended (" + c.closeReason() + ") after "
                                + got.size() + " bytes, before a complete answer");
                    }
                    return r;
                }
                got.write(b);
                Response r = parse(got.toByteArray(), false);
                if (r != null) {
                    return r;
                }
            }
        }
    }

    /** The response once headers and Content-Length bytes of body are in (or at the end of stream), else null. */
    static Response parse(byte[] b, boolean atEnd) throws IOException {
        String text = new String(b, StandardCharsets.ISO_8859_1);
        int headEnd = text.indexOf("\r\n\r\n");
        if (headEnd < 0) {
            return null;
        }
        String[] lines = text.substring(0, headEnd).split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP answer: " + lines[0]);
        }
        int status;
        try {
            status = Integer.parseInt(statusLine[1]);
        } catch (NumberFormatException e) {
            throw new IOException("bad status line: " + lines[0]);
        }
        int length = -1;
        boolean chunked = false;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            String name = colon > 0 ? lines[i].substring(0, colon).trim() : "";
            String value = colon > 0 ? lines[i].substring(colon + 1).trim() : "";
            if (name.equalsIgnoreCase("content-length")) {
                length = Integer.parseInt(value);
            } else if (name.equalsIgnoreCase("transfer-encoding") && value.equalsIgnoreCase("chunked")) {
                chunked = true;
            }
        }
        int bodyStart = headEnd + 4;
        if (chunked) {
            String body = dechunk(b, bodyStart);
            if (body == null && atEnd) {
                throw new IOException("chunked body cut short");
            }
            return body == null ? null : new Response(status, body);
        }
        int have = b.length - bodyStart;
        if (length >= 0 && have >= length) {
            return new Response(status, new String(b, bodyStart, length, StandardCharsets.UTF_8));
        }
        if (length < 0 && atEnd) {
            return new Response(status, new String(b, bodyStart, have, StandardCharsets.UTF_8));
        }
        return null;
    }

    /** The chunked body starting at {@code off} once its last (empty) chunk is in, else null. */
    private static String dechunk(byte[] b, int off) throws IOException {
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        int p = off;
        while (true) {
            int eol = indexOfCrlf(b, p);
            if (eol < 0) {
                return null;
            }
            String sizeText = new String(b, p, eol - p, StandardCharsets.ISO_8859_1);
            int semi = sizeText.indexOf(';');
            int size;
            try {
                size = Integer.parseInt((semi < 0 ? sizeText : sizeText.substring(0, semi)).trim(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("bad chunk size line: " + sizeText);
            }
            p = eol + 2;
            if (size == 0) {
                return body.toString(StandardCharsets.UTF_8);
            }
            if (b.length - p < size + 2) {
                return null;
            }
            body.write(b, p, size);
            p += size + 2;
        }
    }

    private static int indexOfCrlf(byte[] b, int from) {
        for (int i = from; i + 1 < b.length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
