package io.tailnode.sim.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The per-run naming, bookkeeping and clean-up of the interop harness (one per JVM).
 * <p>
 * Names: every namespace, interface and wireguard-go tun this JVM creates starts with {@code tn<pid>} (the JVM's
 * decimal PID), e.g. namespace {@code tn4711p1}, veth {@code tn4711p1h}/{@code tn4711p1n}; at most 13 characters,
 * within Linux's 15. Two builds in two work trees therefore never collide, and a leftover can be attributed to
 * the run that made it.
 * <p>
 * Clean-up guarantees: (1) at start ({@link #get()}), namespaces named {@code tn<pid>...} whose PID is no
 * longer a live process, or is this JVM's own PID (a crashed earlier run that had the same PID), are torn down:
 * recorded processes killed first (PID files under {@link #STATE_ROOT}, checked against /proc/PID/cmdline),
 * then the namespace deleted by name, its root-side veth, stale UAPI socket and state directory removed;
 * (2) every object this run creates registers a tear-down action, run in reverse order by {@link #closeAll()}
 * (tests call it in {@code @AfterAll}) and by a JVM shutdown hook as a backstop. Nothing is ever matched by
 * process name alone; nothing outside the {@code tn<pid>} names is touched.
 */
public final class InteropRun {
    /** Recorded PIDs, keys and logs live here, one directory per namespace (mode 0700). */
    public static final Path STATE_ROOT = Paths.get("/run/tailnode-interop");

    private static final Pattern OWN_NAME = Pattern.compile("tn(\\d{1,7})[pl]\\d{1,2}[a-z]?");
    private static InteropRun instance;

    private final String prefix;
    private final Deque<Runnable> teardowns = new ArrayDeque<>();
    private final List<String> sweepLog = new ArrayList<>();

    private InteropRun() {
        this.prefix = "tn" + ProcessHandle.current().pid();
        if (prefix.length() > 9) {
            throw new IllegalStateException("PID too long for interface names: " + prefix);
        }
        sweepStale();
        Runtime.getRuntime().addShutdownHook(new Thread(this::closeAll, "interop-cleanup"));
    }

    /** The run of this JVM; the first call sweeps leftovers and installs the shutdown hook. */
    public static synchronized InteropRun get() {
        if (instance == null) {
            instance = new InteropRun();
        }
        return instance;
    }

    /** {@code tn<pid>}: every name this run creates starts with it. */
    public String prefix() {
        return prefix;
    }

    /** What the start-of-run sweep removed (for test logs). */
    public synchronized List<String> sweepLog() {
        return List.copyOf(sweepLog);
    }

    synchronized void register(Runnable teardown) {
        teardowns.push(teardown);
    }

    synchronized void unregister(Runnable teardown) {
        teardowns.remove(teardown);
    }

    /** Runs every registered tear-down (newest first); safe to call repeatedly. */
    public void closeAll() {
        while (true) {
            Runnable r;
            synchronized (this) {
                r = teardowns.poll();
            }
            if (r == null) {
                return;
            }
            try {
                r.run();
            } catch (RuntimeException e) {
                System.err.println("[interop] tear-down failed: " + e.getMessage());
            }
        }
    }

    /** Namespaces (from {@code ip netns list}) whose name starts with this run's prefix. */
    public List<String> ownNamespaces() {
        List<String> out = new ArrayList<>();
        for (String ns : listNamespaces()) {
            if (ns.startsWith(prefix) && OWN_NAME.matcher(ns).matches()) {
                out.add(ns);
            }
        }
        return out;
    }

    static List<String> listNamespaces() {
        List<String> out = new ArrayList<>();
        Cmd.Result r = Cmd.run(Cmd.SHORT, "ip", "netns", "list");
        for (String line : r.output().split("\n")) {
            String name = line.strip().split("\\s+")[0];
            if (!name.isEmpty() && r.ok()) {
                out.add(name);
            }
        }
        return out;
    }

    /** Removes leftovers of dead runs (and of an earlier run with this PID); called once by {@link #get()}. */
    void sweepStale() {
        long self = ProcessHandle.current().pid();
        for (String ns : listNamespaces()) {
            Matcher m = OWN_NAME.matcher(ns);
            if (!m.matches()) {
                continue;
            }
            long owner = Long.parseLong(m.group(1));
            boolean ownerAlive = owner != self && ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false);
            if (!ownerAlive) {
                sweepLog.add(ns);
                removeNamespace(ns);
            }
        }
        // State directories whose namespace is already gone (e.g. deleted by hand) still hold PID files.
        if (Files.isDirectory(STATE_ROOT)) {
            try (var dirs = Files.list(STATE_ROOT)) {
                for (Path d : (Iterable<Path>) dirs::iterator) {
                    Matcher m = OWN_NAME.matcher(d.getFileName().toString());
                    if (!m.matches()) {
                        continue;
                    }
                    long owner = Long.parseLong(m.group(1));
                    if (owner == self || ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false) == false) {
                        removeNamespace(d.getFileName().toString());
                    }
                }
            } catch (IOException e) {
                System.err.println("[interop] cannot list " + STATE_ROOT + ": " + e.getMessage());
            }
        }
    }

    /**
     * Tears down one namespace of ours by name: recorded processes (PID files in its state directory) first,
     * then the namespace, the root-side veth, the UAPI socket and the state directory. No-op on nothing.
     */
    static void removeNamespace(String ns) {
        Path state = STATE_ROOT.resolve(ns);
        if (Files.isDirectory(state)) {
            try (var files = Files.list(state)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    if (f.getFileName().toString().endsWith(".pid")) {
                        killRecorded(f);
                    }
                }
            } catch (IOException e) {
                System.err.println("[interop] cannot list " + state + ": " + e.getMessage());
            }
        }
        if (listNamespaces().contains(ns)) {
            Cmd.run(Cmd.SHORT, "ip", "netns", "del", ns);
        }
        if (Cmd.run(Cmd.SHORT, "ip", "link", "show", "dev", ns + "h").ok()) {
            Cmd.run(Cmd.SHORT, "ip", "link", "del", "dev", ns + "h");
        }
        deleteQuietly(Paths.get("/var/run/wireguard", ns + ".sock"));
        deleteTree(state);
    }

    /** Kills the process whose PID the file records, if it still runs the recorded program. */
    static void killRecorded(Path pidFile) {
        try {
            String[] parts = Files.readString(pidFile, StandardCharsets.UTF_8).strip().split("\\s+", 2);
            long pid = Long.parseLong(parts[0]);
            String program = parts.length > 1 ? parts[1] : "";
            Optional<ProcessHandle> h = ProcessHandle.of(pid);
            if (h.isPresent() && h.get().isAlive() && cmdlineContains(pid, program)) {
                stop(h.get());
            }
            Files.deleteIfExists(pidFile);
        } catch (IOException | NumberFormatException e) {
            System.err.println("[interop] bad PID file " + pidFile + ": " + e.getMessage());
        }
    }

    /** SIGTERM, up to 3 s (wireguard-go takes 0.5-1 s), then SIGKILL. */
    static void stop(ProcessHandle h) {
        h.destroy();
        try {
            h.onExit().get(3, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            h.destroyForcibly();
            try {
                h.onExit().get(2, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception ignored) {
                System.err.println("[interop] PID " + h.pid() + " did not exit after SIGKILL");
            }
        }
    }

    private static boolean cmdlineContains(long pid, String program) {
        try {
            byte[] raw = Files.readAllBytes(Paths.get("/proc", Long.toString(pid), "cmdline"));
            String cmdline = new String(raw, StandardCharsets.UTF_8).replace('\0', ' ');
            return !program.isEmpty() && cmdline.contains(program);
        } catch (IOException e) {
            return false;
        }
    }

    static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // nothing left to do
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(InteropRun::deleteQuietly);
        } catch (IOException ignored) {
            // nothing left to do
        }
    }

    /** Why interop tests cannot run here, or empty if they can (root and every tool present). */
    public static Optional<String> unavailableReason() {
        Cmd.Result id = Cmd.run(Cmd.SHORT, "id", "-u");
        if (!id.ok() || !id.output().strip().equals("0")) {
            return Optional.of("interop tests need root (uid is " + id.output().strip() + ")");
        }
        List<String> missing = new ArrayList<>();
        for (String tool : new String[] {"wireguard-go", "wg", "ip", "ping", "tcpdump"}) {
            if (!Cmd.run(Cmd.SHORT, "sh", "-c", "command -v " + tool).ok()) {
                missing.add(tool);
            }
        }
        if (!missing.isEmpty()) {
            return Optional.of("interop tests need " + String.join(", ", missing)
                    + " (apt-get install --no-install-recommends wireguard-go wireguard-tools iproute2 iputils-ping tcpdump)");
        }
        if (!Files.exists(Paths.get("/dev/net/tun"))) {
            return Optional.of("interop tests need /dev/net/tun for wireguard-go");
        }
        return Optional.empty();
    }
}
