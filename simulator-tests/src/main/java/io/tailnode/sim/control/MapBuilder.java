package io.tailnode.sim.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Iterator;
import java.util.Set;

/**
 * tailcfg JSON for nodes, filters, the DERP map and whole MapResponses (tailscale-protocol.md §2.6), plus the
 * delta rules: which changes of a peer travel as a PeersChangedPatch and which as a whole PeersChanged node.
 */
final class MapBuilder {
    static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** The legacy DERP field carries the region as the port of this magic address. */
    static final String LEGACY_DERP_IP = "127.3.3.40";
    /** Go's zero time, which tailcfg uses for "never" (KeyExpiry). */
    static final String ZERO_TIME = "0001-01-01T00:00:00Z";
    /** Node fields a PeerChange can carry; a difference in any other field sends the whole node. */
    private static final Set<String> PATCHABLE = Set.of("Endpoints", "DiscoKey", "HomeDERP", "DERP", "Key",
            "KeyExpiry", "Online");

    private final ControlConfig config;

    MapBuilder(ControlConfig config) {
        this.config = config;
    }

    static String time(Instant t) {
        return t == null ? ZERO_TIME : t.toString();
    }

    /** The default DERP map: one placeholder region (900, "dev") on loopback; replace it with --derp-map. */
    static ObjectNode defaultDerpMap() {
        ObjectNode m = F.objectNode();
        ObjectNode region = m.putObject("Regions").putObject("900");
        region.put("RegionID", 900).put("RegionCode", "dev").put("RegionName", "Development (no DERP server)");
        ObjectNode node = region.putArray("Nodes").addObject();
        node.put("Name", "900a").put("RegionID", 900).put("HostName", "127.0.0.1").put("IPv4", "127.0.0.1")
                .put("DERPPort", 3340).put("InsecureForTests", true);
        return m;
    }

    ObjectNode node(TailnetNode n, Instant now) {
        ObjectNode o = F.objectNode();
        o.put("ID", n.id);
        o.put("StableID", n.stableId);
        o.put("Name", n.name + "." + config.domain + ".");
        o.put("User", n.tags.isEmpty() ? Tailnet.USER_ID : Tailnet.TAGGED_USER_ID);
        o.put("Key", n.nodeKey);
        o.put("KeyExpiry", time(n.keyExpiry));
        o.put("Machine", n.machineKey);
        o.put("DiscoKey", n.discoKey);
        ArrayNode addrs = o.putArray("Addresses");
        n.addresses().forEach(addrs::add);
        ArrayNode allowed = o.putArray("AllowedIPs");
        n.addresses().forEach(allowed::add);
        ArrayNode eps = o.putArray("Endpoints");
        n.endpoints.forEach(eps::add);
        if (n.homeDerp != 0) {
            if (config.legacyDerp) {
                o.put("DERP", LEGACY_DERP_IP + ":" + n.homeDerp);
            } else {
                o.put("HomeDERP", n.homeDerp);
            }
        }
        // NetInfo stays with the server (it becomes HomeDERP); peers see the rest, as on the hosted service.
        ObjectNode hi = n.hostinfo == null ? F.objectNode() : n.hostinfo.deepCopy();
        hi.remove("NetInfo");
        o.set("Hostinfo", hi);
        o.put("Created", n.created.toString());
        if (n.tags.isEmpty()) {
            o.putNull("Tags");
        } else {
            ArrayNode tags = o.putArray("Tags");
            n.tags.forEach(tags::add);
        }
        o.put("Online", n.online());
        o.put("MachineAuthorized", true);
        if (n.expired(now)) {
            o.put("Expired", true);
        }
        return o;
    }

    /** Sets the filter in the configured form: PacketFilter, or PacketFilters{"base"} (Headscale). */
    void putFilter(ObjectNode msg, ArrayNode rules) {
        if (config.packetFiltersMap) {
            msg.putObject("PacketFilters").set("base", rules);
        } else {
            msg.set("PacketFilter", rules);
        }
    }

    static ObjectNode userProfiles(ObjectNode msg) {
        ArrayNode ups = msg.putArray("UserProfiles");
        ups.addObject().put("ID", Tailnet.USER_ID).put("LoginName", Tailnet.USER_LOGIN).put("DisplayName", "Developer");
        ups.addObject().put("ID", Tailnet.TAGGED_USER_ID).put("LoginName", "tagged-devices")
                .put("DisplayName", "Tagged devices");
        return msg;
    }

    /**
     * The PeerChange for {@code before -> after} when every changed field is patchable, else null (send the
     * whole node in PeersChanged). Null fields of PeerChange mean unchanged.
     */
    static ObjectNode patch(ObjectNode before, ObjectNode after) {
        Set<String> names = new java.util.HashSet<>();
        before.fieldNames().forEachRemaining(names::add);
        after.fieldNames().forEachRemaining(names::add);
        ObjectNode pc = F.objectNode();
        pc.set("NodeID", after.get("ID"));
        for (String f : names) {
            JsonNode a = before.get(f);
            JsonNode b = after.get(f);
            if (a == null ? b == null : a.equals(b)) {
                continue;
            }
            if (!PATCHABLE.contains(f) || b == null) {
                return null;
            }
            switch (f) {
                case "HomeDERP":
                    pc.set("DERPRegion", b);
                    break;
                case "DERP":
                    String s = b.asText();
                    pc.put("DERPRegion", Integer.parseInt(s.substring(s.lastIndexOf(':') + 1)));
                    break;
                default:
                    pc.set(f, b);
            }
        }
        return pc;
    }

    static boolean isEmptyDelta(ObjectNode msg) {
        Iterator<String> it = msg.fieldNames();
        return !it.hasNext();
    }
}
