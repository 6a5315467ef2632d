package io.tailnode.derp;

import io.tailnode.control.json.MapDerpNode;
import io.tailnode.control.json.MapNode;
import io.tailnode.control.json.MapResponseScanner;
import io.tailnode.control.json.MapResponseVisitor;
import java.nio.charset.StandardCharsets;

/**
 * DERP maps for tests, shared by net-stack's DerpRegionsTest and simulator-tests' DerpMapDialTest (through the
 * test jar): one-region DERPMap JSON in the shape the development control server serves (tailscale-protocol.md
 * §3.5), and the device's MapResponse scanner feeding a {@link DerpRegions} as the device's visitor does.
 */
public final class DerpMapFixture {
    private DerpMapFixture() {
    }

    /**
     * The DERPMap object: region {@code regionId} with one node, {@code certName} (null: no CertName field),
     * {@code ipv4} (null: none), DERPPort and STUNPort (-1: no STUN).
     */
    public static String oneRegion(int regionId, String hostName, String certName, String ipv4, int derpPort,
            int stunPort) {
        return "{\"Regions\":{\"" + regionId + "\":{\"RegionID\":" + regionId + ",\"RegionCode\":\"dev\","
                + "\"RegionName\":\"test region\",\"Nodes\":[{\"Name\":\"" + regionId + "a\",\"RegionID\":" + regionId
                + ",\"HostName\":\"" + hostName + "\"" + (certName == null ? "" : ",\"CertName\":\"" + certName + "\"")
                + (ipv4 == null ? "" : ",\"IPv4\":\"" + ipv4 + "\"") + ",\"IPv6\":\"none\",\"DERPPort\":" + derpPort
                + ",\"STUNPort\":" + stunPort + "}]}}}";
    }

    /** A MapResponse frame carrying only {@code derpMapJson}. */
    public static byte[] mapResponse(String derpMapJson) {
        return ("{\"DERPMap\":" + derpMapJson + "}").getBytes(StandardCharsets.UTF_8);
    }

    /** One MapResponse frame through the scanner into {@code regions}; returns the scanner (for its counters). */
    public static MapResponseScanner scan(DerpRegions regions, byte[] mapResponseJson) {
        MapResponseScanner s = new MapResponseScanner(4096, 8, 8, 8, 64, new Feed(regions));
        s.frameStart(mapResponseJson.length);
        s.frameData(mapResponseJson, 0, mapResponseJson.length);
        s.frameEnd();
        return s;
    }

    /** Forwards the scanner's frame and DERP events to a DerpRegions, as the device's visitor does. */
    public static final class Feed implements MapResponseVisitor {
        final DerpRegions regions;

        public Feed(DerpRegions regions) {
            this.regions = regions;
        }

        @Override
        public void frameStart() {
            regions.onFrameStart();
        }

        @Override
        public void keepAlive() {
        }

        @Override
        public void controlTime(long unixMillis) {
        }

        @Override
        public void nodeListStart(int kind) {
        }

        @Override
        public void node(MapNode node) {
        }

        @Override
        public void nodeDropped(int kind, long id, int reason) {
        }

        @Override
        public void nodeListEnd(int kind) {
        }

        @Override
        public void peerRemoved(long id) {
        }

        @Override
        public void derpNode(MapDerpNode node) {
            regions.onDerpNode(node);
        }

        @Override
        public void frameEnd(int result) {
            regions.onFrameEnd(result);
        }
    }
}
