package io.tailnode.sim.nat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * Issue #7 with real NATs: five network namespaces named {@code tnnat-<pid>-*}, underlay 198.19.0.0/16 only.
 * <pre>
 *   tnnat-PID-pub  "internet": lo 198.19.0.1 (control server + DERP relay + STUN), pa 198.19.10.1, pb 198.19.20.1
 *   tnnat-PID-na   NAT a: wan 198.19.10.2 (nftables masquerade, unsolicited inbound dropped), lan 198.19.11.1
 *   tnnat-PID-da   device a: eth 198.19.11.2, default via 198.19.11.1
 *   tnnat-PID-nb / tnnat-PID-db   the same with 198.19.20.x / 198.19.21.x
 * </pre>
 * Sockets cannot be bound in another namespace from this JVM, so the control server and the devices run as
 * child JVMs through {@code ip netns exec} with this JVM's class path. {@link #close()} stops every child it
 * started (by its handle) and deletes the namespaces, also when a test fails; a leftover of a crashed run is
 * deleted when the next lab is built (names {@code tnnat-<pid>-*} whose PID is gone, or is this JVM's).
 */
final class NatLab implements AutoCloseable {
    /** {@code tnnat-<pid>-}: two builds on one machine never share a namespace (addresses live inside them). */
    static final String PREFIX = "tnnat-" + ProcessHandle.current().pid() + "-";
    static final String PUB = PREFIX + "pub";
    static final String NAT_A = PREFIX + "na";
    static final String NAT_B = PREFIX + "nb";
    static final String DEV_A = PREFIX + "da";
    static final String DEV_B = PREFIX + "db";
    private static final Pattern OWN = Pattern.compile("(tnnat-(\\d+)-(?:pub|na|nb|da|db))\\b.*");
    static final String PUBLIC_IP = "198.19.0.1";
    static final String DEV_A_IP = "198.19.11.2";
    static final String DEV_B_IP = "198.19.21.2";
    static final String NAT_A_WAN = "198.19.10.2";
    static final String NAT_B_WAN = "198.19.20.2";
    private static final List<String> ALL = List.of(DEV_A, DEV_B, NAT_A, NAT_B, PUB);

    private final List<Child> children = new ArrayList<>();
    /** Backstop when the test JVM is stopped mid-test (Ctrl-C, surefire timeout): children and namespaces go. */
    private final Thread shutdownHook = new Thread(this::closeQuietly, "tnnat-cleanup");

    private NatLab() {
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Skips (or fails with TAILNODE_INTEROP_REQUIRED=1) without root, ip or nft. */
    static void require() {
        Optional<String> why = unavailableReason();
        if (why.isPresent() && "1".equals(System.getenv("TAILNODE_INTEROP_REQUIRED"))) {
            throw new IllegalStateException(why.get());
        }
        Assumptions.assumeTrue(why.isEmpty(), () -> "skipped: " + why.orElse(""));
    }

    static Optional<String> unavailableReason() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return Optional.of("NAT namespace tests need root");
        }
        for (String tool : List.of("ip", "nft")) {
            if (!onPath(tool)) {
                return Optional.of("NAT namespace tests need '" + tool + "' (apt-get install "
                        + (tool.equals("ip") ? "iproute2" : "nftables") + ")");
            }
        }
        return Optional.empty();
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", tool)) || Files.isExecutable(Path.of("/sbin", tool));
    }

    /** Builds the namespaces, links, routes and NAT rules; direct forwarding between the NATs is on. */
    static NatLab build() throws IOException, InterruptedException {
        sweepLeftovers();
        NatLab lab = new NatLab();
        try {
            for (String ns : ALL) {
                run(true, "ip", "netns", "add", ns);
                ip(ns, "link", "set", "lo", "up");
            }
            ip(PUB, "addr", "add", PUBLIC_IP + "/32", "dev", "lo");
            sysctl(PUB, "net.ipv4.ip_forward=1");
            lab.natSide(NAT_A, DEV_A, "pa", "198.19.10", "198.19.11");
            lab.natSide(NAT_B, DEV_B, "pb", "198.19.20", "198.19.21");
            // the "internet" filter: a table of its own so that blocking direct paths is one rule
            nft(PUB, "add table inet tnnat");
            nft(PUB, "add chain inet tnnat forward { type filter hook forward priority 0; policy accept; }");
            return lab;
        } catch (IOException | RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    /** Deletes namespaces of a crashed earlier run: ours by name, or {@code tnnat-<pid>-*} of a dead PID. */
    private static void sweepLeftovers() throws IOException, InterruptedException {
        for (String line : run(false, "ip", "netns", "list").split("\n")) {
            Matcher m = OWN.matcher(line.trim());
            if (m.matches()) {
                long pid = Long.parseLong(m.group(2));
                if (pid == ProcessHandle.current().pid() || ProcessHandle.of(pid).isEmpty()) {
                    run(false, "ip", "netns", "del", m.group(1));
                }
            }
        }
    }

    private void natSide(String nat, String dev, String pubIf, String wanNet, String lanNet)
            throws IOException, InterruptedException {
        ip(PUB, "link", "add", pubIf, "type", "veth", "peer", "name", "wan", "netns", nat);
        ip(PUB, "addr", "add", wanNet + ".1/24", "dev", pubIf);
        ip(PUB, "link", "set", pubIf, "up");
        ip(nat, "addr", "add", wanNet + ".2/24", "dev", "wan");
        ip(nat, "link", "set", "wan", "up");
        ip(nat, "route", "add", "default", "via", wanNet + ".1");
        ip(nat, "link", "add", "lan", "type", "veth", "peer", "name", "eth", "netns", dev);
        ip(nat, "addr", "add", lanNet + ".1/24", "dev", "lan");
        ip(nat, "link", "set", "lan", "up");
        ip(dev, "addr", "add", lanNet + ".2/24", "dev", "eth");
        ip(dev, "link", "set", "eth", "up");
        ip(dev, "route", "add", "default", "via", lanNet + ".1");
        sysctl(nat, "net.ipv4.ip_forward=1");
        nft(nat, "add table ip tnnat");
        nft(nat, "add chain ip tnnat post { type nat hook postrouting priority 100; policy accept; }");
        nft(nat, "add rule ip tnnat post oifname \"wan\" masquerade");
        // A home router's firewall: unsolicited packets to the NAT itself are dropped in the input hook, before
        // conntrack confirms them. Without it, a peer's early disco ping leaves an UNREPLIED entry whose reply
        // tuple clashes with the device's own outgoing flow to that peer, and masquerade then picks another source
        // port for it (seen: 36236 → 1506) — a symmetric NAT, which no hole punching passes.
        nft(nat, "add chain ip tnnat in { type filter hook input priority 0; policy accept; }");
        nft(nat, "add rule ip tnnat in iifname \"wan\" ct state new drop");
    }

    /** Drops every packet the "internet" would forward between the two NATs (no direct UDP path). */
    void blockDirect() throws IOException, InterruptedException {
        nft(PUB, "add rule inet tnnat forward iifname \"pa\" oifname \"pb\" drop");
        nft(PUB, "add rule inet tnnat forward iifname \"pb\" oifname \"pa\" drop");
    }

    /** Drops {@code percent} % of the datagrams forwarded between the NATs, at random, both ways. */
    void lossyDirect(int percent) throws IOException, InterruptedException {
        nft(PUB, "add rule inet tnnat forward iifname \"pa\" oifname \"pb\" numgen random mod 100 < " + percent
                + " drop");
        nft(PUB, "add rule inet tnnat forward iifname \"pb\" oifname \"pa\" numgen random mod 100 < " + percent
                + " drop");
    }

    static void ip(String ns, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", ns));
        cmd.addAll(List.of(args));
        run(true, cmd.toArray(new String[0]));
    }

    static void nft(String ns, String rule) throws IOException, InterruptedException {
        run(true, "ip", "netns", "exec", ns, "nft", rule);
    }

    private static void sysctl(String ns, String kv) throws IOException, InterruptedException {
        run(true, "ip", "netns", "exec", ns, "sysctl", "-q", "-w", kv);
    }

    /** Runs a command to completion (10 s at most); with {@code check}, a non-zero exit throws with its output. */
    static String run(boolean check, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + String.join(" ", cmd));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (check && p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " -> " + p.exitValue() + ": " + out);
        }
        return out;
    }

    /** Starts {@code mainClass} in a child JVM inside {@code ns}, output captured line by line. */
    Child java(String ns, String name, String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns,
                ProcessHandle.current().info().command().orElse("java"), "-Xmx128m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), mainClass));
        cmd.addAll(List.of(args));
        Child c = new Child(name, new ProcessBuilder(cmd).redirectErrorStream(true).start());
        synchronized (children) {
            children.add(c);
        }
        return c;
    }

    /** A child JVM: its output so far (each line with the time it was read), waiting for a line, commands in. */
    static final class Child {
        final String name;
        final Process process;
        private final StringBuilder output = new StringBuilder();
        /** System.nanoTime() when each line was read, in output order (echo gaps, reconnect times). */
        private final List<Long> lineTimes = new ArrayList<>();
        private final List<String> lines = new ArrayList<>();

        Child(String name, Process process) {
            this.name = name;
            this.process = process;
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null;) {
                        synchronized (output) {
                            output.append(line).append('\n');
                            lines.add(line);
                            lineTimes.add(System.nanoTime());
                        }
                        System.out.println("[" + name + "] " + line);
                    }
                } catch (IOException e) {
                    // the process ended
                }
            }, "nat-" + name);
            t.setDaemon(true);
            t.start();
        }

        String output() {
            synchronized (output) {
                return output.toString();
            }
        }

        /** The first group of {@code pattern} in the output, waiting up to {@code ms}; throws if it never shows. */
        String await(Pattern pattern, long ms) throws InterruptedException {
            return awaitFrom(0, pattern, ms);
        }

        /** As {@link #await}, looking only at output from character {@code from} on (e.g. after a command). */
        String awaitFrom(int from, Pattern pattern, long ms) throws InterruptedException {
            long end = System.nanoTime() + ms * 1_000_000;
            while (System.nanoTime() < end) {
                Matcher m = pattern.matcher(output());
                if (m.find(Math.min(from, output().length()))) {
                    return m.groupCount() > 0 ? m.group(1) : m.group();
                }
                if (!process.isAlive()) {
                    break;
                }
                Thread.sleep(100);
            }
            throw new AssertionError(name + ": no '" + pattern + "' within " + ms + " ms:\n" + output());
        }

        /** Writes one command line to the child's standard input (the Nat*Main consoles read it). */
        void send(String command) throws java.io.IOException {
            java.io.OutputStream in = process.getOutputStream();
            in.write((command + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        }

        /** Sends {@code command} and returns the first group of {@code reply} in the output that follows it. */
        String command(String command, Pattern reply, long ms) throws java.io.IOException, InterruptedException {
            int from = output().length();
            send(command);
            return awaitFrom(from, reply, ms);
        }

        /** Read times (System.nanoTime()) of the lines containing {@code needle}, in order. */
        List<Long> timesOf(String needle) {
            List<Long> t = new ArrayList<>();
            synchronized (output) {
                for (int i = 0; i < lines.size(); i++) {
                    if (lines.get(i).contains(needle)) {
                        t.add(lineTimes.get(i));
                    }
                }
            }
            return t;
        }

        /** Read time of the first line containing {@code needle} read after {@code nanos}, or -1. */
        long firstAfter(long nanos, String needle) {
            for (long t : timesOf(needle)) {
                if (t > nanos) {
                    return t;
                }
            }
            return -1;
        }

        /** Read time of the last line containing {@code needle} read before {@code nanos}, or -1. */
        long lastBefore(long nanos, String needle) {
            long last = -1;
            for (long t : timesOf(needle)) {
                if (t < nanos) {
                    last = t;
                }
            }
            return last;
        }

        /** Sends SIGKILL (a crash: no shutdown hooks) and waits for the process to end. */
        void kill() throws InterruptedException {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }

        void stop() {
            process.destroy(); // ip netns exec execs the JVM: SIGTERM reaches it, its shutdown hooks run
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    static boolean waitFor(long ms, BooleanSupplier c) throws InterruptedException {
        long end = System.nanoTime() + ms * 1_000_000;
        while (System.nanoTime() < end) {
            if (c.getAsBoolean()) {
                return true;
            }
            Thread.sleep(100);
        }
        return c.getAsBoolean();
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // already shutting down: this is the hook
        }
        closeQuietly();
    }

    private void closeQuietly() {
        List<Child> cs;
        synchronized (children) {
            cs = new ArrayList<>(children);
            children.clear();
        }
        for (int i = cs.size() - 1; i >= 0; i--) {
            cs.get(i).stop();
        }
        for (String ns : ALL) {
            try {
                run(false, "ip", "netns", "del", ns);
            } catch (IOException | InterruptedException e) {
                // best effort: the next build() deletes leftovers by name
            }
        }
    }
}
