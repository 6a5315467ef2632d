package io.tailnode.sim.derp;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the development DERP relay and STUN responder until interrupted:
 * {@code java -cp ... io.tailnode.sim.derp.DevRelayMain [--bind ADDR] [--derp-port N] [--stun-port N]
 * [--region N] [--keepalive-ms N] [--tls12]}. Prints the listening ports, the certificate pin and the one-region
 * DERP map JSON a control server advertises (one line each, "key value").
 */
public final class DevRelayMain {
    private DevRelayMain() {
    }

    public static void main(String[] args) throws Exception {
        DevDerpRelay.Options o = new DevDerpRelay.Options();
        InetAddress bind = InetAddress.getLoopbackAddress();
        int stunPort = 0;
        int region = 900;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--tls12")) {
                o.tls12Only = true;
                continue;
            }
            if (i + 1 >= args.length) {
                usage("missing value for " + a);
            }
            String v = args[++i];
            switch (a) {
                case "--bind" -> bind = InetAddress.getByName(v);
                case "--derp-port" -> o.port = Integer.parseInt(v);
                case "--stun-port" -> stunPort = Integer.parseInt(v);
                case "--region" -> region = Integer.parseInt(v);
                case "--keepalive-ms" -> o.keepAliveMs = Long.parseLong(v);
                default -> usage("unknown option " + a);
            }
        }
        o.bind = bind;
        CountDownLatch stop = new CountDownLatch(1);
        try (DevDerpRelay relay = DevDerpRelay.start(o);
                DevStunServer stun = DevStunServer.start(new InetSocketAddress(bind, stunPort), true)) {
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            System.out.println("derp " + bind.getHostAddress() + ":" + relay.port());
            System.out.println("stun " + bind.getHostAddress() + ":" + stun.port());
            System.out.println("pin " + relay.pin());
            System.out.println("derpmap " + relay.derpMapJson(region, stun.port()));
            System.out.flush();
            stop.await();
        }
    }

    private static void usage(String why) {
        System.err.println("DevRelayMain: " + why);
        System.err.println("usage: DevRelayMain [--bind ADDR] [--derp-port N] [--stun-port N] [--region N]"
                + " [--keepalive-ms N] [--tls12]");
        System.exit(2);
    }
}
