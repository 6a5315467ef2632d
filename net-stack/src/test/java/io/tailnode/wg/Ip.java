package io.tailnode.wg;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Hand-built minimal inner IPv4/IPv6 packets (UDP protocol number, zero checksums) for device tests. */
final class Ip {
    private Ip() {
    }

    static byte[] parse(String literal) {
        try {
            return InetAddress.getByName(literal).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    /** A packet of {@code totalLen} bytes from {@code src} to {@code dst} (same family), payload = fill byte. */
    static byte[] packet(String src, String dst, int totalLen, int fill) {
        byte[] s = parse(src);
        byte[] d = parse(dst);
        byte[] p = new byte[totalLen];
        for (int i = 0; i < totalLen; i++) {
            p[i] = (byte) (fill + i);
        }
        if (s.length == 4) {
            p[0] = 0x45;
            p[1] = 0;
            p[2] = (byte) (totalLen >> 8);
            p[3] = (byte) totalLen;
            p[8] = 64;
            p[9] = 17;
            System.arraycopy(s, 0, p, 12, 4);
            System.arraycopy(d, 0, p, 16, 4);
        } else {
            p[0] = 0x60;
            p[1] = 0;
            p[2] = 0;
            p[3] = 0;
            int payload = totalLen - 40;
            p[4] = (byte) (payload >> 8);
            p[5] = (byte) payload;
            p[6] = 17;
            p[7] = 64;
            System.arraycopy(s, 0, p, 8, 16);
            System.arraycopy(d, 0, p, 24, 16);
        }
        return p;
    }
}
