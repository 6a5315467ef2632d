package io.tailnode.sim.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The tailnet's state in {@code STATE/tailnet.json} (nodes, pre-auth keys with their secrets, counters, policy,
 * DERP map), rewritten atomically after every change so a restarted server knows its nodes (clients reconnect
 * without registering again). Owner-only permissions: the file holds key secrets.
 */
final class TailnetSnapshot {
    static final String FILE = "tailnet.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    private TailnetSnapshot() {
    }

    /** Caller holds the tailnet lock. */
    static ObjectNode write(Tailnet t) {
        ObjectNode o = JSON.createObjectNode();
        o.put("version", 1);
        o.put("nextNodeId", t.nextNodeId);
        o.put("nextKeyId", t.nextKeyId);
        o.put("nextAddress", t.nextAddress);
        o.put("policy", t.policy.text());
        o.set("derpMap", t.derpMap);
        ArrayNode nodes = o.putArray("nodes");
        for (TailnetNode n : t.nodes.values()) {
            ObjectNode j = nodes.addObject();
            j.put("id", n.id).put("stableId", n.stableId).put("machineKey", n.machineKey).put("ipv4", n.ipv4)
                    .put("ipv6", n.ipv6).put("created", n.created.toString()).put("nodeKey", n.nodeKey)
                    .put("discoKey", n.discoKey).put("name", n.name).put("ephemeral", n.ephemeral)
                    .put("keyExpiry", n.keyExpiry == null ? null : n.keyExpiry.toString()).put("homeDerp", n.homeDerp)
                    .put("authKeyId", n.authKeyId);
            j.set("hostinfo", n.hostinfo);
            ArrayNode tags = j.putArray("tags");
            n.tags.forEach(tags::add);
            ArrayNode eps = j.putArray("endpoints");
            n.endpoints.forEach(eps::add);
        }
        ArrayNode keys = o.putArray("keys");
        for (PreAuthKey k : t.keys.values()) {
            ObjectNode j = keys.addObject();
            j.put("id", k.id).put("secret", HEX.formatHex(k.secret)).put("reusable", k.reusable)
                    .put("ephemeral", k.ephemeral).put("created", k.created.toString())
                    .put("expires", k.expires == null ? null : k.expires.toString()).put("uses", k.uses)
                    .put("revoked", k.revoked);
            ArrayNode tags = j.putArray("tags");
            k.tags.forEach(tags::add);
        }
        return o;
    }

    private static List<String> strings(JsonNode a) {
        List<String> out = new ArrayList<>();
        a.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static Instant time(JsonNode n) {
        return n == null || n.isNull() ? null : Instant.parse(n.asText());
    }

    /** Replaces the tailnet's state with the snapshot's (at startup, before any client). */
    static void read(Tailnet t, JsonNode o) {
        synchronized (t) {
            t.nextNodeId = o.get("nextNodeId").asLong();
            t.nextKeyId = o.get("nextKeyId").asLong();
            t.nextAddress = o.get("nextAddress").asInt();
            t.policy = Policy.parse(o.get("policy").asText());
            t.derpMap = (ObjectNode) o.get("derpMap");
            t.nodes.clear();
            for (JsonNode j : o.get("nodes")) {
                TailnetNode n = new TailnetNode(j.get("id").asLong(), j.get("stableId").asText(),
                        j.get("machineKey").asText(), j.get("ipv4").asText(), j.get("ipv6").asText(),
                        Instant.parse(j.get("created").asText()));
                n.nodeKey = j.get("nodeKey").asText();
                n.discoKey = j.get("discoKey").asText();
                n.name = j.get("name").asText();
                n.ephemeral = j.get("ephemeral").asBoolean();
                n.keyExpiry = time(j.get("keyExpiry"));
                n.homeDerp = j.get("homeDerp").asInt();
                n.authKeyId = j.get("authKeyId").asLong();
                n.hostinfo = j.get("hostinfo") instanceof ObjectNode h ? h : null;
                n.tags = strings(j.get("tags"));
                n.endpoints = strings(j.get("endpoints"));
                t.nodes.put(n.id, n);
            }
            t.keys.clear();
            for (JsonNode j : o.get("keys")) {
                PreAuthKey k = new PreAuthKey(j.get("id").asLong(), HEX.parseHex(j.get("secret").asText()),
                        j.get("reusable").asBoolean(), j.get("ephemeral").asBoolean(), strings(j.get("tags")),
                        Instant.parse(j.get("created").asText()), time(j.get("expires")));
                k.uses = j.get("uses").asInt();
                k.revoked = j.get("revoked").asBoolean();
                t.keys.put(k.id, k);
            }
        }
    }

    static void load(Tailnet t, Path dir) throws IOException {
        Path f = dir.resolve(FILE);
        if (Files.exists(f)) {
            read(t, JSON.readTree(Files.readString(f)));
        }
    }

    /** Atomic replace; caller holds the tailnet lock (runs as its change hook). */
    static void save(Tailnet t, Path dir) {
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve(FILE + ".tmp");
            Files.writeString(tmp, write(t).toString(), StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system
            }
            Files.move(tmp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("saving the tailnet snapshot", e);
        }
    }
}
