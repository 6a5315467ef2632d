package io.tailnode.control.json;

import java.nio.charset.StandardCharsets;

/** Test helper: MapResponse documents with N peers shaped like the SaaS ones (Hostinfo and friends included). */
final class GeneratedMaps {
    private GeneratedMaps() {
    }

    static String hexKey(long seed) {
        StringBuilder sb = new StringBuilder(64);
        long x = seed * 0x9E3779B97F4A7C15L + 1;
        for (int i = 0; i < 32; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            sb.append(Character.forDigit((int) (x >>> 4) & 15, 16)).append(Character.forDigit((int) x & 15, 16));
        }
        return sb.toString();
    }

    static long peerId(int i) {
        return 6_523_515_364_831_089L + 1000L * i; // above 2^52 like SaaS IDs
    }

    static String peer(int i) {
        int a = 64 + (i >> 16 & 63);
        int b = i >> 8 & 255;
        int c = i & 255;
        return "{\"ID\":" + peerId(i) + ",\"StableID\":\"nStable" + i + "CNTRL\",\"Name\":\"peer-" + i
                + ".tail252fff.ts.net.\",\"User\":7326703659639870,\"Key\":\"nodekey:" + hexKey(i)
                + "\",\"KeyExpiry\":\"2026-01-25T18:31:27Z\",\"DiscoKey\":\"discokey:" + hexKey(i + 1_000_000)
                + "\",\"Addresses\":[\"100." + a + "." + b + "." + c + "/32\",\"fd7a:115c:a1e0::" + Integer.toHexString(i & 0xffff)
                + "/128\"],\"AllowedIPs\":[\"100." + a + "." + b + "." + c + "/32\",\"fd7a:115c:a1e0::"
                + Integer.toHexString(i & 0xffff) + "/128\"],\"Endpoints\":[\"18.217." + b + "." + c + ":41641\",\"[2600:1f16::"
                + Integer.toHexString(i & 0xffff) + "]:41641\",\"172.31.33.196:41641\"],\"HomeDERP\":" + (1 + i % 28)
                + ",\"DERP\":\"127.3.3.40:" + (1 + i % 28) + "\",\"Hostinfo\":{\"OS\":\"linux\",\"Hostname\":\"peer-" + i
                + "\",\"Services\":[{\"Proto\":\"peerapi4\",\"Port\":36297},{\"Proto\":\"peerapi6\",\"Port\":40008}],"
                + "\"sshHostKeys\":null,\"NetInfo\":{\"MappingVariesByDestIP\":false,\"PreferredDERP\":1,"
                + "\"DERPLatency\":{\"1-v4\":0.0123,\"2-v4\":0.0456}}},\"Created\":\"2025-07-29T18:31:27.550535802Z\","
                + "\"Cap\":127,\"Tags\":[\"tag:server\"],\"PrimaryRoutes\":null,\"Online\":true,"
                + "\"MachineAuthorized\":true,\"CapMap\":{\"https://tailscale.com/cap/is-admin\":null}}";
    }

    /** A full map: self Node, DERPMap (3 regions), {@code peers} Peers, PacketFilter, UserProfiles, ControlTime. */
    static byte[] map(int peers) {
        StringBuilder sb = new StringBuilder(peers * 1100 + 4096);
        sb.append("{\"Node\":").append(peer(1_000_000)).append(",\"DERPMap\":{\"Regions\":{");
        for (int r = 1; r <= 3; r++) {
            sb.append(r > 1 ? "," : "").append('"').append(r).append("\":{\"RegionID\":").append(r)
                    .append(",\"RegionCode\":\"r").append(r).append("\",\"Nodes\":[{\"Name\":\"").append(r)
                    .append("a\",\"RegionID\":").append(r).append(",\"HostName\":\"derp").append(r)
                    .append(".example.com\",\"IPv4\":\"10.0.0.").append(r).append("\",\"DERPPort\":443}]}");
        }
        sb.append("}},\"Peers\":[");
        for (int i = 0; i < peers; i++) {
            sb.append(i > 0 ? "," : "").append(peer(i));
        }
        sb.append("],\"PacketFilter\":[{\"SrcIPs\":[\"*\"],\"DstPorts\":[{\"IP\":\"*\",\"Ports\":{\"First\":0,\"Last\":65535}}]}],"
                + "\"UserProfiles\":[{\"ID\":7326703659639870,\"LoginName\":\"someone@example.com\"}],"
                + "\"ControlTime\":\"2025-09-30T00:32:16.013505287Z\"}");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
