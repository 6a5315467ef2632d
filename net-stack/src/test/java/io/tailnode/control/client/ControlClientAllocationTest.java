package io.tailnode.control.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.control.h2.H2Constants;
import io.tailnode.testing.AllocationMeter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Runs in the allocation JVM (escape analysis off): in steady state the whole client path — Noise record opened,
 * HTTP/2 DATA, map framing, JSON scan, netmap applied to the WireGuardDevice, WINDOW_UPDATEs sealed and polled, the
 * timers serviced — allocates 0 bytes per keep-alive and per PeersChanged delta. The server's records are made
 * before measuring (the test server allocates freely).
 */
class ControlClientAllocationTest {
    static final int WARMUP = 20_000;
    static final int RUNS = 40_000;

    /** Sealed records carrying one map frame each, for every measured call. */
    static final class Script {
        final byte[] bytes;
        final int[] ends;
        int next;
        int at;

        Script(ClientRig rig, int stream, String... frames) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            ends = new int[WARMUP + RUNS + 10];
            for (int i = 0; i < ends.length; i++) {
                byte[] f = FakeControl.frame(frames[i % frames.length]);
                byte[] h2 = new byte[9 + f.length];
                h2[2] = (byte) f.length;
                h2[1] = (byte) (f.length >>> 8);
                h2[3] = (byte) H2Constants.TYPE_DATA;
                h2[8] = (byte) stream;
                System.arraycopy(f, 0, h2, 9, f.length);
                all.writeBytes(rig.server.noise.seal(h2));
                ends[i] = all.size();
            }
            bytes = all.toByteArray();
        }

        /** Feeds the next record (split in two pieces) and polls the client's output. */
        void step(ClientRig rig, byte[] out) {
            int end = ends[next++];
            int half = (end - at) / 2;
            rig.client.receive(bytes, at, half, rig.now);
            rig.client.receive(bytes, at + half, end - at - half, rig.now);
            at = end;
            rig.now += 10;
            rig.client.service(rig.now);
            while (rig.client.poll(out, 0, out.length, rig.now) > 0) {
                // WINDOW_UPDATEs go nowhere: the test server's windows are not enforced here
            }
        }
    }

    private static ClientRig connected() {
        ClientRig rig = ControlClientFailureTest.connectedRig();
        rig.server.h2.takeOutput();
        return rig;
    }

    @Test
    void keepAliveAllocatesNothing() {
        ClientRig rig = connected();
        int stream = ControlClientFailureTest.mapStream(rig.server);
        Script s = new Script(rig, stream, "{\"KeepAlive\":true}");
        byte[] out = new byte[8192];
        long frames = rig.client.mapFrames();
        assertEquals(0, AllocationMeter.bytesPerCall(() -> s.step(rig, out), WARMUP, RUNS));
        assertEquals("connected", rig.state());
        assertEquals(frames + WARMUP + RUNS, rig.client.mapFrames());
    }

    @Test
    void peersChangedDeltaAllocatesNothing() {
        ClientRig rig = connected();
        int stream = ControlClientFailureTest.mapStream(rig.server);
        String a = "{\"PeersChanged\":[" + ControlClientFlowTest.peer(7, ControlClientFlowTest.PEER_KEY, "100.64.0.7")
                + "],\"ControlTime\":\"2026-11-27T00:00:00Z\"}";
        String b = a.replace("198.18.0.7:41641", "198.18.0.77:41642");
        Script s = new Script(rig, stream, a, b);
        byte[] out = new byte[8192];
        long applied = rig.applier.framesApplied();
        assertEquals(0, AllocationMeter.bytesPerCall(() -> s.step(rig, out), WARMUP, RUNS));
        assertEquals("connected", rig.state());
        assertEquals(applied + WARMUP + RUNS, rig.applier.framesApplied());
        assertTrue(b.getBytes(StandardCharsets.UTF_8).length > 300);
    }
}
