package io.tailnode.sim.derp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.control.json.MapDerpNode;
import io.tailnode.control.json.MapNode;
import io.tailnode.control.json.MapResponseScanner;
import io.tailnode.control.json.MapResponseVisitor;
import io.tailnode.crypto.CryptoBox;
import io.tailnode.derp.DerpClient;
import io.tailnode.derp.DerpReason;
import io.tailnode.derp.DerpRegions;
import io.tailnode.firmware.hal.HalStatus;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * From a MapResponse carrying the development relay's DERP map to a logged-in connection: the device's scanner
 * fills {@link DerpRegions}, the home region's node gives address, port and host, the TLS HAL dials it (chain
 * mode, the relay's certificate as the trust anchor: the scanner does not report CertName yet), and a
 * {@link DerpClient} logs in and sends NotePreferred.
 */
class DerpMapDialTest {
    DevDerpRelay relay;
    TlsDerpDriver d;

    @AfterEach
    void stop() {
        if (d != null) {
            d.close();
        }
        if (relay != null) {
            relay.close();
        }
    }

    @Test
    void dialTheHomeRegionFromTheMap() throws Exception {
        relay = DevDerpRelay.start();
        byte[] json = ("{\"DERPMap\":" + relay.derpMapJson(900, 3478) + "}").getBytes(StandardCharsets.UTF_8);
        DerpRegions regions = new DerpRegions(8, 64);
        MapResponseScanner scanner = new MapResponseScanner(4096, 4, 4, 4, 64, new MapResponseVisitor() {
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
        });
        scanner.frameStart(json.length);
        scanner.frameData(json, 0, json.length);
        scanner.frameEnd();

        int home = regions.homeRegion(0);
        assertEquals(900, home);
        int i = regions.indexOf(home);
        assertEquals(relay.port(), regions.derpPort(i));
        assertEquals(3478, regions.stunPort(i));
        byte[] addr = new byte[5];
        addr[0] = 4;
        assertTrue(regions.derpIpv4(i, addr, 1));
        byte[] host = new byte[64];
        int hostLen = regions.derpHost(i, host, 0);

        d = new TlsDerpDriver();
        assertEquals(HalStatus.OK, d.connect(relay.certificate().clientContext(), addr, regions.derpPort(i), host,
                hostLen, null));
        TlsDerpDriver.pumpUntil(() -> d.client.state() == DerpClient.STATE_OPEN, d);
        assertEquals(DerpReason.OK, d.client.notePreferred(true));
        TlsDerpDriver.pumpUntil(() -> Boolean.TRUE.equals(relay.preferred(d.nodePublic)), d);
    }
}
