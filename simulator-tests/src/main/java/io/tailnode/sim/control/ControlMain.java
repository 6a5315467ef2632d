package io.tailnode.sim.control;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** {@code ./simulate control}: runs the development control server until Ctrl-C / SIGTERM. */
public final class ControlMain {
    static final String USAGE = "usage: ./simulate control [--port N (8080)] [--admin-port N (8081)] [--bind ADDR (127.0.0.1)]\n"
            + "         [--policy FILE] [--state DIR] [--derp-map FILE] [--domain NAME] [--keep-alive SECONDS]\n"
            + "         [--min-cap-ver N] [--first-node-id N] [--quirk NAME=VALUE ...] [--no-relay] [--relay-region N]\n"
            + "  A development DERP relay and STUN responder run in-process and are served as the DERP map's only\n"
            + "  region (unless --no-relay or --derp-map), its certificate pinned by the map's CertName.\n"
            + "  quirks: " + new java.util.TreeSet<>(AdminApi.QUIRKS) + "\n"
            + "  docs/dev-control-server.md describes the admin API, the policy format and the quirks.";

    private ControlMain() {
    }

    /** Parses the command line into a config; throws IllegalArgumentException with the problem. */
    static ControlConfig parse(String[] args) {
        ControlConfig c = new ControlConfig();
        c.port = 8080;
        c.adminPort = 8081;
        c.devRelay = true; // issue #7: `./simulate control` brings its relay and STUN responder
        ObjectNode quirks = new ObjectMapper().createObjectNode();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                throw new IllegalArgumentException("help");
            }
            if (a.equals("--no-relay")) {
                c.devRelay = false;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(a + " needs a value");
            }
            String v = args[++i];
            switch (a) {
                case "--port" -> c.port = Integer.parseInt(v);
                case "--admin-port" -> c.adminPort = Integer.parseInt(v);
                case "--bind" -> c.bindHost = v;
                case "--policy" -> c.policyFile = Path.of(v);
                case "--state" -> c.stateDir = Path.of(v);
                case "--derp-map" -> {
                    c.derpMapFile = Path.of(v);
                    c.devRelay = false;
                }
                case "--relay-region" -> c.devRelayRegion = Integer.parseInt(v);
                case "--domain" -> c.domain = v;
                case "--keep-alive" -> c.keepAliveMillis = Long.parseLong(v) * 1000;
                case "--min-cap-ver" -> c.minCapVer = Integer.parseInt(v);
                case "--first-node-id" -> c.firstNodeId = Long.parseLong(v);
                case "--quirk" -> {
                    int eq = v.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("--quirk wants NAME=VALUE");
                    }
                    quirks.put(v.substring(0, eq), v.substring(eq + 1));
                }
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        AdminApi.setQuirks(c, quirks);
        return c;
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("slf4j.internal.verbosity", "ERROR"); // Jetty logs through SLF4J; no binding is wanted
        ControlConfig c;
        try {
            c = parse(args);
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().equals("help")) {
                System.err.println("simulate control: " + e.getMessage());
            }
            System.err.println(USAGE);
            System.exit(e.getMessage().equals("help") ? 0 : 2);
            return;
        }
        DevControlServer s = DevControlServer.start(c);
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                s.close();
            } catch (Exception e) {
                // exiting anyway
            }
            stop.countDown();
        }));
        String admin = s.adminUrl();
        System.out.println("control: listening on " + s.controlUrl() + "  server key " + s.serverKeyText());
        System.out.println("control: admin API on " + (admin == null ? "(off)" : admin) + "  (GET it for help)");
        System.out.println("control: create a key: ./simulate control-admin"
                + (c.adminPort == 8081 ? "" : " --admin " + admin) + " key --reusable [--tag tag:NAME] [--expires SECONDS]");
        System.out.println("control:           or: curl -s -X POST " + admin + "/keys -d '{\"reusable\":true}'");
        if (s.derpRelay() != null) {
            System.out.println("control: DERP relay region " + c.devRelayRegion + " on " + s.derpRelay().address()
                    + ", STUN on UDP port " + s.stunServer().port());
            System.out.println("control: devices: ./simulate device --control-url " + s.controlUrl()
                    + " --derp ... (the DERP map pins the relay by CertName; --derp-pin " + s.derpRelay().pin()
                    + " would override it)");
        }
        System.out.println("control: quirks " + c.quirkSummary());
        System.out.println("control: Ctrl-C stops");
        stop.await();
    }
}
