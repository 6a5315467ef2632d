package io.tailnode.ip;

/** Plain UDP seeds for the {@code ip} fuzz target (not echo: they exercise NOT_ICMP / routing fields). */
final class IpFuzzSeeds {
    private IpFuzzSeeds() {
    }

    static byte[] udp(boolean v6) {
        int total = v6 ? 68 : 48;
        byte[] p = new byte[total];
        for (int i = 0; i < total; i++) {
            p[i] = (byte) i;
        }
        if (!v6) {
            p[0] = 0x45;
            p[1] = 0;
            p[2] = 0;
            p[3] = (byte) total;
            p[6] = 0;
            p[7] = 0;
            p[8] = 64;
            p[9] = 17;
            System.arraycopy(new byte[] {100, 64, 0, 2}, 0, p, 12, 4);
            System.arraycopy(Packets.DEVICE_V4, 0, p, 16, 4);
            Packets.fixV4(p);
        } else {
            p[0] = 0x60;
            p[1] = 0;
            p[2] = 0;
            p[3] = 0;
            p[4] = 0;
            p[5] = (byte) (total - 40);
            p[6] = 17;
            p[7] = 64;
            byte[] src = Packets.DEVICE_V6.clone();
            src[15] = 2;
            System.arraycopy(src, 0, p, 8, 16);
            System.arraycopy(Packets.DEVICE_V6, 0, p, 24, 16);
        }
        return p;
    }
}
