package io.tailnode.sim.ctlclient;

import java.io.IOException;
import java.net.InetAddress;

/** Inner test packets (same builder as the interop harness's). */
final class Icmp {
    private Icmp() {
    }

    static byte[] echoRequestV4(String src, String dst, int totalLength, int id, int seq) throws IOException {
        byte[] p = new byte[totalLength];
        p[0] = 0x45;
        p[2] = (byte) (totalLength >> 8);
        p[3] = (byte) totalLength;
        p[4] = (byte) (id >> 8);
        p[5] = (byte) id;
        p[6] = 0x40;
        p[8] = 64;
        p[9] = 1;
        System.arraycopy(InetAddress.getByName(src).getAddress(), 0, p, 12, 4);
        System.arraycopy(InetAddress.getByName(dst).getAddress(), 0, p, 16, 4);
        put16(p, 10, checksum(p, 0, 20));
        p[20] = 8;
        put16(p, 24, id);
        put16(p, 26, seq);
        for (int i = 28; i < totalLength; i++) {
            p[i] = (byte) i;
        }
        put16(p, 22, checksum(p, 20, totalLength - 20));
        return p;
    }

    private static void put16(byte[] p, int off, int v) {
        p[off] = (byte) (v >> 8);
        p[off + 1] = (byte) v;
    }

    private static int checksum(byte[] p, int off, int len) {
        long sum = 0;
        for (int i = 0; i + 1 < len; i += 2) {
            sum += ((p[off + i] & 0xff) << 8) | (p[off + i + 1] & 0xff);
        }
        if ((len & 1) != 0) {
            sum += (p[off + len - 1] & 0xff) << 8;
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (int) (~sum & 0xffff);
    }
}
