package io.tailnode.control.client;

import io.tailnode.control.json.JsonPullParser;
import io.tailnode.control.json.JsonToken;
import io.tailnode.control.json.KeyText;

/**
 * {@code GET /key?v=<capver>} over plain HTTP/1.1 (tailscale-protocol.md §2.1), sans-I/O: {@link #writeRequest}
 * gives the request bytes, {@link #receive} takes the answer in pieces, {@link #finish} at end of stream. The
 * answer must be 200 with a JSON body holding {@code "publicKey":"mkey:<64 hex>"} (legacyPublicKey ignored);
 * the body is bounded by the buffer given at construction and read up to Content-Length or the end of the
 * connection (we send {@code Connection: close}). Use it only where {@link ControlUrl#allowsPlainKeyFetch}
 * says so. Allocation at construction only; not thread-safe.
 */
public final class KeyFetch {
    public static final int MORE = 1;
    public static final int OK = 0;
    public static final int ERR_TOO_LARGE = -1;
    public static final int ERR_STATUS = -2;
    public static final int ERR_MALFORMED = -3;
    public static final int ERR_NO_KEY = -4;

    private static final byte[] MKEY = ControlRequests.ascii("mkey:");
    private static final byte[] N_PUBLIC = ControlRequests.ascii("publicKey");
    private static final byte[] GET = ControlRequests.ascii("GET /key?v=");
    private static final byte[] HOST = ControlRequests.ascii(" HTTP/1.1\r\nHost: ");
    private static final byte[] TAIL = ControlRequests.ascii("\r\nAccept: application/json\r\nConnection: close\r\n\r\n");
    private static final byte[] CONTENT_LENGTH = ControlRequests.ascii("\ncontent-length:");

    private final JsonOut out = new JsonOut();

    private final byte[] buf;
    private final JsonPullParser parser = new JsonPullParser(128, 8);
    private final byte[] key = new byte[32];
    private int fill;
    private int result = MORE;
    private int status;

    /** @param maxResponse bytes of the whole answer kept (headers + body), e.g. 2048 */
    public KeyFetch(int maxResponse) {
        buf = new byte[maxResponse];
    }

    public void reset() {
        fill = 0;
        result = MORE;
        status = 0;
    }

    /** Writes {@code GET /key?v=V HTTP/1.1} with Host and Connection: close; returns the length or -1 (too small). */
    public int writeRequest(byte[] authority, int aOff, int aLen, int capVer, byte[] out, int off, int cap) {
        JsonOut j = this.out.reset(out, off, cap);
        j.raw(GET, 0, GET.length);
        digits(j, capVer);
        j.raw(HOST, 0, HOST.length);
        j.raw(authority, aOff, aLen);
        j.raw(TAIL, 0, TAIL.length);
        return j.overflowed() ? -1 : j.length();
    }

    private static void digits(JsonOut j, int v) {
        int div = 1;
        while (v / div >= 10) {
            div *= 10;
        }
        for (; div > 0; div /= 10) {
            j.rawByte('0' + (v / div) % 10);
        }
    }

    /** Answer bytes; returns MORE, OK (key ready) or a negative code. */
    public int receive(byte[] in, int off, int len) {
        if (result != MORE) {
            return result;
        }
        if (len > buf.length - fill) {
            return result = ERR_TOO_LARGE;
        }
        System.arraycopy(in, off, buf, fill, len);
        fill += len;
        int body = headerEnd();
        if (body < 0) {
            return MORE;
        }
        int cl = contentLength(body);
        if (cl >= 0 && fill - body >= cl) {
            return result = parseBody(body, cl);
        }
        return MORE;
    }

    /** The server closed the connection: parse what arrived. */
    public int finish() {
        if (result != MORE) {
            return result;
        }
        int body = headerEnd();
        return result = body < 0 ? ERR_MALFORMED : parseBody(body, fill - body);
    }

    /** The 32-byte key after OK. */
    public byte[] key() {
        return key;
    }

    public int status() {
        return status;
    }

    private int headerEnd() {
        for (int i = 3; i < fill; i++) {
            if (buf[i] == '\n' && buf[i - 1] == '\r' && buf[i - 2] == '\n' && buf[i - 3] == '\r') {
                return i + 1;
            }
        }
        return -1;
    }

    /** Content-Length value, or -1 when absent. */
    private int contentLength(int body) {
        byte[] name = CONTENT_LENGTH;
        for (int i = 0; i + name.length < body; i++) {
            boolean match = true;
            for (int k = 0; k < name.length && match; k++) {
                int c = buf[i + k];
                if (c >= 'A' && c <= 'Z') {
                    c += 32;
                }
                match = c == name[k];
            }
            if (match) {
                int p = i + name.length;
                while (p < body && buf[p] == ' ') {
                    p++;
                }
                int v = 0;
                int digits = 0;
                while (p < body && buf[p] >= '0' && buf[p] <= '9' && digits < 7) {
                    v = v * 10 + buf[p++] - '0';
                    digits++;
                }
                return digits == 0 ? -1 : v;
            }
        }
        return -1;
    }

    private int parseBody(int body, int len) {
        if (fill < 12 || buf[0] != 'H' || buf[1] != 'T' || buf[2] != 'T' || buf[3] != 'P' || buf[8] != ' ') {
            return ERR_MALFORMED;
        }
        status = (buf[9] - '0') * 100 + (buf[10] - '0') * 10 + (buf[11] - '0');
        if (status != 200) {
            return ERR_STATUS;
        }
        parser.reset();
        parser.feed(buf, body, Math.min(len, fill - body));
        parser.finish();
        int depth = 0;
        boolean want = false;
        boolean found = false;
        for (;;) {
            int t = parser.next();
            if (t == JsonToken.ERROR || t == JsonToken.NEED_MORE_INPUT) {
                return ERR_MALFORMED;
            }
            if (t == JsonToken.END) {
                return found ? OK : ERR_NO_KEY;
            }
            if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                depth++;
            } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                depth--;
            } else if (t == JsonToken.NAME) {
                want = depth == 1 && parser.valueEquals(N_PUBLIC);
                continue;
            } else if (t == JsonToken.STRING && want) {
                if (!KeyText.parse(parser.valueBuffer(), 0, parser.valueLength(), MKEY, key, 0)) {
                    return ERR_NO_KEY;
                }
                found = true;
            }
            want = false;
        }
    }
}
