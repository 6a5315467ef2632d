package io.tailnode.sim.footprint;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Full MapResponse documents with N peers shaped like a SaaS tailnet's (Hostinfo, Tags, CapMap and friends that
 * the scanner skips), framed as the map long poll sends them ({@code [uint32 LE length][JSON]}). Keys and
 * addresses follow from the peer number, so every run feeds the same bytes. Host side: footprint tool,
 * benchmarks.
 */
public final class GeneratedNetmap {
    private GeneratedNetmap() {
    }

    /** 64 lowercase hex digits, a pseudo-random 32-byte key for {@code seed} (never a low-order point in practice). */
    public static String hexKey(long seed) {
        StringBuilder sb = new StringBuilder(64);
        long x = seed * 0x9E3779B97F4A7C15L + 0x2545F4914F6CDD1DL;
        for (int i = 0; i < 32; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            sb.append(Character.forDigit((int) (x >>> 4) & 15, 16)).append(Character.forDigit((int) x & 15, 16));
        }
        return sb.toString();
    }

    /** Node IDs above 2^52, like the SaaS control server's. */
    public static long nodeId(int i) {
        return 7_100_000_000_000_003L + 1000L * i;
    }

    static String peer(int i) {
        String v4 = "100." + (64 + (i >> 16 & 63)) + "." + (i >> 8 & 255) + "." + (i & 255);
        String v6 = "fd7a:115c:a1e0::" + Integer.toHexString(i & 0xffff);
        return "{\"ID\":" + nodeId(i) + ",\"StableID\":\"nFoot" + i + "CNTRL\",\"Name\":\"node-" + i
                + ".example.ts.net.\",\"User\":12345,\"Key\":\"nodekey:" + hexKey(i) + "\",\"KeyExpiry\":\"2027-01-01T00:00:00Z\","
                + "\"DiscoKey\":\"discokey:" + hexKey(i + 5_000_000L) + "\",\"Addresses\":[\"" + v4 + "/32\",\"" + v6
                + "/128\"],\"AllowedIPs\":[\"" + v4 + "/32\",\"" + v6 + "/128\"],\"Endpoints\":[\"198.18." + (i >> 8 & 255)
                + "." + (i & 255) + ":41641\",\"[2001:2::" + Integer.toHexString(i & 0xffff) + "]:41641\"],\"HomeDERP\":"
                + (1 + i % 20) + ",\"Hostinfo\":{\"OS\":\"linux\",\"Hostname\":\"node-" + i + "\",\"Services\":["
                + "{\"Proto\":\"peerapi4\",\"Port\":36297}],\"NetInfo\":{\"PreferredDERP\":1,\"DERPLatency\":"
                + "{\"1-v4\":0.0123}}},\"Created\":\"2026-01-01T00:00:00.123456789Z\",\"Tags\":[\"tag:plc\"],"
                + "\"Online\":true,\"MachineAuthorized\":true,\"CapMap\":{\"https://tailscale.com/cap/file-sharing\":null}}";
    }

    /** The JSON of a full map: self node, a one-region DERP map, peers 0..n-1, a packet filter, ControlTime. */
    public static byte[] json(int peers) {
        StringBuilder sb = new StringBuilder(peers * 800 + 2048);
        sb.append("{\"Node\":").append(peer(9_999_999)).append(",\"DERPMap\":{\"Regions\":{\"1\":{\"RegionID\":1,")
                .append("\"RegionCode\":\"r1\",\"Nodes\":[{\"Name\":\"1a\",\"RegionID\":1,\"HostName\":\"derp1.example\",")
                .append("\"IPv4\":\"198.18.0.10\",\"DERPPort\":443}]}}},\"Peers\":[");
        for (int i = 0; i < peers; i++) {
            sb.append(i > 0 ? "," : "").append(peer(i));
        }
        sb.append("],\"PacketFilter\":[{\"SrcIPs\":[\"*\"],\"DstPorts\":[{\"IP\":\"*\",\"Ports\":{\"First\":0,")
                .append("\"Last\":65535}}]}],\"ControlTime\":\"2026-11-27T00:00:00Z\"}");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** {@link #json} behind its 4-byte little-endian length prefix: what the map stream carries. */
    public static byte[] framed(int peers) {
        byte[] p = json(peers);
        ByteArrayOutputStream out = new ByteArrayOutputStream(p.length + 4);
        out.write(p.length);
        out.write(p.length >>> 8);
        out.write(p.length >>> 16);
        out.write(p.length >>> 24);
        out.write(p, 0, p.length);
        return out.toByteArray();
    }
}
