package io.tailnode.sim.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One real WireGuard peer: wireguard-go in its own network namespace, joined to the root namespace by a veth
 * pair (test-environment.md §4.1-§4.2). Addresses for peer number {@code idx} (1-99):
 * <pre>
 *   namespace = tun = &lt;run prefix&gt;p&lt;idx&gt;        veth &lt;name&gt;h (root end), &lt;name&gt;n (namespace end)
 *   underlay   root end 198.18.IDX.1/24, 2001:2:0:IDX::1/64   peer end 198.18.IDX.2/24, 2001:2:0:IDX::2/64
 *   tunnel     peer 100.64.0.(IDX+1)/24, fd7a:115c:a1e0::(IDX+1 in hex)/64, MTU 1420
 *   device     100.64.0.1, fd7a:115c:a1e0::1 (the peer's allowed IPs for the device, see {@link #addDevice})
 * </pre>
 * The device under test runs in the root namespace with a UDP socket and reaches this peer at
 * {@link #endpointV4()} / {@link #endpointV6()}. IPv6 addresses carry {@code nodad}, so they work at once.
 * <p>
 * Life cycle: {@link #up} first removes a leftover of the same name; {@link #close} (also registered with
 * {@link InteropRun}, hence run by the shutdown hook) stops wireguard-go by its recorded PID, then deletes the
 * namespace by name. Every command runs with a timeout. Not thread-safe.
 */
public final class WgPeerNamespace implements AutoCloseable {
    public static final int DEFAULT_LISTEN_PORT = 51820;
    public static final int TUNNEL_MTU = 1420;
    public static final String DEVICE_TUNNEL_V4 = "100.64.0.1";
    public static final String DEVICE_TUNNEL_V6 = "fd7a:115c:a1e0::1";
    private static final Duration SOCKET_WAIT = Duration.ofSeconds(3);

    /** A peer of this wireguard-go (normally our device): what {@code wg set ... peer} gets. */
    public record PeerSpec(String publicKey, String endpoint, List<String> allowedIps, String presharedKey,
                           int persistentKeepalive) {
    }

    private final InteropRun run;
    private final int idx;
    private final String name;
    private final Path stateDir;
    private final WgKeys keys;
    private final int listenPort;
    private final List<PeerSpec> peers = new ArrayList<>();
    private final List<String> extraTunnelAddresses = new ArrayList<>();
    private final Runnable teardown = this::down;
    private String underlayV4;
    private Process wireguardGo;
    private int captures;

    private WgPeerNamespace(int idx, WgKeys keys, int listenPort) {
        if (idx < 1 || idx > 99) {
            throw new IllegalArgumentException("peer index 1..99: " + idx);
        }
        this.run = InteropRun.get();
        this.idx = idx;
        this.name = run.prefix() + "p" + idx;
        this.stateDir = InteropRun.STATE_ROOT.resolve(name);
        this.keys = keys;
        this.listenPort = listenPort;
        this.underlayV4 = "198.18." + idx + ".2";
    }

    /** Brings up peer {@code idx} with a fresh key on {@link #DEFAULT_LISTEN_PORT}. */
    public static WgPeerNamespace up(int idx) {
        return up(idx, WgKeys.generate(), DEFAULT_LISTEN_PORT);
    }

    /** Brings up peer {@code idx} with the given key and UDP port (tearing down a leftover of the same name). */
    public static WgPeerNamespace up(int idx, WgKeys keys, int listenPort) {
        WgPeerNamespace p = new WgPeerNamespace(idx, keys, listenPort);
        p.run.register(p.teardown);
        try {
            p.create();
            p.startWireguard();
        } catch (RuntimeException e) {
            p.close();
            throw e;
        }
        return p;
    }

    public String name() {
        return name;
    }

    public WgKeys keys() {
        return keys;
    }

    public String publicKey() {
        return keys.publicKey();
    }

    public int listenPort() {
        return listenPort;
    }

    /** The root namespace's end of the veth (where a device in the root namespace binds). */
    public String rootInterface() {
        return name + "h";
    }

    public String namespaceInterface() {
        return name + "n";
    }

    public String rootAddressV4() {
        return "198.18." + idx + ".1";
    }

    public String rootAddressV6() {
        return "2001:2:0:" + idx + "::1";
    }

    /** The peer's current IPv4 underlay address (changes with {@link #changeUnderlayAddress}). */
    public String underlayV4() {
        return underlayV4;
    }

    public String underlayV6() {
        return "2001:2:0:" + idx + "::2";
    }

    public String endpointV4() {
        return underlayV4 + ":" + listenPort;
    }

    public String endpointV6() {
        return "[" + underlayV6() + "]:" + listenPort;
    }

    public String tunnelV4() {
        return "100.64.0." + (idx + 1);
    }

    public String tunnelV6() {
        return "fd7a:115c:a1e0::" + Integer.toHexString(idx + 1);
    }

    /** PID of the running wireguard-go, or -1. */
    public long wireguardPid() {
        return wireguardGo != null && wireguardGo.isAlive() ? wireguardGo.pid() : -1;
    }

    private void create() {
        InteropRun.removeNamespace(name);
        try {
            Files.createDirectories(InteropRun.STATE_ROOT);
            Files.createDirectories(stateDir);
            Files.setPosixFilePermissions(stateDir, PosixFilePermissions.fromString("rwx------"));
            writeSecret("private.key", keys.privateKey());
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare " + stateDir, e);
        }
        Cmd.must("ip", "netns", "add", name);
        Cmd.must("ip", "link", "add", rootInterface(), "type", "veth", "peer", "name", namespaceInterface(),
                "netns", name);
        Cmd.must("ip", "addr", "add", rootAddressV4() + "/24", "dev", rootInterface());
        Cmd.must("ip", "addr", "add", rootAddressV6() + "/64", "dev", rootInterface(), "nodad");
        Cmd.must("ip", "link", "set", rootInterface(), "up");
        Cmd.must("ip", "-n", name, "addr", "add", underlayV4 + "/24", "dev", namespaceInterface());
        Cmd.must("ip", "-n", name, "addr", "add", underlayV6() + "/64", "dev", namespaceInterface(), "nodad");
        Cmd.must("ip", "-n", name, "link", "set", namespaceInterface(), "up");
        Cmd.must("ip", "-n", name, "link", "set", "lo", "up");
    }

    private Path writeSecret(String file, String value) throws IOException {
        Path p = stateDir.resolve(file);
        Files.deleteIfExists(p);
        Files.createFile(p, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(p, value + "\n", StandardCharsets.UTF_8);
        return p;
    }

    /** Starts wireguard-go in the foreground (its PID recorded), then configures key, port, addresses, peers. */
    private void startWireguard() {
        Path sock = Path.of("/var/run/wireguard", name + ".sock");
        InteropRun.deleteQuietly(sock);
        try {
            // `ip netns exec` execs in place, so the process started is wireguard-go itself (pitfall 2).
            ProcessBuilder pb = new ProcessBuilder("ip", "netns", "exec", name, "wireguard-go", "-f", name)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(stateDir.resolve("wireguard-go.log").toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().put("LOG_LEVEL", "error");
            wireguardGo = pb.start();
            Files.writeString(stateDir.resolve("wireguard-go.pid"),
                    wireguardGo.pid() + " wireguard-go -f " + name + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start wireguard-go", e);
        }
        long deadline = System.nanoTime() + SOCKET_WAIT.toNanos();
        while (!Files.exists(sock)) {
            if (!wireguardGo.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("wireguard-go did not create " + sock + "; log:\n" + log());
            }
            sleep(20);
        }
        Cmd.must("wg", "set", name, "private-key", stateDir.resolve("private.key").toString(),
                "listen-port", Integer.toString(listenPort));
        Cmd.must("ip", "-n", name, "addr", "add", tunnelV4() + "/24", "dev", name);
        Cmd.must("ip", "-n", name, "addr", "add", tunnelV6() + "/64", "dev", name, "nodad");
        for (String cidr : extraTunnelAddresses) {
            Cmd.must("ip", "-n", name, "addr", "add", cidr, "dev", name, "nodad");
        }
        Cmd.must("ip", "-n", name, "link", "set", name, "mtu", Integer.toString(TUNNEL_MTU), "up");
        for (PeerSpec p : peers) {
            applyPeer(p);
        }
    }

    /** wireguard-go's log so far (for failure messages). */
    public String log() {
        try {
            return Files.readString(stateDir.resolve("wireguard-go.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /**
     * Adds the device as a peer with the usual allowed IPs (100.64.0.1/32, fd7a:115c:a1e0::1/128).
     * {@code endpoint} may be null (learned from the device's first handshake), {@code psk} may be null,
     * {@code keepalive} 0 = off.
     */
    public void addDevice(String devicePublicKey, String endpoint, String psk, int keepalive) {
        addPeer(new PeerSpec(devicePublicKey, endpoint, List.of(DEVICE_TUNNEL_V4 + "/32", DEVICE_TUNNEL_V6 + "/128"),
                psk, keepalive));
    }

    /** Adds (or replaces) a peer; remembered so {@link #restart} configures it again. */
    public void addPeer(PeerSpec peer) {
        peers.removeIf(p -> p.publicKey().equals(peer.publicKey()));
        peers.add(peer);
        applyPeer(peer);
    }

    public void removePeer(String publicKey) {
        peers.removeIf(p -> p.publicKey().equals(publicKey));
        Cmd.must("wg", "set", name, "peer", publicKey, "remove");
    }

    private void applyPeer(PeerSpec p) {
        List<String> cmd = new ArrayList<>(List.of("wg", "set", name, "peer", p.publicKey(),
                "allowed-ips", String.join(",", p.allowedIps())));
        if (p.endpoint() != null) {
            cmd.add("endpoint");
            cmd.add(p.endpoint());
        }
        if (p.presharedKey() != null) {
            try {
                Path f = writeSecret("psk-" + Integer.toHexString(p.publicKey().hashCode()) + ".key", p.presharedKey());
                cmd.add("preshared-key");
                cmd.add(f.toString());
            } catch (IOException e) {
                throw new IllegalStateException("cannot write PSK file", e);
            }
        }
        cmd.add("persistent-keepalive");
        cmd.add(p.persistentKeepalive() == 0 ? "off" : Integer.toString(p.persistentKeepalive()));
        Cmd.must(cmd.toArray(new String[0]));
    }

    /**
     * Replaces wireguard-go's whole configuration with a wg(8) configuration text ({@code wg setconf}: no
     * wg-quick keys such as Address or MTU). For cross-checking parsers; {@link #restart} does not re-apply it.
     */
    public void setConf(String text) {
        try {
            Path f = writeSecret("setconf.conf", text);
            Cmd.must("wg", "setconf", name, f.toString());
        } catch (IOException e) {
            throw new IllegalStateException("cannot write config", e);
        }
    }

    /** Adds another address to the tunnel interface (e.g. another peer's, to test cryptokey routing). */
    public void addTunnelAddress(String cidr) {
        extraTunnelAddresses.add(cidr);
        Cmd.must("ip", "-n", name, "addr", "add", cidr, "dev", name, "nodad");
    }

    /**
     * Pings {@code destination} from inside the namespace: {@code count} echoes 0.2 s apart, ICMP payload
     * {@code payloadSize} bytes (1392 gives a 1420-byte IPv4 packet), DF set if {@code dontFragment},
     * from {@code source} if not null ({@code ping -I}). Each reply waited for at most 2 s; whole command
     * bounded too.
     */
    public PingResult ping(String destination, int count, int payloadSize, boolean dontFragment, String source) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", name, "ping", "-n", "-q",
                "-c", Integer.toString(count), "-i", "0.2", "-W", "2", "-s", Integer.toString(payloadSize)));
        if (dontFragment) {
            cmd.add("-M");
            cmd.add("do");
        }
        if (source != null) {
            cmd.add("-I");
            cmd.add(source);
        }
        cmd.add(destination);
        Duration limit = Duration.ofMillis(3000L + count * 2200L);
        return PingResult.parse(Cmd.run(limit, cmd.toArray(new String[0])));
    }

    public PingResult ping(String destination, int count) {
        return ping(destination, count, 56, false, null);
    }

    /** Kills wireguard-go (SIGTERM by its recorded PID, then SIGKILL); the tun device goes with it. */
    public void kill() {
        if (wireguardGo != null) {
            InteropRun.stop(wireguardGo.toHandle());
            InteropRun.deleteQuietly(stateDir.resolve("wireguard-go.pid"));
            wireguardGo = null;
        }
        InteropRun.deleteQuietly(Path.of("/var/run/wireguard", name + ".sock"));
    }

    /** Kills wireguard-go and starts it again with the same key, port, addresses and peers. */
    public void restart() {
        kill();
        startWireguard();
    }

    /**
     * Moves the peer's IPv4 underlay address to {@code 198.18.IDX.host} (same /24, so the root end still
     * reaches it); the next packet the peer sends comes from the new address.
     */
    public void changeUnderlayAddress(int host) {
        if (host < 2 || host > 254) {
            throw new IllegalArgumentException("host part 2..254: " + host);
        }
        String next = "198.18." + idx + "." + host;
        // Delete first: removing a primary address also removes the secondaries of its subnet.
        Cmd.must("ip", "-n", name, "addr", "del", underlayV4 + "/24", "dev", namespaceInterface());
        Cmd.must("ip", "-n", name, "addr", "add", next + "/24", "dev", namespaceInterface());
        underlayV4 = next;
    }

    /**
     * Joins this namespace directly to {@code other} with a second veth pair {@code <prefix>l<link>a/b},
     * addresses 198.19.LINK.1/24 here and 198.19.LINK.2/24 there (for wireguard-go to wireguard-go tests,
     * §4.3). Removed with either namespace. Returns this side's address.
     */
    public String linkTo(WgPeerNamespace other, int link) {
        if (link < 1 || link > 99) {
            throw new IllegalArgumentException("link 1..99: " + link);
        }
        String a = run.prefix() + "l" + link + "a";
        String b = run.prefix() + "l" + link + "b";
        Cmd.must("ip", "link", "add", a, "netns", name, "type", "veth", "peer", "name", b, "netns", other.name);
        Cmd.must("ip", "-n", name, "addr", "add", "198.19." + link + ".1/24", "dev", a);
        Cmd.must("ip", "-n", other.name, "addr", "add", "198.19." + link + ".2/24", "dev", b);
        Cmd.must("ip", "-n", name, "link", "set", a, "up");
        Cmd.must("ip", "-n", other.name, "link", "set", b, "up");
        return "198.19." + link + ".1";
    }

    /** Raw {@code wg show NAME dump} (tab-separated; first line the interface, then one line per peer). */
    public String dump() {
        return Cmd.must("wg", "show", name, "dump");
    }

    /** Unix time of the latest handshake with {@code publicKey}, 0 if none yet, -1 if not a peer. */
    public long latestHandshake(String publicKey) {
        String[] f = dumpLine(publicKey);
        return f == null ? -1 : Long.parseLong(f[4]);
    }

    /** The endpoint wireguard-go currently has for {@code publicKey} ("(none)" if unknown), or null. */
    public String endpointOf(String publicKey) {
        String[] f = dumpLine(publicKey);
        return f == null ? null : f[2];
    }

    private String[] dumpLine(String publicKey) {
        String[] lines = dump().split("\n");
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split("\t");
            if (f.length >= 8 && f[0].equals(publicKey)) {
                return f;
            }
        }
        return null;
    }

    /** A running tcpdump started by {@link #capture}; stops by itself after its duration. */
    public final class Capture {
        private final Process process;
        private final Path file;
        private final Path pidFile;

        private Capture(Process process, Path file, Path pidFile) {
            this.process = process;
            this.file = file;
            this.pidFile = pidFile;
        }

        private String captureLog() {
            try {
                return Files.readString(Path.of(pidFile.toString().replace(".pid", ".log")));
            } catch (IOException e) {
                return "(no log)";
            }
        }

        public Path file() {
            return file;
        }

        /** Waits until the duration has passed (tcpdump writes and exits), then returns the pcap file. */
        public Path await() {
            try {
                if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    InteropRun.stop(process.toHandle());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                InteropRun.stop(process.toHandle());
            }
            InteropRun.deleteQuietly(pidFile);
            if (!Files.exists(file)) {
                throw new IllegalStateException("tcpdump wrote no " + file + ": " + captureLog());
            }
            return file;
        }

        /** Stops the capture now (SIGTERM to the recorded PID; tcpdump flushes) and returns the pcap file. */
        public Path stop() {
            InteropRun.stop(process.toHandle());
            return await();
        }
    }

    /**
     * Starts tcpdump on {@code iface} inside this namespace (default: {@link #namespaceInterface()}, which sees
     * exactly what the root end sees) writing a pcap to {@code out} for at most {@code seconds} seconds
     * ({@code timeout -s INT}; {@code -Z root} because Debian's tcpdump otherwise drops to user tcpdump before
     * creating the file; {@code --immediate-mode} so a stop right after the traffic loses nothing), with a BPF {@code filter} (e.g. "udp port 51820"). Returns once tcpdump listens.
     */
    public Capture capture(String iface, int seconds, String filter, Path out) {
        String dev = iface == null ? namespaceInterface() : iface;
        Path pidFile = stateDir.resolve("capture-" + (++captures) + ".pid");
        Path log = stateDir.resolve("capture-" + captures + ".log");
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", name, "timeout", "-s", "INT",
                Integer.toString(seconds), "tcpdump", "-i", dev, "-n", "-U", "--immediate-mode", "-s", "0", "-Z", "root", "-w", out.toString()));
        cmd.addAll(List.of(filter.split(" ")));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            Files.writeString(pidFile, p.pid() + " tcpdump -i " + dev + "\n", StandardCharsets.UTF_8);
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (!Files.readString(log).contains("listening on")) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    InteropRun.stop(p.toHandle());
                    throw new IllegalStateException("tcpdump did not start: " + Files.readString(log));
                }
                sleep(20);
            }
            return new Capture(p, out, pidFile);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start tcpdump", e);
        }
    }

    /** Stops wireguard-go by PID, deletes the namespace by name and the state directory; idempotent. */
    private void down() {
        kill();
        InteropRun.removeNamespace(name);
    }

    @Override
    public void close() {
        run.unregister(teardown);
        down();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public String toString() {
        return "WgPeerNamespace[" + name + ", " + endpointV4() + ", tunnel " + tunnelV4() + "]";
    }
}
