package io.tailnode.sim.nat;

import io.tailnode.sim.derp.DevCertificate;
import io.tailnode.sim.derp.DevDerpRelay;
import io.tailnode.sim.derp.DevStunServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * The development DERP relay and STUN responder as a child JVM of a NAT test ({@link NatLab}), with a console on
 * standard input so the test can restart it and inject faults across namespaces:
 * {@code NatRelayMain --bind ADDR --state DIR [--derp-port N] [--stun-port N] [--region N]}. The certificate and
 * the relay's server key live in DIR (made on first start), so a relay started again on the same ports presents
 * the same pin and devices reconnect to it. Prints {@code relay: derp ADDR:PORT}, {@code relay: stun PORT},
 * {@code relay: pin PIN}, {@code relay: derpmap JSON}, {@code relay: ready}, then {@code relay: clients N (...)}
 * whenever the number of logged-in clients changes. Commands (one per line; each answers one {@code relay: }
 * line):
 * <pre>
 *   restarting RECONNECT_MS TRY_FOR_MS   Restarting frame to every client, then all connections closed
 *   forge NODEKEY_HEX FRAME_HEX          raw bytes (a forged or truncated frame) to one client
 *   cut NODEKEY_HEX FRAME_HEX            raw bytes, then that connection closed (a frame cut off mid-way)
 *   count                                clients, logins, packets relayed
 * </pre>
 * Standard input closing (the test JVM is gone, even SIGKILLed) stops the relay: no orphan outlives a test run.
 */
public final class NatRelayMain {
    private NatRelayMain() {
    }

    public static void main(String[] args) throws Exception {
        InetAddress bind = InetAddress.getLoopbackAddress();
        Path state = null;
        int derpPort = 0;
        int stunPort = 0;
        int region = 900;
        for (int i = 0; i + 1 < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--bind" -> bind = InetAddress.getByName(v);
                case "--state" -> state = Path.of(v);
                case "--derp-port" -> derpPort = Integer.parseInt(v);
                case "--stun-port" -> stunPort = Integer.parseInt(v);
                case "--region" -> region = Integer.parseInt(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (state == null) {
            throw new IllegalArgumentException("--state DIR is required");
        }
        Files.createDirectories(state);
        Path certFile = state.resolve("relay-cert.p12");
        Path keyFile = state.resolve("relay-server.key");
        if (!Files.exists(certFile)) {
            DevCertificate.generate().save(certFile);
            Files.writeString(keyFile, HexFormat.of().formatHex(io.tailnode.sim.derp.NaclBox.newPrivateKey()));
        }
        DevDerpRelay.Options o = new DevDerpRelay.Options();
        o.bind = bind;
        o.port = derpPort;
        o.certificate = DevCertificate.load(certFile);
        o.serverPrivateKey = HexFormat.of().parseHex(Files.readString(keyFile).trim());
        DevDerpRelay relay = DevDerpRelay.start(o);
        DevStunServer stun = DevStunServer.start(new InetSocketAddress(bind, stunPort), true);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            relay.close();
            stun.close();
        }));
        System.out.println("relay: derp " + bind.getHostAddress() + ":" + relay.port());
        System.out.println("relay: stun " + stun.port());
        System.out.println("relay: pin " + relay.pin());
        System.out.println("relay: derpmap " + relay.derpMapJson(region, stun.port()));
        System.out.println("relay: ready");
        Thread watch = new Thread(() -> watchClients(relay), "relay-clients");
        watch.setDaemon(true);
        watch.start();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null;) {
            try {
                System.out.println("relay: " + command(relay, line.trim().split("\\s+")));
            } catch (RuntimeException e) {
                System.out.println("relay: command failed: " + line + ": " + e);
            }
        }
        System.exit(0); // stdin closed: the test is gone
    }

    private static String command(DevDerpRelay relay, String[] c) {
        switch (c[0]) {
            case "restarting" -> {
                int n = relay.clientCount();
                relay.restart(Long.parseLong(c[1]), Long.parseLong(c[2]));
                return "sent Restarting(" + c[1] + " ms, " + c[2] + " ms) to " + n + " clients, connections closed";
            }
            case "forge", "cut" -> {
                byte[] key = HexFormat.of().parseHex(c[1]);
                byte[] frame = HexFormat.of().parseHex(c[2]);
                boolean sent = relay.sendRaw(key, frame);
                if (sent && c[0].equals("cut")) {
                    relay.drop(key);
                }
                return (sent ? c[0] + " sent " + frame.length + " bytes to " : c[0] + " not connected: ")
                        + c[1].substring(0, 8);
            }
            case "count" -> {
                return "count clients " + relay.clientCount() + " logins " + relay.logins() + " relayed "
                        + relay.packetsRelayed();
            }
            default -> {
                return "unknown command " + c[0];
            }
        }
    }

    /** One line per change of the logged-in client count (the test measures reconnects with it). */
    private static void watchClients(DevDerpRelay relay) {
        int last = -1;
        while (true) {
            int n = relay.clientCount();
            if (n != last) {
                System.out.println("relay: clients " + n + " (logins " + relay.logins() + ", relayed "
                        + relay.packetsRelayed() + ")");
                last = n;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
