package io.tailnode.sim.nat;

import io.tailnode.sim.SimDevice;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A tailnet-mode {@link SimDevice} (DERP on, UDP echo to every peer each second) as a child JVM of a NAT test
 * ({@link NatLab}), with a console on standard input for what the test cannot do from its own namespace:
 * {@code NatDeviceMain --control-url URL --auth-key KEY --state DIR --name NAME --bind ADDR --derp-pin PIN}.
 * Output is the device's own (echo lines, status every second); commands answer one {@code NAME | cmd ...} line:
 * <pre>
 *   rebind ADDR        SimDevice.rebind: the UDP socket moves to ADDR (same port), DERP and control dialled
 *                      again, re-STUN, lite update, new handshakes
 *   rebind-new-port ADDR   the same with the old port held on ADDR meanwhile, so the device gets another port
 *   stun               the STUN-learned public endpoint ("-" while none is fresh)
 *   get IP PATH        HTTP GET http://IP:80/PATH through the tunnel (the socket API's TCP client, as the
 *                      loopback tests use); answers "get STATUS-LINE, N B: BODY" with the body on one line
 * </pre>
 * Standard input closing (the test JVM is gone, even SIGKILLed) stops the device.
 */
public final class NatDeviceMain {
    private NatDeviceMain() {
    }

    public static void main(String[] args) throws Exception {
        SimDevice.Options o = new SimDevice.Options();
        o.derp = true;
        o.pingPeersSeconds = 1;
        o.statusEverySeconds = 1;
        for (int i = 0; i + 1 < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--control-url" -> o.controlUrl = v;
                case "--auth-key" -> o.authKey = v;
                case "--state" -> o.state = Path.of(v);
                case "--name" -> o.name = v;
                case "--bind" -> o.bind = v;
                case "--derp-pin" -> o.derpPin = v;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        SimDevice d = SimDevice.start(o, System.out);
        String name = o.name;
        System.out.println(name + " | public key " + d.publicKeyBase64() + ", listening on UDP port " + d.localPort());
        Runtime.getRuntime().addShutdownHook(new Thread(d::close));
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null;) {
            String[] c = line.trim().split("\\s+");
            try {
                System.out.println(name + " | cmd " + command(d, c));
            } catch (Exception e) {
                System.out.println(name + " | cmd " + c[0] + " failed: " + e);
            }
        }
        System.exit(0); // stdin closed: the test is gone
    }

    private static String command(SimDevice d, String[] c) throws Exception {
        switch (c[0]) {
            case "rebind" -> {
                int port = d.rebind(c[1]);
                return "rebind " + c[1] + ":" + port;
            }
            case "rebind-new-port" -> {
                // the old port is taken on the new address (as if the OS gave it away): the device binds another
                try (java.net.DatagramSocket taken = new java.net.DatagramSocket(
                        new java.net.InetSocketAddress(c[1], d.localPort()))) {
                    int port = d.rebind(c[1]);
                    return "rebind " + c[1] + ":" + port;
                }
            }
            case "stun" -> {
                return "stun " + d.onLoop(l -> {
                    byte[] e = new byte[19];
                    int n = d.discoDriver().publicEndpoint(l.now(), e, 0);
                    return n > 0 ? io.tailnode.sim.hal.UdpTransport.format(e, 0, n) : "-";
                });
            }
            case "get" -> {
                String r = d.httpGet(c[1], 80, c[2], 10000);
                int eol = r.indexOf("\r\n");
                String b = body(r);
                return "get " + (eol < 0 ? r : r.substring(0, eol)) + ", " + b.length() + " B: "
                        + b.replace("\r", "").replace("\n", " ");
            }
            default -> {
                return "unknown command " + c[0];
            }
        }
    }

    /** The response body, de-chunked when the head says so ("" without a head). */
    static String body(String response) {
        int h = response.indexOf("\r\n\r\n");
        if (h < 0) {
            return "";
        }
        String rest = response.substring(h + 4);
        if (!response.substring(0, h).toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) {
            return rest;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0;;) {
            int eol = rest.indexOf("\r\n", i);
            int n = eol < 0 ? 0 : Integer.parseInt(rest.substring(i, eol).trim(), 16);
            if (n == 0) {
                return out.toString();
            }
            out.append(rest, eol + 2, eol + 2 + n);
            i = eol + 2 + n + 2;
        }
    }
}
