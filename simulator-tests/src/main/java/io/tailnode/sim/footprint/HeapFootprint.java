package io.tailnode.sim.footprint;

import io.tailnode.sim.footprint.ConfiguredClient.Component;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jol.info.GraphLayout;

/**
 * Retained heap of a {@link ConfiguredClient} per component, measured with JOL on this JVM: the bytes of every
 * object reachable from the component's roots, minus what the host stand-ins and the components before it already
 * reach. Each figure is a difference of two whole-graph walks ({@code size(before + component) - size(before)}),
 * so a shared object is counted once, for the first component in the list that reaches it.
 * <p>
 * Sizes are this JVM's object layout (64-bit HotSpot, compressed references: 12-byte headers, 8-byte alignment);
 * the board VM's headers are smaller, so the figures are an upper bound for the same object graph.
 */
public final class HeapFootprint {
    /** -1 for a component that is not built yet. */
    public static final long NOT_MEASURED = -1;

    private HeapFootprint() {
    }

    /** Component name to retained bytes (or {@link #NOT_MEASURED}), in the client's order. */
    public static Map<String, Long> measure(ConfiguredClient client) {
        List<Object> seen = new ArrayList<>(client.hostStandIns());
        long before = size(seen);
        Map<String, Long> out = new LinkedHashMap<>();
        for (Component c : client.components()) {
            if (!c.measured()) {
                out.put(c.name(), NOT_MEASURED);
                continue;
            }
            seen.addAll(c.roots());
            long after = size(seen);
            out.put(c.name(), after - before);
            before = after;
        }
        return out;
    }

    /** Sum of the measured components: the client's retained heap. */
    public static long total(Map<String, Long> byComponent) {
        long t = 0;
        for (long v : byComponent.values()) {
            if (v > 0) {
                t += v;
            }
        }
        return t;
    }

    private static long size(List<Object> roots) {
        return GraphLayout.parseInstance(roots.toArray()).totalSize();
    }
}
