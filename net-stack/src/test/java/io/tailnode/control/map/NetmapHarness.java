package io.tailnode.control.map;

import io.tailnode.control.json.MapFrameReader;
import io.tailnode.control.json.MapResponseScanner;
import io.tailnode.crypto.Tai64n;
import io.tailnode.crypto.X25519;
import io.tailnode.wg.AllowedIps;
import io.tailnode.wg.WgDeviceConfig;
import io.tailnode.wg.WireGuardDevice;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Test harness: a WireGuardDevice, a NetmapApplier in front of it and the production MapFrameReader +
 * MapResponseScanner feeding it; plus JSON builders for peers and frames.
 */
final class NetmapHarness {
    final NetmapConfig config;
    final WireGuardDevice device;
    final NetmapApplier applier;
    final MapResponseScanner scanner;
    final MapFrameReader reader;
    private final AllowedIps routes;

    NetmapHarness(int maxPeers, byte[]... pinned) {
        this(maxPeers, new NetmapConfig(), new String[0], pinned);
    }

    NetmapHarness(int maxPeers, NetmapConfig c, String... pinnedStableIds) {
        this(maxPeers, c, pinnedStableIds, new byte[0][]);
    }

    private NetmapHarness(int maxPeers, NetmapConfig c, String[] pinnedStableIds, byte[][] pinned) {
        config = c;
        if (pinnedStableIds.length > 0) {
            config.pinnedStableIds = new byte[pinnedStableIds.length][];
            for (int i = 0; i < pinnedStableIds.length; i++) {
                config.pinnedStableIds[i] = pinnedStableIds[i].getBytes(StandardCharsets.UTF_8);
            }
        }
        config.maxPeers = maxPeers;
        config.maxAddresses = 2;
        config.maxAllowedIps = 8;
        config.maxEndpoints = 4;
        if (pinned.length > 0) {
            ByteArrayOutputStream keys = new ByteArrayOutputStream();
            for (byte[] k : pinned) {
                keys.write(k, 0, 32);
            }
            config.pinnedNodeKeys = keys.toByteArray();
        }
        WgDeviceConfig wg = new WgDeviceConfig();
        wg.maxPeers = maxPeers;
        wg.maxAllowedIps = maxPeers * 6;
        byte[] priv = new byte[32];
        long[] state = {0x1234_5678_9abcL};
        for (int i = 0; i < 32; i++) {
            priv[i] = (byte) (i * 7 + 1);
        }
        device = new WireGuardDevice(priv, 0, wg, new X25519(), (b, off, len) -> {
            for (int i = 0; i < len; i++) {
                state[0] ^= state[0] << 13;
                state[0] ^= state[0] >>> 7;
                state[0] ^= state[0] << 17;
                b[off + i] = (byte) state[0];
            }
        }, max -> 7, (out, off, mono) -> {
            Tai64n.encode(1_700_000_000_000L + mono, 0, false, out, off);
            return 12;
        });
        applier = new NetmapApplier(config, device);
        scanner = new MapResponseScanner(4096, config.maxAddresses, config.maxAllowedIps, config.maxEndpoints, 64,
                applier);
        reader = new MapFrameReader(1 << 24, scanner);
        try {
            Field f = WireGuardDevice.class.getDeclaredField("allowedIps");
            f.setAccessible(true);
            routes = (AllowedIps) f.get(device);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Frames and feeds {@code json} (one frame) in 1400-byte pieces. @return the reader's result (0 or negative) */
    int apply(String json) {
        return feed(frame(json.getBytes(StandardCharsets.UTF_8)));
    }

    int feed(byte[] stream) {
        for (int off = 0; off < stream.length; off += 1400) {
            int r = reader.feed(stream, off, Math.min(1400, stream.length - off));
            if (r < 0) {
                return r;
            }
        }
        return 0;
    }

    /** WireGuard peer slot routing {@code ip} (textual v4 or v6), or -1. */
    int routeOf(String ip) {
        try {
            byte[] a = java.net.InetAddress.getByName(ip).getAddress();
            return routes.lookup(a, 0, a.length == 4 ? 4 : 6);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int allowedIpCount() {
        return routes.size();
    }

    int slotOf(byte[] key) {
        return device.peerSlot(key, 0);
    }

    int wgPeerCount() {
        int n = 0;
        for (int s = 0; s < device.peerCapacity(); s++) {
            if (device.isPeer(s)) {
                n++;
            }
        }
        return n;
    }

    /** The endpoint of the WireGuard peer with {@code key} as "ip:port" / "[v6]:port" / "derp:REGION", "" if none. */
    String endpointOf(byte[] key) throws IOException {
        byte[] e = new byte[64];
        int n = device.endpoint(slotOf(key), e, 0);
        if (n <= 0) {
            return "";
        }
        if ((e[0] & 0xff) == io.tailnode.wg.WgConstants.SOURCE_KIND_DERP) {
            return "derp:" + applier.derpRegionOfSlot(slotOf(key));
        }
        int port = (e[n - 2] & 0xff) << 8 | e[n - 1] & 0xff;
        byte[] a = java.util.Arrays.copyOfRange(e, 1, n - 2);
        String host = java.net.InetAddress.getByAddress(a).getHostAddress();
        return (a.length == 16 ? "[" + host + "]" : host) + ":" + port;
    }

    // ------------------------------------------------------------------ JSON

    static byte[] key(long seed) {
        return HexFormat.of().parseHex(hexKey(seed));
    }

    static byte[] key(String text) {
        return HexFormat.of().parseHex(text.substring(text.indexOf(':') + 1));
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

    static long id(int i) {
        return 6_523_515_364_831_089L + 1000L * i;
    }

    static String v4(int i) {
        return "100." + (64 + (i >> 16 & 63)) + "." + (i >> 8 & 255) + "." + (i & 255);
    }

    static String v6(int i) {
        return "fd7a:115c:a1e0::" + Integer.toHexString(i & 0xffff);
    }

    /** A SaaS-shaped peer i with key seed {@code keySeed} (Hostinfo, Tags and friends included, to be skipped). */
    static String peer(int i, long keySeed, String extra) {
        return "{\"ID\":" + id(i) + ",\"StableID\":\"nStable" + i + "CNTRL\",\"Name\":\"peer-" + i
                + ".tail.ts.net.\",\"Key\":\"nodekey:" + hexKey(keySeed) + "\",\"KeyExpiry\":\"2026-01-25T18:31:27Z\","
                + "\"DiscoKey\":\"discokey:" + hexKey(keySeed + 1_000_000) + "\",\"Addresses\":[\"" + v4(i) + "/32\",\""
                + v6(i) + "/128\"],\"Endpoints\":[\"18.217." + (i >> 8 & 255) + "." + (i & 255) + ":41641\",\"[2600:1f16::"
                + Integer.toHexString(i & 0xffff) + "]:41641\"],\"HomeDERP\":" + (1 + i % 28)
                + ",\"Hostinfo\":{\"OS\":\"linux\",\"Services\":[{\"Proto\":\"peerapi4\",\"Port\":36297}]},"
                + "\"Tags\":[\"tag:server\"],\"Online\":true,\"MachineAuthorized\":true" + extra + "}";
    }

    static String peer(int i) {
        return peer(i, i, "");
    }

    /** A full map with peers {@code ids} in that order. */
    static String fullMap(int... ids) {
        StringBuilder sb = new StringBuilder("{\"Node\":" + peer(999_999) + ",\"Peers\":[");
        for (int k = 0; k < ids.length; k++) {
            sb.append(k > 0 ? "," : "").append(peer(ids[k]));
        }
        return sb.append("],\"ControlTime\":\"2025-09-30T00:32:16Z\"}").toString();
    }

    static String fullMapRange(int from, int to) {
        StringBuilder sb = new StringBuilder((to - from) * 600 + 1024);
        sb.append("{\"Node\":").append(peer(999_999)).append(",\"Peers\":[");
        for (int i = from; i < to; i++) {
            sb.append(i > from ? "," : "").append(peer(i));
        }
        return sb.append("]}").toString();
    }

    static byte[] frame(byte[]... payloads) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : payloads) {
            int n = p.length;
            out.write(n);
            out.write(n >>> 8);
            out.write(n >>> 16);
            out.write(n >>> 24);
            out.write(p, 0, p.length);
        }
        return out.toByteArray();
    }

    static byte[] resource(String name) {
        try (InputStream in = NetmapHarness.class.getResourceAsStream("/control/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
