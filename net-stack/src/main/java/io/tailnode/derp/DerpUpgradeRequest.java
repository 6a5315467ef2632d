package io.tailnode.derp;

import io.tailnode.lang.HotPath;

/**
 * The HTTP/1.1 request that turns a TLS connection into a DERP connection (tailscale-protocol.md §3.1 step 3;
 * Go derp/derphttp):
 * <pre>
 * GET /derp HTTP/1.1\r\n
 * Host: &lt;host&gt;\r\n
 * Upgrade: DERP\r\n
 * Connection: Upgrade\r\n
 * \r\n
 * </pre>
 * No {@code Derp-Fast-Start}: that skips the 101 and is only safe when the server key is known from the TLS
 * "meta cert", which we do not read. Stateless; allocation-free.
 */
public final class DerpUpgradeRequest {
    /** Longest host (with optional :port). */
    public static final int MAX_HOST = 260;

    private static final byte[] HEAD = ascii("GET /derp HTTP/1.1\r\nHost: ");
    private static final byte[] TAIL = ascii("\r\nUpgrade: DERP\r\nConnection: Upgrade\r\n\r\n");

    private DerpUpgradeRequest() {
    }

    public static int length(int hostLen) {
        return HEAD.length + hostLen + TAIL.length;
    }

    /**
     * Writes the request for {@code host} into out[outOff..). Returns its length, BAD_ARGUMENT (host empty, too
     * long, or a control byte / space / non-ASCII: header injection) or WOULD_BLOCK (cap too small; nothing written).
     */
    @HotPath
    public static int write(byte[] host, int hostOff, int hostLen, byte[] out, int outOff, int cap) {
        if (hostLen <= 0 || hostLen > MAX_HOST) {
            return DerpReason.BAD_ARGUMENT;
        }
        for (int i = 0; i < hostLen; i++) {
            int c = host[hostOff + i] & 0xFF;
            if (c <= 0x20 || c >= 0x7F) {
                return DerpReason.BAD_ARGUMENT;
            }
        }
        int total = length(hostLen);
        if (total > cap) {
            return DerpReason.WOULD_BLOCK;
        }
        int o = outOff;
        System.arraycopy(HEAD, 0, out, o, HEAD.length);
        o += HEAD.length;
        System.arraycopy(host, hostOff, out, o, hostLen);
        o += hostLen;
        System.arraycopy(TAIL, 0, out, o, TAIL.length);
        return total;
    }

    static byte[] ascii(String s) {
        byte[] b = new byte[s.length()];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) s.charAt(i);
        }
        return b;
    }
}
