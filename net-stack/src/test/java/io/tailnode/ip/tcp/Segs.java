package io.tailnode.ip.tcp;

import io.tailnode.ip.wire.TcpHeader;

/** Test helpers: decode the TCP segment inside an IP packet, and build raw segments with correct checksums. */
final class Segs {
    private Segs() {
    }

    static TcpHeader tcp(byte[] ip) {
        int hl = (ip[0] & 0xf0) == 0x60 ? 40 : (ip[0] & 0x0f) * 4;
        TcpHeader h = new TcpHeader().wrap(ip, hl, ip.length - hl);
        if (h.check() != 0) {
            throw new AssertionError("bad segment " + h.check());
        }
        return h;
    }

    static boolean isData(byte[] ip) {
        return tcp(ip).payloadLength() > 0;
    }

    static int flags(byte[] ip) {
        return tcp(ip).flags();
    }

    /** Builds a v4 packet from {@code src}:sport to {@code dst}:dport. */
    static byte[] build(byte[] src, byte[] dst, int sport, int dport, int seq, int ack, int flags, int window,
            int mss, byte[] payload) {
        TcpConfig c = new TcpConfig();
        TcpOutput o = new TcpOutput(c);
        TcpRing ring = new TcpRing(Math.max(1, payload == null ? 1 : payload.length));
        int n = 0;
        if (payload != null) {
            n = ring.write(payload, 0, payload.length);
        }
        byte[] out = new byte[100 + n];
        int version = src.length == 16 ? 6 : 4;
        int len = o.write(out, 0, out.length, version, src, dst, sport, dport, seq, ack, flags, window, mss, ring, 0,
                n);
        return java.util.Arrays.copyOf(out, len);
    }
}
