package io.tailnode.sim.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tailnode.sim.SimDevice;
import io.tailnode.sim.control.ControlConfig;
import io.tailnode.sim.control.DevControlServer;
import io.tailnode.sim.derp.DevDerpRelay;
import io.tailnode.sim.derp.DevStunServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * {@code ./simulate demo [--stay] [--state DIR] [--verbose]}: a small tailnet on loopback in one JVM. The
 * development control server, a DERP relay and a STUN responder start; three simulated devices ({@code plc-1},
 * {@code inverter-2}, {@code tablet-3}) are provisioned with a pre-auth key, register, get each other as
 * WireGuard peers from the map and log in to the relay. plc-1 and inverter-2 start relayed and move to the direct
 * UDP path (disco); tablet-3 advertises no direct endpoint, so its pairs stay relayed. They ping each other, fetch
 * each other's {@code /status} over TCP through the tunnel, and the control server's policy is seen to deny one
 * direction in the receiver's packet filter. One line per step with its time, a status table at the end; exit 0,
 * or 1 with the failed step. {@code --stay} keeps it running with loopback ports that carry curl into a device's
 * HTTP service.
 */
public final class Demo {
    static final String PLC = "plc-1";
    static final String INVERTER = "inverter-2";
    static final String TABLET = "tablet-3";
    static final int DERP_REGION = 900;
    /**
     * tablet-3 (an operator's HMI) may reach plc-1; plc-1 may not open anything on tablet-3. plc-1 and inverter-2
     * talk both ways; tablet-3 and inverter-2 too (the pair meant to go through DERP).
     */
    static final String POLICY = "{\"acls\":["
            + "{\"src\":[\"" + TABLET + "\"],\"dst\":[\"" + PLC + ":*\"]},"
            + "{\"src\":[\"" + PLC + "\"],\"dst\":[\"" + INVERTER + ":*\"]},"
            + "{\"src\":[\"" + INVERTER + "\"],\"dst\":[\"" + PLC + ":*\",\"" + TABLET + ":*\"]},"
            + "{\"src\":[\"" + TABLET + "\"],\"dst\":[\"" + INVERTER + ":*\"]}]}";
    static final long REGISTER_TIMEOUT_MS = 20_000;
    static final long DERP_TIMEOUT_MS = 15_000;
    /** Disco needs the session active, then a ping/pong round on the candidates. */
    static final long DIRECT_TIMEOUT_MS = 15_000;
    /** Covers one lost initiation and its retry (WireGuard's REKEY_TIMEOUT is 5 s). */
    static final long HANDSHAKE_TIMEOUT_MS = 8_000;
    static final long PING_TIMEOUT_MS = 3_000;
    static final long HTTP_TIMEOUT_MS = 5_000;
    /** How long a denied packet is given to (not) come back. */
    static final long DENY_WAIT_MS = 1_500;

    static final String USAGE = "usage: ./simulate demo [--stay] [--state DIR] [--verbose]\n"
            + "  --stay       keep the tailnet running after the checks; prints curl commands; stop with Ctrl-C\n"
            + "  --state DIR  keep keys, registrations and device logs in DIR (default: a temporary directory)\n"
            + "  --verbose    device and firmware log lines on the console too";

    private final PrintStream out;
    private final Progress progress;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private Path stateDir;
    private boolean tempState;
    private DevControlServer control;
    private final SimDevice[] devices = new SimDevice[3];
    private final String[] names = {PLC, INVERTER, TABLET};
    private final String[] ips = new String[3];

    private Demo(PrintStream out) {
        this.out = out;
        this.progress = new Progress(out);
    }

