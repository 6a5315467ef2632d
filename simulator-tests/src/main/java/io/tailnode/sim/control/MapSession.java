package io.tailnode.sim.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One streaming map long poll. It remembers what it last sent (self node, peers, filter, DERP map) and turns
 * the difference to the tailnet's current state into a delta: PeersRemoved, PeersChanged (whole nodes),
 * PeersChangedPatch (endpoint/disco/DERP/key/online changes), Node, PacketFilter(s), DERPMap. The diff runs
 * under the {@link Tailnet} lock; the caller writes outside it.
 */
final class MapSession {
    final long nodeId;
    /** The Noise connection carrying the stream (its end ends the session), 0 for none. */
    final int connectionId;
    private final Tailnet tailnet;
    private final MapBuilder builder;
    private ObjectNode lastSelf;
    private Map<Long, ObjectNode> lastPeers = new HashMap<>();
    private JsonNode lastFilter;
    private JsonNode lastDerp;
    private boolean dirty = true;
    private boolean closed;

    MapSession(long nodeId, int connectionId, Tailnet tailnet, MapBuilder builder) {
        this.nodeId = nodeId;
        this.connectionId = connectionId;
        this.tailnet = tailnet;
        this.builder = builder;
    }

    /** Called with the tailnet lock held after any change. */
    void markDirty() {
        dirty = true;
    }

    void close() {
        synchronized (tailnet) {
            closed = true;
            tailnet.notifyAll();
        }
    }

    boolean closed() {
        return closed;
    }

    /** The first message: the whole map (Node, DERPMap, Peers, filter, UserProfiles, Domain, ControlTime). */
    ObjectNode full() {
        synchronized (tailnet) {
            Instant now = tailnet.now();
            TailnetNode self = tailnet.nodeById(nodeId);
            if (self == null) {
                return null;
            }
            ObjectNode msg = MapBuilder.F.objectNode();
            lastSelf = builder.node(self, now);
            msg.set("Node", lastSelf);
            lastDerp = tailnet.derpMap();
            msg.set("DERPMap", lastDerp);
            ArrayNode peers = msg.putArray("Peers");
            lastPeers = peersOf(self, now);
            lastPeers.values().forEach(peers::add);
            lastFilter = tailnet.filterFor(self);
            builder.putFilter(msg, (ArrayNode) lastFilter);
            msg.put("Domain", tailnet.domain());
            MapBuilder.userProfiles(msg);
            msg.put("ControlTime", now.toString());
            dirty = false;
            return msg;
        }
    }

    private Map<Long, ObjectNode> peersOf(TailnetNode self, Instant now) {
        Map<Long, ObjectNode> peers = new TreeMap<>();
        for (TailnetNode n : tailnet.nodesLocked()) {
            if (n.id != self.id) {
                peers.put(n.id, builder.node(n, now));
            }
        }
        return peers;
    }

    /**
     * Waits up to {@code timeoutMillis} for a change and returns the delta (possibly null when the change did not
     * concern this node), {@link #GONE} when the node was removed or the session closed, or null on timeout.
     */
    ObjectNode awaitDelta(long timeoutMillis) throws InterruptedException {
        synchronized (tailnet) {
            long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
            while (!dirty && !closed) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    return null;
                }
                tailnet.wait(left);
            }
            if (closed) {
                return GONE;
            }
            dirty = false;
            return diff();
        }
    }

    /** Marker for "end the stream". */
    static final ObjectNode GONE = MapBuilder.F.objectNode();

    private ObjectNode diff() {
        Instant now = tailnet.now();
        TailnetNode self = tailnet.nodeById(nodeId);
        if (self == null) {
            return GONE;
        }
        ObjectNode msg = MapBuilder.F.objectNode();
        ObjectNode selfJson = builder.node(self, now);
        if (!selfJson.equals(lastSelf)) {
            msg.set("Node", selfJson);
            lastSelf = selfJson;
        }
        JsonNode derp = tailnet.derpMap();
        if (!derp.equals(lastDerp)) {
            msg.set("DERPMap", derp);
            lastDerp = derp;
        }
        Map<Long, ObjectNode> peers = peersOf(self, now);
        ArrayNode removed = MapBuilder.F.arrayNode();
        for (Long id : lastPeers.keySet()) {
            if (!peers.containsKey(id)) {
                removed.add(id);
            }
        }
        ArrayNode changed = MapBuilder.F.arrayNode();
        ArrayNode patches = MapBuilder.F.arrayNode();
        for (Map.Entry<Long, ObjectNode> e : peers.entrySet()) {
            ObjectNode before = lastPeers.get(e.getKey());
            if (before == null) {
                changed.add(e.getValue());
            } else if (!before.equals(e.getValue())) {
                ObjectNode pc = MapBuilder.patch(before, e.getValue());
                if (pc != null) {
                    patches.add(pc);
                } else {
                    changed.add(e.getValue());
                }
            }
        }
        lastPeers = peers;
        if (!changed.isEmpty()) {
            msg.set("PeersChanged", changed);
        }
        if (!removed.isEmpty()) {
            msg.set("PeersRemoved", removed);
        }
        if (!patches.isEmpty()) {
            msg.set("PeersChangedPatch", patches);
        }
        JsonNode filter = tailnet.filterFor(self);
        if (!filter.equals(lastFilter)) {
            builder.putFilter(msg, (ArrayNode) filter);
            lastFilter = filter;
        }
        return MapBuilder.isEmptyDelta(msg) ? null : msg;
    }
}
