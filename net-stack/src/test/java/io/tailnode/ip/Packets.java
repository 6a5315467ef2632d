package io.tailnode.ip;

import java.util.HexFormat;

/**
 * Known packets captured with tcpdump from Linux 6.18 pinging between two namespaces (100.64.0.2 ->
 * 100.64.0.1 and fd7a:115c:a1e0::2 -> ::1, {@code ping -c 1 -p 5461696c6e6f6465}), and the kernel's replies.
 */
final class Packets {
    static final String V4_REQUEST = "4500005419344000400158f26440000264400001"
            + "08005da63282000183b1086b00000000fd8c0b0000000000"
            + "5461696c6e6f64655461696c6e6f64655461696c6e6f64655461696c6e6f64655461696c6e6f6465";
    static final String V4_KERNEL_REPLY = "45000054777e000040013aa86440000164400002"
            + "000065a63282000183b1086b00000000fd8c0b0000000000"
            + "5461696c6e6f64655461696c6e6f64655461696c6e6f64655461696c6e6f64655461696c6e6f6465";
    static final String V6_REQUEST = "600058a000403a40fd7a115ca1e000000000000000000002fd7a115ca1e000000000000000000001"
            + "8000e58f3286000183b1086b000000009bb20b0000000000"
            + "5461696c6e6f64655461696c6e6f64655461696c6e6f64655461696c6e6f64655461696c6e6f6465";
    static final String V6_KERNEL_REPLY = "60079ca500403a40fd7a115ca1e000000000000000000001fd7a115ca1e000000000000000000002"
            + "8100e48f3286000183b1086b000000009bb20b0000000000"
            + "5461696c6e6f64655461696c6e6f64655461696c6e6f64655461696c6e6f64655461696c6e6f6465";
    static final byte[] DEVICE_V4 = {100, 64, 0, 1};
    static final byte[] DEVICE_V6 = hex("fd7a115ca1e000000000000000000001");

    private Packets() {
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    /** Independent RFC 1071 sum (int arithmetic, folded every word) to cross-check InetChecksum. */
    static int referenceChecksum(byte[] b, int off, int len) {
        int sum = 0;
        for (int i = 0; i < len; i += 2) {
            int hi = b[off + i] & 0xff;
            int lo = i + 1 < len ? b[off + i + 1] & 0xff : 0;
            sum += (hi << 8) | lo;
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return ~sum & 0xffff;
    }

    /**
     * An IPv4 echo request 100.64.0.2 -> 100.64.0.1 of {@code total} bytes with DF set and ping's data
     * pattern, both checksums filled by the reference implementation.
     */
    static byte[] v4Echo(int total, boolean df) {
        byte[] p = new byte[total];
        p[0] = 0x45;
        p[2] = (byte) (total >>> 8);
        p[3] = (byte) total;
        p[4] = 0x12;
        p[5] = 0x34;
        p[6] = (byte) (df ? 0x40 : 0);
        p[8] = 64;
        p[9] = 1;
        System.arraycopy(new byte[] {100, 64, 0, 2}, 0, p, 12, 4);
        System.arraycopy(DEVICE_V4, 0, p, 16, 4);
        p[20] = 8;
        p[24] = 0x32;
        p[25] = (byte) 0x82;
        p[27] = 1;
        for (int i = 28; i < total; i++) {
            p[i] = (byte) (i - 28);
        }
        fixV4(p);
        return p;
    }

    /** Recomputes both checksums of an IPv4 ICMP packet (after a test edited it). */
    static void fixV4(byte[] p) {
        int ihl = (p[0] & 0x0f) * 4;
        int total = ((p[2] & 0xff) << 8) | (p[3] & 0xff);
        p[10] = 0;
        p[11] = 0;
        int c = referenceChecksum(p, 0, ihl);
        p[10] = (byte) (c >>> 8);
        p[11] = (byte) c;
        if (total >= ihl + 4) {
            p[ihl + 2] = 0;
            p[ihl + 3] = 0;
            c = referenceChecksum(p, ihl, total - ihl);
            p[ihl + 2] = (byte) (c >>> 8);
            p[ihl + 3] = (byte) c;
        }
    }
}