    public static void main(String[] args) {
        // Jetty (inside the control server) logs through SLF4J; without a binding SLF4J says so on stderr.
        System.setProperty("slf4j.internal.verbosity", "ERROR");
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the demo; returns the exit status (0 passed, 1 a step failed, 2 usage). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, null);
    }

    /**
     * As {@link #run(String[], PrintStream, PrintStream)}; with --stay and a non-null {@code whileStaying} (tests),
     * that runs instead of waiting for Ctrl-C, and then everything stops.
     */
    static int run(String[] args, PrintStream out, PrintStream err, Runnable whileStaying) {
        boolean stay = false;
        boolean verbose = false;
        Path state = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--stay" -> stay = true;
                case "--verbose" -> verbose = true;
                case "--state" -> {
                    if (i + 1 >= args.length) {
                        err.println("demo: --state needs a directory\n" + USAGE);
                        return 2;
                    }
                    state = Path.of(args[++i]);
                }
                case "--help", "-h" -> {
                    out.println(USAGE);
                    return 0;
                }
                default -> {
                    err.println("demo: unknown option " + args[i] + "\n" + USAGE);
                    return 2;
                }
            }
        }
        Demo d = new Demo(out);
        try {
            d.runSteps(state, verbose);
        } catch (Progress.StepFailed e) {
            d.keepStateForInspection();
            out.println();
            out.println("demo FAILED: " + e.getMessage());
            d.closeAll();
            return 1;
        } catch (Exception e) {
            d.keepStateForInspection();
            out.println();
            out.println("demo FAILED: " + e);
            d.closeAll();
            return 1;
        }
        if (stay) {
            d.stay(whileStaying);
            if (whileStaying == null) {
                return 0; // not reached: Ctrl-C ends the JVM through the shutdown hook
            }
        }
        d.closeAll();
        return 0;
    }

    // ------------------------------------------------------------------ the steps

    private void runSteps(Path state, boolean verbose) throws Exception {
        out.println("tailnode demo: a development control server, a DERP relay and three simulated devices on loopback");
        out.println();
        progress.begin("state directory");
        if (state == null) {
            stateDir = Files.createTempDirectory("tailnode-demo-");
            tempState = true;
        } else {
            Files.createDirectories(state);
            stateDir = state.toAbsolutePath();
        }
        progress.ok(stateDir + (tempState ? " (removed at the end)" : ""));

        progress.begin("start the development control server");
        ControlConfig cc = new ControlConfig();
        cc.adminPort = 0;
        if (!tempState) {
            cc.stateDir = stateDir.resolve("control");
            cc.port = savedControlPort();
        }
        control = DevControlServer.start(cc);
        resources.add(control);
        if (!tempState) {
            Files.writeString(stateDir.resolve("control-port"), Integer.toString(control.port()));
        }
        progress.ok(control.controlUrl() + ", admin " + control.adminUrl());

        progress.begin("start the DERP relay and STUN responder");
        DevStunServer stun = DevStunServer.start();
        resources.add(stun);
        DevDerpRelay relay = DevDerpRelay.start();
        resources.add(relay);
        control.setDerpMap(relay.derpMapJson(DERP_REGION, stun.port()));
        progress.ok("DERP 127.0.0.1:" + relay.port() + " (TLS, region " + DERP_REGION + "), STUN 127.0.0.1:"
                + stun.port());

        progress.begin("set the policy");
        control.setPolicy(POLICY);
        progress.ok(TABLET + " -> " + PLC + " allowed, " + PLC + " -> " + TABLET + " not; " + PLC + " <-> "
                + INVERTER + ", " + TABLET + " <-> " + INVERTER);

        progress.begin("create a pre-auth key");
        String key = control.createAuthKey(true, Duration.ofMinutes(10));
        progress.ok("reusable, expires in 10 min, " + key.substring(0, Math.min(key.length(), 16)) + "...");

        progress.begin("provision and boot the three devices");
        for (int i = 0; i < 3; i++) {
            SimDevice.Options o = SimDevice.Options.tailnet(control.controlUrl(), key, stateDir.resolve(names[i]),
                    names[i], "127.0.0.1");
            o.derp = true;
            // tablet-3 plays a device behind a NAT without port mapping: no direct endpoint, so only DERP reaches it.
            o.noDirectEndpoints = i == 2;
            devices[i] = SimDevice.start(o, deviceLog(names[i], verbose));
            resources.add(devices[i]);
        }
        progress.ok(TABLET + " relay-only (advertises no direct endpoint); flash images and logs in " + stateDir);

        progress.begin("register and receive the netmap");
        if (!waitFor(REGISTER_TIMEOUT_MS, this::allJoined)) {
            StringBuilder why = new StringBuilder();
            for (int i = 0; i < 3; i++) {
                why.append(names[i]).append(": control ").append(devices[i].controlState()).append(", ")
                        .append(devices[i].netmapPeerCount()).append(" peers; ");
            }
            throw progress.fail("not all joined within " + REGISTER_TIMEOUT_MS / 1000 + " s: " + why);
        }
        StringBuilder addrs = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            ips[i] = devices[i].tunnelAddressV4();
            addrs.append(i == 0 ? "" : ", ").append(names[i]).append(' ').append(ips[i]);
        }
        progress.ok(addrs + "; 2 peers each");

        progress.begin("connect to the home DERP region");
        if (!waitFor(DERP_TIMEOUT_MS, () -> {
            for (SimDevice d : devices) {
                if (!d.derpHome().equals(DERP_REGION + " connected")) {
                    return false;
                }
            }
            return true;
        })) {
            throw progress.fail(PLC + " " + devices[0].derpHome() + ", " + INVERTER + " " + devices[1].derpHome() + ", "
                    + TABLET + " " + devices[2].derpHome());
        }
        progress.ok("all three logged in to region " + DERP_REGION + " (" + relay.clientCount() + " connections)");

        handshake(0, 1);
        directPath(0, 1, relay);
        relayedPath(2, 1, relay);
        relayedPath(2, 0, relay);

        ping(0, 1);
        ping(1, 0);
        ping(2, 1);
        ping(1, 2);
        ping(2, 0);

        fetchStatus(2, 0);
        fetchStatus(0, 1);
        fetchStatus(1, 2);

        filterDeniesPlcToTablet();

        out.println();
        out.println(StatusTable.render(names, devices));
        out.println(String.format("demo passed in %.1f s", progress.elapsedSeconds()));
        out.flush();
    }

    /** Every device connected to control, with a tunnel address and the other two as peers. */
    private boolean allJoined() {
        for (SimDevice d : devices) {
            if (!"connected".equals(d.controlState()) || d.netmapPeerCount() != 2 || d.tunnelAddressV4() == null) {
                return false;
            }
        }
        return true;
    }

    /**
     * Peers start on DERP (the relay always works); once data flows, disco pings the candidate endpoints the
     * control server passed on and both sides move to the direct UDP path. Pings keep the session busy meanwhile.
     */
    private void directPath(int a, int b, DevDerpRelay relay) throws Exception {
        progress.begin("direct path " + names[a] + " <-> " + names[b] + " (disco)");
        SimDevice da = devices[a];
        SimDevice db = devices[b];
        int slotB = da.slotOf(db.publicKeyBase64());
        int slotA = db.slotOf(da.publicKeyBase64());
        String directB = "127.0.0.1:" + db.localPort();
        String directA = "127.0.0.1:" + da.localPort();
        long end = System.nanoTime() + DIRECT_TIMEOUT_MS * 1_000_000L;
        int seq = 100;
        while (!(da.endpointOf(slotB).equals(directB) && db.endpointOf(slotA).equals(directA))) {
            if (System.nanoTime() - end > 0) {
                throw progress.fail("still " + da.endpointOf(slotB) + " / " + db.endpointOf(slotA) + " after "
                        + DIRECT_TIMEOUT_MS / 1000 + " s");
            }
            TunnelPing.ping(da, ips[a], db, ips[b], 0x4100 + a * 16 + b, seq++, 500);
        }
        long relayed = relay.packetsRelayed();
        progress.ok(directB + " and " + directA + " (the relay carried " + relayed + " packets so far)");
    }

    /** A pair that only the relay connects (tablet-3 has no direct endpoint): handshake through DERP. */
    private void relayedPath(int a, int b, DevDerpRelay relay) throws Exception {
        progress.begin("handshake " + names[a] + " -> " + names[b] + " (via DERP)");
        SimDevice from = devices[a];
        int slot = from.slotOf(devices[b].publicKeyBase64());
        int peerSlot = devices[b].slotOf(from.publicKeyBase64());
        String derp = "derp:" + DERP_REGION;
        if (slot < 0 || !waitFor(DERP_TIMEOUT_MS, () -> from.endpointOf(slot).equals(derp)
                && devices[b].endpointOf(peerSlot).equals(derp))) {
            throw progress.fail("endpoints " + (slot < 0 ? "(not a peer)" : from.endpointOf(slot)) + " / "
                    + devices[b].endpointOf(peerSlot) + ", expected " + derp + " both ways");
        }
        long relayedBefore = relay.packetsRelayed();
        int before = from.handshakes(slot);
        from.onLoop(l -> l.initiate(slot));
        if (!waitFor(HANDSHAKE_TIMEOUT_MS, () -> from.handshakes(slot) > before)) {
            throw progress.fail("no handshake through the relay within " + HANDSHAKE_TIMEOUT_MS / 1000 + " s");
        }
        progress.ok("both ends on " + derp + "; the relay carried " + (relay.packetsRelayed() - relayedBefore)
                + " packets for it");
    }

    private void handshake(int a, int b) throws Exception {
        progress.begin("handshake " + names[a] + " -> " + names[b]);
        SimDevice from = devices[a];
        int slot = from.slotOf(devices[b].publicKeyBase64());
        if (slot < 0) {
            throw progress.fail(names[b] + " is not a WireGuard peer of " + names[a]);
        }
        int before = from.handshakes(slot);
        if (before > 0) {
            progress.ok("already done (" + before + " handshake" + (before == 1 ? "" : "s") + "), endpoint "
                    + from.endpointOf(slot));
            return;
        }
        from.onLoop(l -> l.initiate(slot));
        if (!waitFor(HANDSHAKE_TIMEOUT_MS, () -> from.handshakes(slot) > before)) {
            throw progress.fail("no handshake within " + HANDSHAKE_TIMEOUT_MS / 1000 + " s; endpoint "
                    + from.endpointOf(slot));
        }
        String endpoint = from.endpointOf(slot);
        progress.ok("over " + endpoint + (endpoint.startsWith("derp:") ? " (the relay, until disco finds a direct path)"
                : " (direct: disco already found it)"));
    }

    private void ping(int a, int b) throws Exception {
        progress.begin("ping " + names[a] + " -> " + names[b]);
        double[] rtt = new double[3];
        for (int s = 0; s < rtt.length; s++) {
            rtt[s] = TunnelPing.ping(devices[a], ips[a], devices[b], ips[b], 0x4000 + a * 16 + b, s + 1, PING_TIMEOUT_MS);
            if (rtt[s] < 0) {
                throw progress.fail("echo request " + (s + 1) + " to " + ips[b] + ": no reply within "
                        + PING_TIMEOUT_MS + " ms");
            }
        }
        double min = Math.min(rtt[0], Math.min(rtt[1], rtt[2]));
        double max = Math.max(rtt[0], Math.max(rtt[1], rtt[2]));
        progress.ok(String.format("3/3 echo replies from %s, rtt %.1f-%.1f ms", ips[b], min, max));
    }

    private void fetchStatus(int a, int b) throws Exception {
        progress.begin("GET /status " + names[a] + " -> " + names[b]);
        TunnelHttp.Response r;
        try {
            r = TunnelHttp.get(devices[a], ips[b], "/status", HTTP_TIMEOUT_MS);
        } catch (IOException e) {
            throw progress.fail(e.getMessage());
        }
        if (r.status() != 200) {
            throw progress.fail("HTTP " + r.status());
        }
        JsonNode j;
        try {
            j = new ObjectMapper().readTree(r.body());
        } catch (IOException e) {
            throw progress.fail("the body is not JSON: " + e.getMessage());
        }
        String device = j.path("device").asText();
        if (!names[b].equals(device)) {
            throw progress.fail("answered by '" + device + "', expected " + names[b]);
        }
        progress.ok("HTTP 200, " + r.body().length() + " B JSON: device " + device + ", control "
                + j.path("control").path("state").asText("?") + ", " + j.path("peers").size() + " peers");
    }

    /** The policy lets tablet-3 reach plc-1 but gives plc-1 nothing on tablet-3: tablet-3's filter drops it. */
    private void filterDeniesPlcToTablet() throws Exception {
        progress.begin("policy: " + PLC + " -> " + TABLET + " denied");
        SimDevice plc = devices[0];
        SimDevice tablet = devices[2];
        boolean enforced = tablet.onLoop(l -> l.inboundFilter() != null);
        if (!enforced) {
            throw progress.fail("tablet-3 has no inbound packet filter (tailnet mode should install one)");
        }
        long dropsBefore = tablet.onLoop(l -> l.filterDrops());
        long noRuleBefore = tablet.onLoop(l -> l.inboundFilter().count(io.tailnode.filter.FilterReason.DROP_NO_RULE));
        double rtt = TunnelPing.ping(plc, ips[0], tablet, ips[2], 0x4f00, 1, DENY_WAIT_MS);
        if (rtt >= 0) {
            throw progress.fail("tablet-3 answered plc-1's echo request: the filter let it in");
        }
        String http;
        try {
            TunnelHttp.Response r = TunnelHttp.get(plc, ips[2], "/status", DENY_WAIT_MS);
            throw progress.fail("plc-1 fetched tablet-3's /status (HTTP " + r.status() + "): the filter let it in");
        } catch (IOException e) {
            http = "TCP connect got no answer";
        }
        long dropped = tablet.onLoop(l -> l.filterDrops()) - dropsBefore;
        long noRule = tablet.onLoop(l -> l.inboundFilter().count(io.tailnode.filter.FilterReason.DROP_NO_RULE))
                - noRuleBefore;
        if (noRule < 2) {
            throw progress.fail("tablet-3's filter counted " + noRule + " "
                    + io.tailnode.filter.FilterReason.dropName(io.tailnode.filter.FilterReason.DROP_NO_RULE)
                    + " drops, expected the echo request and the SYN");
        }
        progress.ok("echo request unanswered, " + http + "; tablet-3's filter dropped " + dropped + " packets ("
                + io.tailnode.filter.FilterReason.dropName(io.tailnode.filter.FilterReason.DROP_NO_RULE) + " " + noRule
                + "); " + TABLET + " -> " + PLC + " worked above");
    }

    // ------------------------------------------------------------------ --stay

    private void stay(Runnable whileStaying) {
        try {
            TunnelProxy toPlc = new TunnelProxy(devices[2], ips[0], 80);
            resources.add(toPlc);
            TunnelProxy toInverter = new TunnelProxy(devices[0], ips[1], 80);
            resources.add(toInverter);
            out.println();
            out.println("Running until Ctrl-C. Loopback ports carried into the tailnet by a device (TCP through its");
            out.println("socket API, WireGuard, the other device's TCP stack and HTTP service):");
            out.println("  curl -s http://127.0.0.1:" + toPlc.port() + "/status    # " + PLC + "'s /status, carried by "
                    + TABLET);
            out.println("  curl -s http://127.0.0.1:" + toPlc.port() + "/metrics   # its counters, Prometheus text");
            out.println("  curl -s http://127.0.0.1:" + toInverter.port() + "/status    # " + INVERTER
                    + "'s /status, carried by " + PLC);
            out.println("The control server's view:");
            out.println("  curl -s " + control.adminUrl() + "/nodes");
            out.println("  curl -s " + control.adminUrl() + "/policy");
            out.println("Device logs: " + stateDir + "/<name>.log");
            out.flush();
        } catch (IOException e) {
            out.println("demo: --stay could not open its loopback ports: " + e);
        }
        if (whileStaying != null) {
            whileStaying.run();
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            closeAll();
            out.println("demo stopped");
            out.flush();
        }, "demo-shutdown"));
        try {
            new java.util.concurrent.CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ plumbing

    /** A device's own lines (firmware log, handshakes) go to DIR/NAME.log, and to the console with --verbose. */
    private PrintStream deviceLog(String name, boolean verbose) throws IOException {
        OutputStream file = Files.newOutputStream(stateDir.resolve(name + ".log"));
        resources.add(file);
        OutputStream target = !verbose ? file : new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                file.write(b);
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                file.write(b, off, len);
                out.write(b, off, len);
            }
        };
        return new PrintStream(target, true, StandardCharsets.UTF_8);
    }

    /** With --state, the control server keeps its port: the devices' provisioning records name its URL. */
    private int savedControlPort() throws IOException {
        Path f = stateDir.resolve("control-port");
        if (!Files.exists(f)) {
            return 0;
        }
        try {
            return Integer.parseInt(Files.readString(f).trim());
        } catch (NumberFormatException e) {
            throw new IOException(f + ": not a port number");
        }
    }

    private void keepStateForInspection() {
        if (tempState && stateDir != null) {
            tempState = false;
            out.println("device logs kept for inspection in " + stateDir);
        }
    }

    private synchronized void closeAll() {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception ignored) {
                // best effort while stopping
            }
        }
        resources.clear();
        if (tempState && stateDir != null) {
            try (var s = Files.walk(stateDir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // best effort
            }
            stateDir = null;
        }
    }

    static boolean waitFor(long timeoutMs, BooleanSupplier cond) throws InterruptedException {
        long end = System.nanoTime() + timeoutMs * 1_000_000L;
        while (System.nanoTime() < end) {
            if (cond.getAsBoolean()) {
                return true;
            }
            Thread.sleep(20);
        }
        return cond.getAsBoolean();
    }
}
