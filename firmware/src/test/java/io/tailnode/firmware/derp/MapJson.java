package io.tailnode.firmware.derp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.control.json.MapFrameReader;
import io.tailnode.control.json.MapResponseScanner;
import io.tailnode.control.map.NetmapApplier;
import io.tailnode.control.map.NetmapConfig;
import io.tailnode.crypto.X25519;
import io.tailnode.derp.DerpRegions;
import io.tailnode.firmware.loop.LoopPair.CountingRandom;
import io.tailnode.wg.Tai64nSource;
import io.tailnode.wg.WgDeviceConfig;
import io.tailnode.wg.WireGuardDevice;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The netmap side of the disco driver tests: node JSON, map framing, and a 2-peer WireGuard device with its
 * applier fed one map.
 */
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

    /** A 2-peer WireGuard device on a fixed TAI64N stamp (the disco tests use its slots and endpoints). */
    static WireGuardDevice twoPeerDevice(byte[] priv, X25519 x, CountingRandom random) {
        WgDeviceConfig wc = new WgDeviceConfig();
        wc.maxPeers = 2;
        return new WireGuardDevice(priv, 0, wc, x, random, random, new Tai64nSource() {
            @Override
            public int now(byte[] out, int off, long monotonicNowMs) {
                out[off] = 0x40;
                out[off + 7] = (byte) monotonicNowMs;
                return 12;
            }
        });
    }

    /** The applier of {@code wg} (2 peers, DERP regions into {@code regions}) after it took the framed map. */
    static NetmapApplier applied(WireGuardDevice wg, DerpRegions regions, byte[] framedMap) {
        NetmapConfig nc = new NetmapConfig();
        nc.maxPeers = 2;
        nc.maxAddresses = 2;
        nc.maxAllowedIps = 4;
        nc.maxEndpoints = 4;
        NetmapApplier applier = new NetmapApplier(nc, wg);
        applier.setDerpRegions(regions);
        MapFrameReader reader = new MapFrameReader(1 << 20, new MapResponseScanner(4096, 2, 4, 4, 64, applier));
        assertTrue(reader.feed(framedMap, 0, framedMap.length) >= 0, "map refused");
        return applier;
    }
}
