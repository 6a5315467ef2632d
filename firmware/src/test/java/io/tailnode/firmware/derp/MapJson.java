package io.tailnode.firmware.derp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Netmap JSON for the disco driver tests: one node object, and the 4-byte little-endian length framing of map frames. */
final class MapJson {
    private MapJson() {
    }

    static String hex(byte[] k) {
        StringBuilder sb = new StringBuilder();
        for (byte b : k) {
            sb.append(Character.forDigit(b >> 4 & 15, 16)).append(Character.forDigit(b & 15, 16));
        }
        return sb.toString();
    }

    static byte[] framed(String json) {
        byte[] p = json.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(p.length);
        out.write(p.length >>> 8);
        out.write(p.length >>> 16);
        out.write(p.length >>> 24);
        out.write(p, 0, p.length);
        return out.toByteArray();
    }

    static String node(long id, byte[] nodeKey, byte[] discoKey, String v4, String endpoint) {
        return "{\"ID\":" + id + ",\"StableID\":\"n" + id + "\",\"Name\":\"n" + id + ".ts.net.\",\"Key\":\"nodekey:"
                + hex(nodeKey) + "\",\"KeyExpiry\":\"2027-01-01T00:00:00Z\",\"DiscoKey\":\"discokey:" + hex(discoKey)
                + "\",\"Addresses\":[\"" + v4 + "/32\"],\"AllowedIPs\":[\"" + v4 + "/32\"],\"Endpoints\":[\""
                + endpoint + "\"],\"HomeDERP\":1,\"MachineAuthorized\":true}";
    }

    /** A framed MapResponse: our node, a DERP map with region 1 (one node), and the peers. */
    static byte[] map(String self, String... peers) {
        return framed("{\"Node\":" + self
                + ",\"DERPMap\":{\"Regions\":{\"1\":{\"RegionID\":1,\"RegionCode\":\"r1\",\"Nodes\":[{\"Name\":\"1a\","
                + "\"RegionID\":1,\"HostName\":\"derp1.example\",\"IPv4\":\"198.18.0.10\",\"DERPPort\":443,"
                + "\"STUNPort\":3478}]}}},\"Peers\":[" + String.join(",", peers) + "]}");
    }
}
