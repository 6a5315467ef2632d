package io.tailnode.control.map;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tailnode.testing.AllocationMeter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Runs in the allocation JVM (escape analysis off): a map frame carrying the tailscale-rs sample filter (1,096
 * sources) is scanned, staged and committed into the InboundFilter with 0 bytes allocated; so is a named-set delta.
 */
class PacketFilterAllocationTest {
    @Test
    void zeroBytesPerFilterFrame() {
        FilterHarness h = new FilterHarness(FilterHarness.config(8, 1200, 32));
        byte[] sample = FilterHarness.resource("tailscale-rs-sample_filter.json");
        byte[] head = "{\"PacketFilters\":{\"base\":".getBytes(StandardCharsets.UTF_8);
        byte[] json = new byte[head.length + sample.length + 2];
        System.arraycopy(head, 0, json, 0, head.length);
        System.arraycopy(sample, 0, json, head.length, sample.length);
        json[json.length - 2] = '}';
        json[json.length - 1] = '}';
        byte[] stream = NetmapHarness.frame(json);
        byte[] delta = NetmapHarness.frame(("{\"PacketFilters\":{\"extra\":[{\"SrcIPs\":[\"*\"],\"DstPorts\":[{\"IP\":"
                + "\"100.64.0.1\",\"Ports\":{\"First\":22,\"Last\":22}}]}]}}").getBytes(StandardCharsets.UTF_8));
        Runnable frame = () -> {
            feed(h, stream);
            feed(h, delta);
        };
        frame.run();
        assertEquals(4, h.filter.rules().ruleCount());
        long perFrames = AllocationMeter.bytesPerCall(frame, 50, 200);
        System.out.println("packet filter: sample filter frame + delta, scanned and committed: " + perFrames + " B");
        assertEquals(0, perFrames);
        assertEquals(4, h.filter.rules().ruleCount());
    }

    private static void feed(FilterHarness h, byte[] stream) {
        for (int off = 0; off < stream.length; off += 1400) {
            if (h.reader.feed(stream, off, Math.min(1400, stream.length - off)) < 0) {
                throw new AssertionError("frame rejected");
            }
        }
    }
}
