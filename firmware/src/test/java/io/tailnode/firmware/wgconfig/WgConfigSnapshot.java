package io.tailnode.firmware.wgconfig;

import java.util.HexFormat;

/** Test helper: everything a {@link WgConfig} holds as one string, to compare before/after. */
final class WgConfigSnapshot {
    private WgConfigSnapshot() {
    }

    static String of(WgConfig c) {
        HexFormat hex = HexFormat.of();
        StringBuilder sb = new StringBuilder();
        byte[] k = new byte[32];
        byte[] a = new byte[16];
        c.copyPrivateKey(k, 0);
        sb.append(hex.formatHex(k)).append(' ').append(c.listenPort()).append(' ').append(c.mtu());
        for (int i = 0; i < c.addressCount(); i++) {
            a = new byte[16];
            c.copyAddress(i, a, 0);
            sb.append(" A").append(c.addressFamily(i)).append(hex.formatHex(a)).append('/').append(c.addressPrefix(i));
        }
        for (int p = 0; p < c.peerCount(); p++) {
            c.copyPeerPublicKey(p, k, 0);
            sb.append(" P").append(hex.formatHex(k));
            c.copyPeerPresharedKey(p, k, 0);
            sb.append(c.peerHasPresharedKey(p)).append(hex.formatHex(k));
            a = new byte[16];
            if (c.endpointFamily(p) != 0) {
                c.copyEndpointAddress(p, a, 0);
            }
            sb.append(" E").append(c.endpointFamily(p)).append(hex.formatHex(a)).append(':').append(c.endpointPort(p));
            sb.append(" K").append(c.persistentKeepalive(p));
            for (int i = 0; i < c.allowedIpCount(p); i++) {
                a = new byte[16];
                c.copyAllowedIp(p, i, a, 0);
                sb.append(" I").append(c.allowedIpFamily(p, i)).append(hex.formatHex(a)).append('/')
                        .append(c.allowedIpPrefix(p, i));
            }
        }
        return sb.toString();
    }
}
