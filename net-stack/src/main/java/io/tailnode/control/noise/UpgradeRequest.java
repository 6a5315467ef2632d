package io.tailnode.control.noise;

import io.tailnode.lang.Base64;

import io.tailnode.lang.HotPath;

/**
 * Writes the HTTP/1.1 request that upgrades a TCP connection to ts2021 (tailscale-protocol.md §2.2; Go
 * control/controlhttp/client.go):
 * <pre>
 * POST /ts2021 HTTP/1.1\r\n
 * Host: &lt;host&gt;\r\n
 * Upgrade: tailscale-control-protocol\r\n
 * Connection: upgrade\r\n
 * X-Tailscale-Handshake: &lt;std base64, padded, of the 101-byte initiation&gt;\r\n
 * Content-Length: 0\r\n
 * \r\n
 * </pre>
 * Content-Length: 0 because Go sends an empty POST body and some proxies insist on a length for POST.
 * Stateless; allocation-free.
 */
public final class UpgradeRequest {
    /** Longest host (with optional :port) accepted; DNS names are at most 253 characters. */
    public static final int MAX_HOST = 260;

    private static final byte[] LINE1 = ascii("POST /ts2021 HTTP/1.1\r\nHost: ");
    private static final byte[] LINE2 = ascii("\r\nUpgrade: tailscale-control-protocol\r\nConnection: upgrade\r\n"
            + "X-Tailscale-Handshake: ");
    private static final byte[] TAIL = ascii("\r\nContent-Length: 0\r\n\r\n");

    private UpgradeRequest() {
    }

    /** Request size for a host of {@code hostLen} bytes and an initiation of {@code initLen} bytes. */
    public static int length(int hostLen, int initLen) {
        return LINE1.length + hostLen + LINE2.length + Base64.encodedLength(initLen) + TAIL.length;
    }

    /**
     * Writes the request for {@code host} (ASCII, e.g. {@code controlplane.example.com} or {@code 10.0.0.1:8080})
     * and the initiation {@code init[initOff..+initLen)} into {@code out[outOff..)}. Returns the length, or
     * BAD_HOST (empty, too long, or a byte outside visible ASCII / a space: header injection), BAD_ARGUMENT,
     * OUT_TOO_SMALL (nothing written).
     */
    @HotPath
    public static int write(byte[] host, int hostOff, int hostLen, byte[] init, int initOff, int initLen,
            byte[] out, int outOff, int outCap) {
        if (hostLen <= 0 || hostLen > MAX_HOST) {
            return ControlReason.BAD_HOST;
        }
        for (int i = 0; i < hostLen; i++) {
            int c = host[hostOff + i] & 0xFF;
            if (c <= 0x20 || c >= 0x7F) {
                return ControlReason.BAD_HOST;
            }
        }
        if (initLen < 0 || initLen > 1024) {
            return ControlReason.BAD_ARGUMENT;
        }
        int total = length(hostLen, initLen);
        if (total > outCap || outOff < 0 || outOff + outCap > out.length) {
            return ControlReason.OUT_TOO_SMALL;
        }
        int o = outOff;
        System.arraycopy(LINE1, 0, out, o, LINE1.length);
        o += LINE1.length;
        System.arraycopy(host, hostOff, out, o, hostLen);
        o += hostLen;
        System.arraycopy(LINE2, 0, out, o, LINE2.length);
        o += LINE2.length;
        o += Base64.encode(init, initOff, initLen, out, o);
        System.arraycopy(TAIL, 0, out, o, TAIL.length);
        return total;
    }

    private static byte[] ascii(String s) {
        byte[] b = new byte[s.length()];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) s.charAt(i);
        }
        return b;
    }
}
