package io.tailnode.sim.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The fixture map mode: the real tailscale-rs MapResponse (captured from the hosted service) as the first
 * streamed message and the tailscale-rs Node fixture as a following PeersChanged delta (resources next to this
 * class, BSD-3-Clause, see FIXTURES.md). Only keys are rewritten: the self node's Key and DiscoKey become the
 * caller's, and the first fixture peers take the Key and DiscoKey of the other registered nodes (in ID order)
 * so a test's peers can be found in it. Everything else is served byte-for-byte as parsed.
 */
final class FixtureMaps {
    static final String MAP_RESPONSE = "tailscale-rs-map_response.json";
    static final String NODE = "tailscale-rs-node.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    static ObjectNode load(String name) {
        try (InputStream in = FixtureMaps.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("fixture " + name + " missing from the class path");
            }
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ObjectNode fullMap(Tailnet tailnet, long selfId) {
        ObjectNode map = load(MAP_RESPONSE);
        synchronized (tailnet) {
            TailnetNode self = tailnet.nodeById(selfId);
            if (self == null) {
                return null;
            }
            ObjectNode node = (ObjectNode) map.get("Node");
            node.put("Key", self.nodeKey);
            node.put("DiscoKey", self.discoKey);
            List<TailnetNode> others = new ArrayList<>();
            for (TailnetNode n : tailnet.nodesLocked()) {
                if (n.id != selfId) {
                    others.add(n);
                }
            }
            JsonNode peers = map.get("PeersChanged");
            if (peers instanceof ArrayNode a) {
                for (int i = 0; i < a.size() && i < others.size(); i++) {
                    ObjectNode p = (ObjectNode) a.get(i);
                    p.put("Key", others.get(i).nodeKey);
                    p.put("DiscoKey", others.get(i).discoKey);
                }
            }
        }
        return map;
    }

    ObjectNode nodeDelta() {
        ObjectNode msg = JSON.createObjectNode();
        msg.putArray("PeersChanged").add(load(NODE));
        return msg;
    }
}
