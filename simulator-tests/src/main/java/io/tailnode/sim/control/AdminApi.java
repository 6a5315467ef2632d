package io.tailnode.sim.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;

/**
 * JSON-over-HTTP admin API on loopback only (docs/dev-control-server.md): keys, nodes, policy, DERP map and
 * quirk switches. No authentication: loopback is the boundary, as for a developer's local server.
 */
final class AdminApi implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** ControlConfig fields settable at run time through /admin/quirks. */
    static final Set<String> QUIRKS = Set.of("minCapVer", "earlyPayload", "streamingReadOnly", "packetFiltersMap",
            "legacyDerp", "split", "zeroLengthRecords", "hugeHeaders", "hpackIndexing", "rateLimitNext",
            "retryAfterSeconds", "fixtureMaps", "keepAliveMillis");
    static final String HELP = "GET  /admin/nodes                      list nodes\n"
            + "POST /admin/nodes/synthetic {\"count\":n,\"tags\":[...]}  add nodes that never connect\n"
            + "POST /admin/nodes/{id}/expire          expire the node's key now\n"
            + "POST /admin/nodes/{id}/remove          remove the node (also DELETE /admin/nodes/{id})\n"
            + "GET  /admin/keys                       list pre-auth keys (no secrets)\n"
            + "POST /admin/keys {\"reusable\":b,\"ephemeral\":b,\"tags\":[\"tag:x\"],\"expiresInSeconds\":n}  create a key\n"
            + "POST /admin/keys/{id}/revoke           revoke a key\n"
            + "GET  /admin/auth                       pending AuthURLs (machine key -> URL)\n"
            + "POST /admin/auth/{id}/approve          approve one (id = the URL's last segment)\n"
            + "GET  /admin/policy | PUT /admin/policy  show / replace the policy (JSON body)\n"
            + "GET  /admin/derpmap | PUT /admin/derpmap  show / replace the DERP map\n"
            + "GET  /admin/quirks | POST /admin/quirks {\"split\":true,...}  show / set quirk switches\n";

    private final DevControlServer server;
    private final HttpServer http;

    AdminApi(DevControlServer server, int port) throws IOException {
        this.server = server;
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        http.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "control-admin");
            t.setDaemon(true);
            return t;
        }));
        http.createContext("/admin", this::handle);
        http.start();
    }

    int port() {
        return http.getAddress().getPort();
    }

    @Override
    public void close() {
        http.stop(0);
    }

    static ArrayNode nodesJson(Tailnet tailnet) {
        ArrayNode a = JSON.createArrayNode();
        Instant now = tailnet.now();
        for (TailnetNode n : tailnet.nodes()) {
            ObjectNode o = a.addObject();
            synchronized (tailnet) {
                o.put("id", n.id);
                o.put("name", n.name);
                o.put("nodeKey", n.nodeKey);
                o.put("machineKey", n.machineKey);
                o.put("discoKey", n.discoKey);
                o.putArray("addresses").add(n.ipv4).add(n.ipv6);
                ArrayNode tags = o.putArray("tags");
                n.tags.forEach(tags::add);
                o.put("keyExpiry", n.keyExpiry == null ? null : n.keyExpiry.toString());
                o.put("expired", n.expired(now));
                o.put("online", n.online());
                ArrayNode eps = o.putArray("endpoints");
                n.endpoints.forEach(eps::add);
                o.put("homeDerp", n.homeDerp);
                o.put("ephemeral", n.ephemeral);
            }
        }
        return a;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            String path = ex.getRequestURI().getPath();
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String[] parts = path.split("/");
            if (parts.length <= 2) {
                byte[] b = HELP.getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "text/plain");
                ex.sendResponseHeaders(200, b.length);
                ex.getResponseBody().write(b);
                return;
            }
            try {
                JsonNode out = route(method, parts, body);
                send(ex, 200, out == null ? "{}" : out.toPrettyString());
            } catch (Tailnet.ApiError e) {
                send(ex, e.status, JSON.createObjectNode().put("error", e.getMessage()).toString());
            } catch (IllegalArgumentException e) {
                send(ex, 400, JSON.createObjectNode().put("error", e.getMessage()).toString());
            }
        }
    }

    private JsonNode route(String method, String[] p, String body) throws IOException {
        // p[0] = "", p[1] = "admin"
        String what = p.length > 2 ? p[2] : "";
        Tailnet t = server.tailnet();
        switch (what) {
            case "nodes":
                if (p.length == 3 && method.equals("GET")) {
                    return nodesJson(t);
                }
                if (p.length == 4 && p[3].equals("synthetic") && method.equals("POST")) {
                    JsonNode req = body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
                    List<String> tags = new ArrayList<>();
                    req.path("tags").forEach(n -> tags.add(n.asText()));
                    ArrayNode ids = JSON.createArrayNode();
                    server.addSyntheticNodes(req.path("count").asInt(0), tags.toArray(new String[0])).forEach(ids::add);
                    return JSON.createObjectNode().set("ids", ids);
                }
                if (p.length >= 4) {
                    long id = parseId(p[3]);
                    String action = p.length > 4 ? p[4] : method.equals("DELETE") ? "remove" : "";
                    boolean ok = action.equals("expire") ? t.expireNode(id) : action.equals("remove") && t.removeNode(id);
                    if (!action.equals("expire") && !action.equals("remove")) {
                        break;
                    }
                    if (!ok) {
                        throw new Tailnet.ApiError(404, "no node " + id);
                    }
                    return JSON.createObjectNode().put("ok", true).put("id", id).put("action", action);
                }
                break;
            case "keys":
                if (p.length == 3 && method.equals("GET")) {
                    ArrayNode a = JSON.createArrayNode();
                    Instant now = t.now();
                    for (PreAuthKey k : t.keys()) {
                        ObjectNode o = a.addObject();
                        o.put("id", k.id).put("reusable", k.reusable).put("ephemeral", k.ephemeral).put("uses", k.uses);
                        ArrayNode tags = o.putArray("tags");
                        k.tags.forEach(tags::add);
                        o.put("expires", k.expires == null ? null : k.expires.toString());
                        String why = k.unusableReason(now);
                        o.put("usable", why == null);
                        if (why != null) {
                            o.put("why", why);
                        }
                    }
                    return a;
                }
                if (p.length == 3 && method.equals("POST")) {
                    JsonNode req = body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
                    List<String> tags = new ArrayList<>();
                    req.path("tags").forEach(n -> tags.add(n.asText()));
                    long secs = req.path("expiresInSeconds").asLong(0);
                    String key = server.createAuthKey(req.path("reusable").asBoolean(false),
                            req.path("ephemeral").asBoolean(false), secs > 0 ? Duration.ofSeconds(secs) : null, tags);
                    return JSON.createObjectNode().put("key", key);
                }
                if (p.length == 5 && p[4].equals("revoke") && method.equals("POST")) {
                    if (!t.revokeKey(parseId(p[3]))) {
                        throw new Tailnet.ApiError(404, "no key " + p[3]);
                    }
                    return JSON.createObjectNode().put("ok", true);
                }
                break;
            case "auth":
                if (p.length == 3 && method.equals("GET")) {
                    ObjectNode o = JSON.createObjectNode();
                    t.pendingAuth().forEach(o::put);
                    return o;
                }
                if (p.length == 5 && p[4].equals("approve") && method.equals("POST")) {
                    if (!server.approveAuth(p[3])) {
                        throw new Tailnet.ApiError(404, "no pending AuthURL " + p[3]);
                    }
                    return JSON.createObjectNode().put("ok", true);
                }
                break;
            case "policy":
                if (method.equals("GET")) {
                    return JSON.readTree(t.policy().text());
                }
                if (method.equals("PUT") || method.equals("POST")) {
                    server.setPolicy(body);
                    return JSON.createObjectNode().put("ok", true);
                }
                break;
            case "derpmap":
                if (method.equals("GET")) {
                    return t.derpMap();
                }
                if (method.equals("PUT") || method.equals("POST")) {
                    server.setDerpMap(body);
                    return JSON.createObjectNode().put("ok", true);
                }
                break;
            case "quirks":
                if (method.equals("POST") || method.equals("PUT")) {
                    setQuirks(server.config(), JSON.readTree(body));
                }
                return quirks(server.config());
            default:
                break;
        }
        throw new Tailnet.ApiError(404, "no such admin route; GET /admin for help");
    }

    private static long parseId(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new Tailnet.ApiError(400, "bad id " + s);
        }
    }

    static ObjectNode quirks(ControlConfig c) {
        ObjectNode o = JSON.createObjectNode();
        for (String name : new java.util.TreeSet<>(QUIRKS)) {
            try {
                o.set(name, JSON.valueToTree(ControlConfig.class.getField(name).get(c)));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return o;
    }

    /** Sets the named quirk fields; unknown names or wrong types are rejected before anything changes. */
    static void setQuirks(ControlConfig c, JsonNode req) {
        if (req == null || !req.isObject()) {
            throw new IllegalArgumentException("want a JSON object of quirk name -> value");
        }
        req.fieldNames().forEachRemaining(n -> {
            if (!QUIRKS.contains(n)) {
                throw new IllegalArgumentException("unknown quirk \"" + n + "\"; known: " + new java.util.TreeSet<>(QUIRKS));
            }
        });
        try {
            JSON.readerForUpdating(new ControlConfig()).readValue(req); // all or nothing: check on a scratch copy
            JSON.readerForUpdating(c).readValue(req);
        } catch (IOException e) {
            throw new IllegalArgumentException("bad quirk value: " + e.getMessage());
        }
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = (body + "\n").getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
    }
}
