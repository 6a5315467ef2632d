package io.tailnode.sim.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A development Tailscale control server (docs/dev-control-server.md): {@code /key}, {@code /ts2021} (Noise IK
 * responder on BouncyCastle), HTTP/2 by Jetty behind it, register and streaming map with deltas, pre-auth keys,
 * a policy file compiled to packet filters, a loopback admin API and quirk switches.
 *
 * <pre>
 *   try (DevControlServer s = DevControlServer.start(new ControlConfig())) {
 *       String key = s.createAuthKey(true, null);          // reusable, never expires
 *       connect a client to s.controlUrl() pinning s.serverKey() ...
 *       s.expireNode(id); s.removeNode(id); s.setPolicy(json); s.config().split = true;
 *   }
 * </pre>
 */
public final class DevControlServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    private final ControlConfig config;
    private final Tailnet tailnet;
    private final Server jetty;
    private final NoiseFront front;
    private final AdminApi admin;
    private final byte[] serverPub;
    /** Issue #7: the in-process relay and STUN responder ({@link ControlConfig#devRelay}), else null. */
    private final io.tailnode.sim.derp.DevDerpRelay relay;
    private final io.tailnode.sim.derp.DevStunServer stun;

    private DevControlServer(ControlConfig config, Clock clock) throws Exception {
        this.config = config;
        SecureRandom random = new SecureRandom();
        byte[][] keys = loadOrCreateKeys(config.stateDir, random);
        serverPub = NoiseResponder.publicKey(keys[0]);
        tailnet = new Tailnet(config, clock, random);
        if (config.stateDir != null) {
            TailnetSnapshot.load(tailnet, config.stateDir);
        }
        if (config.policyFile != null) {
            tailnet.setPolicy(Policy.parse(Files.readString(config.policyFile)));
        }
        if (config.derpMapFile != null) {
            tailnet.setDerpMap((ObjectNode) JSON.readTree(Files.readString(config.derpMapFile)));
        }
        if (config.devRelay) {
            io.tailnode.sim.derp.DevDerpRelay.Options ro = new io.tailnode.sim.derp.DevDerpRelay.Options();
            ro.bind = java.net.InetAddress.getByName(config.bindHost);
            relay = io.tailnode.sim.derp.DevDerpRelay.start(ro);
            stun = io.tailnode.sim.derp.DevStunServer.start(new java.net.InetSocketAddress(ro.bind, 0), true);
            tailnet.setDerpMap((ObjectNode) JSON.readTree(relay.derpMapJson(config.devRelayRegion, stun.port())));
        } else {
            relay = null;
            stun = null;
        }
        if (config.stateDir != null) {
            Path dir = config.stateDir;
            tailnet.setOnChange(() -> TailnetSnapshot.save(tailnet, dir));
        }
        Callers callers = new Callers();
        callers.onClose(tailnet::closeConnection);
        QueuedThreadPool pool = new QueuedThreadPool(1024, 4);
        pool.setName("control-h2");
        pool.setDaemon(true);
        jetty = new Server(pool);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setResponseHeaderSize(64 * 1024); // the hugeHeaders quirk sends a ~24 KB block (HEADERS + CONTINUATION)
        HTTP2CServerConnectionFactory h2 = new HTTP2CServerConnectionFactory(http);
        h2.setStreamIdleTimeout(3_600_000);
        ServerConnector inner = new ServerConnector(jetty, h2);
        inner.setHost("127.0.0.1");
        inner.setPort(0);
        inner.setIdleTimeout(3_600_000);
        jetty.addConnector(inner);
        jetty.setHandler(new ControlApi(config, tailnet, callers, new FixtureMaps()));
        jetty.start();
        NoiseFront f = null;
        AdminApi a = null;
        try {
            f = new NoiseFront(config, keys[0], NoiseResponder.publicKey(keys[1]), inner.getLocalPort(), callers, random);
            tailnet.setControlUrl("http://" + hostForUrl(config.bindHost) + ":" + f.port());
            if (config.adminPort >= 0) {
                a = new AdminApi(this, config.adminPort);
            }
        } catch (Exception e) {
            if (f != null) {
                f.close();
            }
            jetty.stop();
            throw e;
        }
        java.util.Arrays.fill(keys[0], (byte) 0);
        front = f;
        admin = a;
    }

    /** Starts the server on the configured ports (0 = ephemeral) with the system clock. */
    public static DevControlServer start(ControlConfig config) throws Exception {
        return new DevControlServer(config, Clock.systemUTC());
    }

    /** As {@link #start(ControlConfig)} with a clock of the caller's (key expiry, ControlTime). */
    public static DevControlServer start(ControlConfig config, Clock clock) throws Exception {
        return new DevControlServer(config, clock);
    }

    private static String hostForUrl(String host) {
        return host.contains(":") ? "[" + host + "]" : host;
    }

    /** [server private, legacy private]: from DIR/control-keys.json, or new (and saved there when DIR is set). */
    private static byte[][] loadOrCreateKeys(Path dir, SecureRandom random) throws IOException {
        Path file = dir == null ? null : dir.resolve("control-keys.json");
        if (file != null && Files.exists(file)) {
            JsonNode j = JSON.readTree(Files.readString(file));
            return new byte[][] {HEX.parseHex(j.get("serverPrivate").asText()), HEX.parseHex(j.get("legacyPrivate").asText())};
        }
        byte[][] keys = {new byte[32], new byte[32]};
        random.nextBytes(keys[0]);
        random.nextBytes(keys[1]);
        if (file != null) {
            Files.createDirectories(dir);
            ObjectNode j = JSON.createObjectNode();
            j.put("serverPrivate", HEX.formatHex(keys[0]));
            j.put("legacyPrivate", HEX.formatHex(keys[1]));
            Path tmp = dir.resolve("control-keys.json.tmp");
            Files.writeString(tmp, j.toString(), StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        return keys;
    }

    public ControlConfig config() {
        return config;
    }

    /** {@code http://HOST:PORT}: the control URL clients are given. */
    public String controlUrl() {
        return "http://" + hostForUrl(config.bindHost) + ":" + front.port();
    }

    public int port() {
        return front.port();
    }

    /** {@code http://127.0.0.1:PORT/admin}, or null without admin API. */
    public String adminUrl() {
        return admin == null ? null : "http://127.0.0.1:" + admin.port() + "/admin";
    }

    /** The server's Noise static public key (what /key serves as publicKey). */
    public byte[] serverKey() {
        return serverPub.clone();
    }

    public String serverKeyText() {
        return KeyText.format(KeyText.MACHINE, serverPub);
    }

    /** Noise handshakes completed so far. */
    public long handshakes() {
        return front.handshakes.get();
    }

    /** Records sent to clients so far, and how many of them were empty (zero-length quirk). */
    public long recordsToClients() {
        return front.recordsToClient.get();
    }

    public long emptyRecordsToClients() {
        return front.emptyRecordsToClient.get();
    }

    /** Taps the plaintext (HTTP/2 bytes) sent to clients, with the connection number; null removes the tap. */
    public void tapToClients(java.util.function.BiConsumer<Integer, byte[]> tap) {
        front.tap = tap == null ? null : (id, b, off, len) -> tap.accept(id, java.util.Arrays.copyOfRange(b, off, off + len));
    }

    /**
     * Creates a pre-auth key and returns its text (the only time the secret is shown). {@code expiresIn} null =
     * never; tags like {@code tag:plc} make the node tagged (no key expiry).
     */
    public String createAuthKey(boolean reusable, Duration expiresIn, String... tags) {
        return createAuthKey(reusable, false, expiresIn, List.of(tags));
    }

    public String createAuthKey(boolean reusable, boolean ephemeral, Duration expiresIn, List<String> tags) {
        Instant exp = expiresIn == null ? null : tailnet.now().plus(expiresIn);
        return tailnet.createKey(reusable, ephemeral, tags, exp);
    }

    /** Nodes as the admin API lists them: id, name, keys, addresses, tags, keyExpiry, expired, online, endpoints. */
    public ArrayNode nodes() {
        return AdminApi.nodesJson(tailnet);
    }

    /** The node ID registered for this node key text ({@code nodekey:...}), or -1. */
    public long nodeId(String nodeKey) {
        for (TailnetNode n : tailnet.nodes()) {
            if (n.nodeKey.equals(nodeKey)) {
                return n.id;
            }
        }
        return -1;
    }

    /** Adds nodes that never connect (random keys, home DERP 900) for large-netmap tests; returns their IDs. */
    public List<Long> addSyntheticNodes(int count, String... tags) {
        return tailnet.addSyntheticNodes(count, List.of(tags));
    }

    /** Sets the node's key expiry to now: its next register without auth gets NodeKeyExpired/AuthURL. */
    public boolean expireNode(long id) {
        return tailnet.expireNode(id);
    }

    /** Deletes the node; peers get PeersRemoved in their next delta and its own map stream ends. */
    public boolean removeNode(long id) {
        return tailnet.removeNode(id);
    }

    /**
     * Approves a pending AuthURL (the whole URL or its last path segment), as a human would in a browser: the
     * machine's next register without an auth key (e.g. its Followup) is authorized as an untagged node.
     */
    public boolean approveAuth(String urlOrId) {
        return tailnet.approveAuth(urlOrId);
    }

    /** Replaces the policy (JSON text, see docs); every node whose filter changes gets a delta. */
    public void setPolicy(String json) {
        tailnet.setPolicy(Policy.parse(json));
    }

    public void setDerpMap(String json) throws IOException {
        tailnet.setDerpMap((ObjectNode) JSON.readTree(json));
    }

    Tailnet tailnet() {
        return tailnet;
    }

    @Override
    public void close() throws Exception {
        if (admin != null) {
            admin.close();
        }
        tailnet.closeAllSessions();
        front.close();
        jetty.stop();
        if (relay != null) {
            relay.close();
            stun.close();
        }
    }

    /** Issue #7: the in-process development DERP relay ({@link ControlConfig#devRelay}), or null. */
    public io.tailnode.sim.derp.DevDerpRelay derpRelay() {
        return relay;
    }

    /** Issue #7: the in-process STUN responder, or null. */
    public io.tailnode.sim.derp.DevStunServer stunServer() {
        return stun;
    }
}
