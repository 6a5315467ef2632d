package io.tailnode.sim.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The tailnet's state: nodes, pre-auth keys, policy, DERP map and open map sessions, behind one lock (this
 * object; sessions wait on it). Register and map-update semantics follow tailscale-protocol.md §2.5-2.6.
 */
final class Tailnet {
    static final long USER_ID = 1;
    static final long TAGGED_USER_ID = 2;
    static final String USER_LOGIN = "dev@tailnode.dev";
    private static final HexFormat HEX = HexFormat.of();
    private static final String KEY_PREFIX = "tskey-auth-k";

    /** A request the API answers with an HTTP error status. */
    static final class ApiError extends RuntimeException {
        final int status;

        ApiError(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private final ControlConfig config;
    private final Clock clock;
    private final SecureRandom random;
    private final MapBuilder builder;
    final Map<Long, TailnetNode> nodes = new LinkedHashMap<>();
    final Map<Long, PreAuthKey> keys = new LinkedHashMap<>();
    private final List<MapSession> sessions = new ArrayList<>();
    /** Machine key -> the AuthURL it was given (returned again on Followup). */
    private final Map<String, String> pendingAuth = new LinkedHashMap<>();
    /** AuthURLs an administrator approved; the machine's next register without auth key is then authorized. */
    private final java.util.Set<String> approvedAuth = new java.util.HashSet<>();
    private String controlUrl = "http://127.0.0.1";
    Policy policy = Policy.parse(Policy.ALLOW_ALL);
    ObjectNode derpMap = MapBuilder.defaultDerpMap();
    long nextNodeId;
    long nextKeyId = 1;
    int nextAddress = 1;
    private Runnable onChange = () -> { };
    private boolean closing;

    Tailnet(ControlConfig config, Clock clock, SecureRandom random) {
        this.config = config;
        this.clock = clock;
        this.random = random;
        this.builder = new MapBuilder(config);
        this.nextNodeId = config.firstNodeId;
    }

    MapBuilder builder() {
        return builder;
    }

    Instant now() {
        return clock.instant();
    }

    synchronized void setControlUrl(String url) {
        controlUrl = url;
    }

    /** Runs (under the lock) after every change, e.g. to save a snapshot. */
    synchronized void setOnChange(Runnable r) {
        onChange = r;
    }

    String domain() {
        return config.domain;
    }

    synchronized ObjectNode derpMap() {
        return derpMap;
    }

    synchronized void setDerpMap(ObjectNode map) {
        derpMap = map.deepCopy();
        changed();
    }

    synchronized TailnetNode nodeById(long id) {
        return nodes.get(id);
    }

    /** Caller holds the lock. */
    Collection<TailnetNode> nodesLocked() {
        return nodes.values();
    }

    synchronized ArrayNode filterFor(TailnetNode n) {
        return policy.compile(n, nodes.values());
    }

    synchronized Policy policy() {
        return policy;
    }

    synchronized void setPolicy(Policy p) {
        policy = p;
        changed();
    }

    /** Wakes every session to diff, then runs the change hook. Caller holds the lock. */
    private void changed() {
        for (MapSession s : sessions) {
            s.markDirty();
        }
        notifyAll();
        onChange.run();
    }

    // ---------------------------------------------------------------- pre-auth keys

    /** Creates a key and returns its secret text (shown once). {@code expires} null = never. */
    synchronized String createKey(boolean reusable, boolean ephemeral, List<String> tags, Instant expires) {
        for (String t : tags) {
            if (!t.matches("tag:[A-Za-z0-9][A-Za-z0-9-]*")) {
                throw new ApiError(400, "bad tag \"" + t + "\" (want tag:NAME)");
            }
        }
        byte[] secret = new byte[16];
        random.nextBytes(secret);
        PreAuthKey k = new PreAuthKey(nextKeyId++, secret, reusable, ephemeral, tags, now(), expires);
        keys.put(k.id, k);
        onChange.run();
        return KEY_PREFIX + k.id + "-" + HEX.formatHex(secret);
    }

    synchronized List<PreAuthKey> keys() {
        return new ArrayList<>(keys.values());
    }

    synchronized boolean revokeKey(long id) {
        PreAuthKey k = keys.get(id);
        if (k == null) {
            return false;
        }
        k.revoked = true;
        onChange.run();
        return true;
    }

    /** The key named by {@code text} (secret compared in constant time), or null. */
    private PreAuthKey lookupKey(String text) {
        if (text == null || !text.startsWith(KEY_PREFIX)) {
            return null;
        }
        int dash = text.indexOf('-', KEY_PREFIX.length());
        if (dash < 0) {
            return null;
        }
        try {
            PreAuthKey k = keys.get(Long.parseLong(text.substring(KEY_PREFIX.length(), dash)));
            byte[] secret = HEX.parseHex(text.substring(dash + 1));
            return k != null && MessageDigest.isEqual(k.secret, secret) ? k : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    // ---------------------------------------------------------------- nodes (admin)

    synchronized List<TailnetNode> nodes() {
        return new ArrayList<>(nodes.values());
    }

    synchronized boolean expireNode(long id) {
        TailnetNode n = nodes.get(id);
        if (n == null) {
            return false;
        }
        n.keyExpiry = now();
        changed();
        return true;
    }

    synchronized boolean removeNode(long id) {
        if (nodes.remove(id) == null) {
            return false;
        }
        changed();
        return true;
    }

    /**
     * Adds {@code count} nodes with random machine, node and disco keys that never connect (large netmaps for
     * capacity tests), tagged with {@code tags}, home DERP 900, one endpoint each; returns their IDs.
     */
    synchronized List<Long> addSyntheticNodes(int count, List<String> tags) {
        if (count < 0 || count > 100_000) {
            throw new ApiError(400, "count must be 0..100000");
        }
        List<Long> ids = new ArrayList<>();
        byte[] k = new byte[32];
        for (int i = 0; i < count; i++) {
            // Random bytes are valid X25519 public keys (any u-coordinate is); nobody holds their private keys.
            random.nextBytes(k);
            TailnetNode n = newNode(KeyText.format(KeyText.MACHINE, k));
            random.nextBytes(k);
            n.nodeKey = KeyText.format(KeyText.NODE, k);
            random.nextBytes(k);
            n.discoKey = KeyText.format(KeyText.DISCO, k);
            n.tags = new ArrayList<>(tags);
            n.name = "synthetic-" + n.id;
            n.homeDerp = 900;
            n.endpoints = List.of("198.18." + ((n.id >>> 8) & 0xFF) + "." + (n.id & 0xFF) + ":41641");
            n.keyExpiry = tags.isEmpty() ? now().plusSeconds(config.nodeKeyLifetimeSeconds) : null;
            ids.add(n.id);
        }
        changed();
        return ids;
    }

    private TailnetNode byMachine(String machineKey) {
        for (TailnetNode n : nodes.values()) {
            if (n.machineKey.equals(machineKey)) {
                return n;
            }
        }
        return null;
    }

    private TailnetNode byNodeKey(String nodeKey) {
        for (TailnetNode n : nodes.values()) {
            if (n.nodeKey.equals(nodeKey)) {
                return n;
            }
        }
        return null;
    }

    private TailnetNode newNode(String machineKey) {
        int a = nextAddress++;
        if (a >= (1 << 22) - 1) {
            throw new ApiError(500, "address pool 100.64.0.0/10 exhausted");
        }
        String v4 = "100." + (64 + (a >>> 16)) + "." + ((a >>> 8) & 0xFF) + "." + (a & 0xFF);
        String v6 = "fd7a:115c:a1e0::" + Integer.toHexString(a >>> 16 == 0 ? a : a >>> 16)
                + (a >>> 16 == 0 ? "" : ":" + Integer.toHexString(a & 0xFFFF));
        long id = nextNodeId++;
        TailnetNode n = new TailnetNode(id, "n" + Long.toString(id, 36) + "CNTRL", machineKey, v4, v6, now());
        nodes.put(id, n);
        return n;
    }

    private String uniqueName(String hostname, TailnetNode self) {
        String base = hostname == null ? "" : hostname.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-")
                .replaceAll("^-+|-+$", "");
        if (base.isEmpty()) {
            base = "node";
        }
        String name = base;
        for (int i = 1; ; i++) {
            boolean taken = false;
            for (TailnetNode n : nodes.values()) {
                taken |= n != self && name.equals(n.name);
            }
            if (!taken) {
                return name;
            }
            name = base + "-" + i;
        }
    }

    // ---------------------------------------------------------------- /machine/register

    private static String text(JsonNode req, String field) {
        JsonNode v = req.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Instant parseTime(String s) {
        if (s == null || s.isEmpty() || s.startsWith("0001-01-01")) {
            return null;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new ApiError(400, "bad time \"" + s + "\"");
        }
    }

    /** RegisterResponse for the Noise-authenticated {@code machineKey}. */
    synchronized ObjectNode register(String machineKey, JsonNode req) {
        String nodeKey = text(req, "NodeKey");
        if (KeyText.parse(KeyText.NODE, nodeKey) == null || KeyText.isZero(KeyText.NODE, nodeKey)) {
            throw new ApiError(400, "NodeKey missing or malformed");
        }
        String oldKey = text(req, "OldNodeKey");
        if (oldKey != null && (KeyText.parse(KeyText.NODE, oldKey) == null || KeyText.isZero(KeyText.NODE, oldKey))) {
            oldKey = null;
        }
        Instant now = now();
        Instant expiry = parseTime(text(req, "Expiry"));
        JsonNode auth = req.get("Auth");
        String authKey = auth == null ? null : text(auth, "AuthKey");
        if (authKey != null && authKey.isEmpty()) {
            authKey = null;
        }
        TailnetNode node = byMachine(machineKey);
        TailnetNode keyOwner = byNodeKey(nodeKey);
        if (keyOwner != null && keyOwner != node) {
            return error("node key already belongs to another machine");
        }
        if (expiry != null && !expiry.isAfter(now)) {
            // Logout: a past Expiry on the current key expires it.
            if (node != null && node.nodeKey.equals(nodeKey)) {
                node.keyExpiry = now;
                changed();
            }
            ObjectNode r = MapBuilder.F.objectNode();
            r.put("NodeKeyExpired", true);
            r.put("MachineAuthorized", false);
            return r;
        }
        ObjectNode hostinfo = req.get("Hostinfo") instanceof ObjectNode h ? h.deepCopy() : null;
        if (authKey != null) {
            PreAuthKey k = lookupKey(authKey);
            String why = k == null ? "invalid auth key" : k.unusableReason(now);
            if (why != null) {
                return error(why);
            }
            k.uses++;
            if (node == null) {
                node = newNode(machineKey);
            }
            node.nodeKey = nodeKey;
            node.tags = new ArrayList<>(k.tags);
            node.ephemeral = k.ephemeral || req.path("Ephemeral").asBoolean(false);
            node.authKeyId = k.id;
            node.keyExpiry = k.tags.isEmpty() ? now.plusSeconds(config.nodeKeyLifetimeSeconds) : null;
            if (hostinfo != null) {
                node.hostinfo = hostinfo;
            }
            node.name = uniqueName(hostinfo == null ? null : text(hostinfo, "Hostname"), node);
            pendingAuth.remove(machineKey);
            changed();
            return authorized(node);
        }
        if (node != null && !node.expired(now)
                && (node.nodeKey.equals(nodeKey) || oldKey != null && oldKey.equals(node.nodeKey))) {
            // Refresh, or a key rotation signed by the still-valid old key: no new authorization needed.
            if (!node.nodeKey.equals(nodeKey)) {
                node.nodeKey = nodeKey;
                changed();
            }
            return authorized(node);
        }
        String pending = pendingAuth.get(machineKey);
        if (pending != null && pending.equals(text(req, "Followup"))) {
            // Long poll: a Followup waits (lock released) until an administrator approves or time runs out.
            long deadline = System.nanoTime() + config.followupWaitMillis * 1_000_000L;
            long left;
            while (!closing && !approvedAuth.contains(pending)
                    && (left = (deadline - System.nanoTime()) / 1_000_000L) > 0) {
                try {
                    wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            node = byMachine(machineKey); // the tailnet may have changed while waiting
        }
        if (pending != null && approvedAuth.remove(pending)) {
            pendingAuth.remove(machineKey);
            if (node == null) {
                node = newNode(machineKey);
            }
            node.nodeKey = nodeKey;
            node.tags = new ArrayList<>();
            node.keyExpiry = now.plusSeconds(config.nodeKeyLifetimeSeconds);
            if (hostinfo != null) {
                node.hostinfo = hostinfo;
            }
            node.name = uniqueName(hostinfo == null ? null : text(hostinfo, "Hostname"), node);
            changed();
            return authorized(node);
        }
        // One pending URL per machine: a Followup, or any later attempt, gets the same one to approve.
        String url = pending;
        if (url == null) {
            byte[] id = new byte[12];
            random.nextBytes(id);
            url = controlUrl + "/a/" + HEX.formatHex(id);
            pendingAuth.put(machineKey, url);
        }
        ObjectNode r = MapBuilder.F.objectNode();
        r.put("AuthURL", url);
        r.put("MachineAuthorized", false);
        // An expired key registered again as-is: tell the client to rotate first (Go then sends OldNodeKey).
        r.put("NodeKeyExpired", node != null && node.expired(now) && node.nodeKey.equals(nodeKey));
        return r;
    }

    private static ObjectNode error(String why) {
        ObjectNode r = MapBuilder.F.objectNode();
        r.put("Error", why);
        r.put("MachineAuthorized", false);
        return r;
    }

    private ObjectNode authorized(TailnetNode n) {
        ObjectNode r = MapBuilder.F.objectNode();
        long uid = n.tags.isEmpty() ? USER_ID : TAGGED_USER_ID;
        String login = n.tags.isEmpty() ? USER_LOGIN : "tagged-devices";
        r.putObject("User").put("ID", uid).put("LoginName", login).put("DisplayName", login);
        r.putObject("Login").put("ID", uid).put("Provider", "dev").put("LoginName", login).put("DisplayName", login);
        r.put("NodeKeyExpired", false);
        r.put("MachineAuthorized", true);
        r.put("AuthURL", "");
        return r;
    }

    /** Pending AuthURLs by machine key. */
    synchronized Map<String, String> pendingAuth() {
        return new LinkedHashMap<>(pendingAuth);
    }

    /** Approves a pending AuthURL (or its last path segment); false when none matches. */
    synchronized boolean approveAuth(String urlOrId) {
        for (String url : pendingAuth.values()) {
            if (url.equals(urlOrId) || url.endsWith("/a/" + urlOrId)) {
                approvedAuth.add(url);
                notifyAll(); // a waiting Followup
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- /machine/map

    /**
     * Applies a MapRequest's node updates (DiscoKey always; Hostinfo, NetInfo.PreferredDERP and Endpoints unless
     * it streams and streaming requests are read-only) and returns the node. 403 for an unknown machine/node key.
     */
    synchronized TailnetNode mapUpdate(String machineKey, JsonNode req) {
        String nodeKey = text(req, "NodeKey");
        TailnetNode node = byMachine(machineKey);
        if (node == null || !node.nodeKey.equals(nodeKey)) {
            throw new ApiError(403, "node not registered for this machine key");
        }
        boolean changed = false;
        String disco = text(req, "DiscoKey");
        if (KeyText.parse(KeyText.DISCO, disco) != null && !disco.equals(node.discoKey)) {
            node.discoKey = disco;
            changed = true;
        }
        boolean stream = req.path("Stream").asBoolean(false);
        if (!stream || !config.streamingReadOnly) {
            if (req.get("Hostinfo") instanceof ObjectNode hi) {
                if (!hi.equals(node.hostinfo)) {
                    node.hostinfo = hi.deepCopy();
                    changed = true;
                }
                int derp = hi.path("NetInfo").path("PreferredDERP").asInt(0);
                if (derp != 0 && derp != node.homeDerp) {
                    node.homeDerp = derp;
                    changed = true;
                }
            }
            JsonNode eps = req.get("Endpoints");
            if (eps != null && eps.isArray()) {
                List<String> list = new ArrayList<>();
                eps.forEach(e -> list.add(e.asText()));
                if (!list.equals(node.endpoints)) {
                    node.endpoints = list;
                    changed = true;
                }
            }
        }
        if (changed) {
            changed();
        }
        return node;
    }

    synchronized MapSession openSession(TailnetNode node, int connectionId) {
        MapSession s = new MapSession(node.id, connectionId, this, builder);
        sessions.add(s);
        node.sessions++;
        changed();
        return s;
    }

    synchronized void closeSession(MapSession s) {
        if (sessions.remove(s)) {
            TailnetNode n = nodes.get(s.nodeId);
            if (n != null) {
                n.sessions--;
                if (n.ephemeral && n.sessions == 0 && !closing) {
                    // Ephemeral: gone with its last stream (the hosted service waits some minutes first).
                    nodes.remove(n.id);
                }
                changed();
            }
        }
    }

    /** Ends the streams of a Noise connection that closed (Jetty may only notice at the next write). */
    synchronized void closeConnection(int connectionId) {
        for (MapSession s : new ArrayList<>(sessions)) {
            if (s.connectionId == connectionId) {
                s.close();
                closeSession(s);
            }
        }
    }

    /** Ends every stream and waiting Followup (server shutdown). */
    synchronized void closeAllSessions() {
        closing = true;
        notifyAll();
        for (MapSession s : new ArrayList<>(sessions)) {
            s.close();
        }
    }
}
