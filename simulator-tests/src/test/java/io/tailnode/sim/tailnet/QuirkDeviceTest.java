package io.tailnode.sim.tailnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.control.client.ControlClientReason;
import io.tailnode.control.map.PeerTable;
import io.tailnode.filter.FilterReason;
import io.tailnode.sim.SimDevice;
import io.tailnode.sim.control.ControlConfig;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every quirk switch of the development control server against OUR client (SimDevice in tailnet mode): with
 * each setting two devices join, exchange UDP echo through the tunnel (which needs the packet filter to have been
 * parsed: the device denies until a filter allows) and see each other's endpoint; a synthetic peer (home DERP
 * 900) checks the DERP field. The rejected capability version, the 429 and the huge header block (CONTINUATION)
 * have tests of their own.
 */
class QuirkDeviceTest {
    @TempDir
    Path dir;
    TailnetFixture t;

    @AfterEach
    void close() throws Exception {
        if (t != null) {
            t.close();
        }
    }

    static Stream<Arguments> quirks() {
        return Stream.of(
                q("earlyPayload=true", c -> c.earlyPayload = true),
                q("earlyPayload=false", c -> c.earlyPayload = false),
                q("streamingReadOnly=true", c -> c.streamingReadOnly = true),
                q("streamingReadOnly=false (honoured)", c -> c.streamingReadOnly = false),
                q("PacketFilter", c -> c.packetFiltersMap = false),
                q("PacketFilters{base}", c -> c.packetFiltersMap = true),
                q("HomeDERP", c -> c.legacyDerp = false),
                q("legacy DERP", c -> c.legacyDerp = true),
                q("split records and DATA at every offset", c -> c.split = true),
                q("zero-length records", c -> c.zeroLengthRecords = true),
                q("Huffman + incremental indexing", c -> c.hpackIndexing = true),
                q("all of them", c -> {
                    c.earlyPayload = false;
                    c.streamingReadOnly = false;
                    c.packetFiltersMap = true;
                    c.legacyDerp = true;
                    c.split = true;
                    c.zeroLengthRecords = true;
                    c.hpackIndexing = true;
                }));
    }

    private static Arguments q(String name, Consumer<ControlConfig> set) {
        return Arguments.of(name, set);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("quirks")
    void twoDevicesJoinAndTalk(String name, Consumer<ControlConfig> quirk) throws Exception {
        t = new TailnetFixture(dir);
        quirk.accept(t.config);
        t.startServer();
        long synthetic = t.server.addSyntheticNodes(1).get(0);
        String key = t.server.createAuthKey(true, null);
        SimDevice a = t.device("dev-a", key);
        SimDevice b = t.device("dev-b", key);
        assertTrue(t.meshUp(2, 15000), t::logs);
        String va = a.tunnelAddressV4();
        String vb = b.tunnelAddressV4();
        try (Tunnel.Pinger ab = new Tunnel.Pinger(a, vb); Tunnel.Pinger ba = new Tunnel.Pinger(b, va)) {
            assertTrue(ab.reachable(5000), t::logs);
            assertTrue(ba.reachable(5000), t::logs);
        }
        assertTrue(b.filterCount(FilterReason.ACCEPT_RULE) >= 1, b::status);
        assertEquals("127.0.0.1:" + a.localPort(), b.endpointOf(b.slotOf(a.publicKeyBase64())));
        int region = a.onLoop(l -> {
            PeerTable p = a.netmap().peers();
            int i = p.find(synthetic);
            return i < 0 ? -1 : p.derpRegion(i);
        });
        assertEquals(900, region, "the synthetic peer's home DERP, as HomeDERP or as the legacy DERP string");
        assertEquals(0L, (long) a.onLoop(l -> a.netmap().framesDiscarded()));
    }

    @Test
    void rateLimited429WithRetryAfterDelaysTheNextAttempt() throws Exception {
        t = new TailnetFixture(dir);
        t.config.rateLimitNext = 1;
        t.config.retryAfterSeconds = 2;
        t.startServer();
        long start = System.nanoTime();
        SimDevice a = t.device("dev-a", t.server.createAuthKey(true, null));
        assertTrue(TailnetFixture.waitFor(15000, () -> TailnetFixture.connected(a)), t::logs);
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms >= 2000, "connected after " + ms + " ms, before Retry-After");
        assertEquals(2L, (long) a.onLoop(l -> a.controlDriver().client().connects()), t::logs);
        assertEquals(ControlClientReason.RATE_LIMITED, (int) a.onLoop(l -> a.controlDriver().client().lastReason()));
    }

    @Test
    void rejectedCapabilityVersionNeverConnects() throws Exception {
        t = new TailnetFixture(dir);
        t.config.minCapVer = 100_000;
        t.startServer();
        SimDevice a = t.device("dev-a", t.server.createAuthKey(true, null));
        assertTrue(TailnetFixture.waitFor(5000, () -> (int) a.onLoop(l -> a.controlDriver().client().lastReason()) != 0),
                t::logs);
        assertFalse(TailnetFixture.connected(a));
        assertEquals(ControlClientReason.HTTP_STATUS, (int) a.onLoop(l -> a.controlDriver().client().lastReason()),
                t::logs);
        assertEquals(0, t.server.nodes().size(), "nothing registered");
    }

    /**
     * CONTINUATION: a compliant server only continues a header block past 16 KiB (the smallest SETTINGS_MAX_FRAME_SIZE),
     * which is over the device's 8 KiB header block and the 4 KiB MAX_HEADER_LIST_SIZE it advertises. The device
     * refuses such a block (fails the connection, backs off, registers nothing) and joins once the server stops.
     */
    @Test
    void hugeHeaderBlockWithContinuationIsRefusedThenTheDeviceJoins() throws Exception {
        t = new TailnetFixture(dir);
        t.config.hugeHeaders = true;
        t.startServer();
        SimDevice a = t.device("dev-a", t.server.createAuthKey(true, null));
        assertTrue(TailnetFixture.waitFor(5000, () -> (int) a.onLoop(l -> a.controlDriver().client().lastReason()) != 0),
                t::logs);
        assertFalse(TailnetFixture.connected(a));
        assertEquals("stream-reset", ControlClientReason.name(a.onLoop(l -> a.controlDriver().client().lastReason())),
                t::logs);
        t.config.hugeHeaders = false;
        assertTrue(TailnetFixture.waitFor(15000, () -> TailnetFixture.connected(a)), t::logs);
    }
}
