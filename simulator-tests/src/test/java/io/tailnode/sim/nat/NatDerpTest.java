package io.tailnode.sim.nat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #7, "tests with real NATs": two simulated devices (child JVMs, {@code SimDevice} tailnet mode with
 * {@code --derp-pin} and {@code --ping-peers 1}) each behind its own nftables masquerade NAT, the development
 * control server with its DERP relay (region 900) and STUN responder on the "public" namespace ({@link NatLab}).
 */
class NatDerpTest {
    static final int REGION = 900;
    private static final Pattern CONTROL_URL = Pattern.compile("control: listening on (http://\\S+)");
    private static final Pattern ADMIN_URL = Pattern.compile("control: admin API on (http://\\S+)");
    private static final Pattern PIN = Pattern.compile("--derp-pin (sha256-raw:[0-9a-fA-F]{64})");

    @TempDir
    Path dir;

    @BeforeEach
    void requireNamespaces() {
        NatLab.require();
    }

    /**
     * The "internet" forwards nothing between the two NATs: no direct UDP path can exist, whatever STUN and disco
     * find. The devices still reach each other (UDP echo through the tunnel, both ways) through the relay, and
     * their status says the path is relayed via region 900.
     */
    @Test
    @Timeout(60)
    void withoutADirectRouteDevicesPingThroughDerp() throws Exception {
        try (NatLab lab = NatLab.build()) {
            lab.blockDirect();
            Devices d = startAll(lab);
            long t0 = System.nanoTime();
            // one echo per second per peer; a reply line means a full tunnel round trip
            d.a.await(Pattern.compile("nat-a \\| echo reply from (100\\.\\S+)"), 30000);
            long firstA = (System.nanoTime() - t0) / 1_000_000;
            d.b.await(Pattern.compile("nat-b \\| echo reply from (100\\.\\S+)"), 20000);
            long firstB = (System.nanoTime() - t0) / 1_000_000;
            // a status printed after the first reply shows the relayed path (status every 2 s)
            int from = d.a.output().indexOf("echo reply from");
            assertTrue(NatLab.waitFor(10000, () -> d.a.output().indexOf("path: relayed via DERP region " + REGION,
                    from) >= 0), d.a::output);
            int fromB = d.b.output().indexOf("echo reply from");
            assertTrue(NatLab.waitFor(10000, () -> d.b.output().indexOf("path: relayed via DERP region " + REGION,
                    fromB) >= 0), d.b::output);
            assertTrue(d.a.output().indexOf("path: direct", from) < 0, d.a::output);
            // the relay carried them: the derp line counts relayed packets in both directions
            String lastDerp = lastLine(d.a.output(), "  derp: home region ");
            assertTrue(lastDerp.startsWith("  derp: home region " + REGION), lastDerp);
            System.out.println("[nat-derp] first relayed echo reply: a after " + firstA + " ms, b after " + firstB
                    + " ms (devices started at t0); " + lastDerp.trim());
        }
    }

    record Devices(NatLab.Child control, NatLab.Child a, NatLab.Child b) {
    }

    private Devices startAll(NatLab lab) throws Exception {
        NatLab.Child control = lab.java(NatLab.PUB, "control", "io.tailnode.sim.control.ControlMain",
                "--bind", NatLab.PUBLIC_IP, "--port", "0", "--admin-port", "0");
        String url = control.await(CONTROL_URL, 20000);
        String admin = control.await(ADMIN_URL, 1000);
        String pin = control.await(PIN, 1000);
        String key = NatLab.run(true, "ip", "netns", "exec", NatLab.PUB,
                ProcessHandle.current().info().command().orElse("java"), "-cp", System.getProperty("java.class.path"),
                "io.tailnode.sim.control.ControlAdminTool", "--admin", admin, "key", "--reusable").trim();
        assertEquals(1, key.lines().count(), key);
        NatLab.Child a = device(lab, NatLab.DEV_A, "nat-a", NatLab.DEV_A_IP, url, key, pin);
        NatLab.Child b = device(lab, NatLab.DEV_B, "nat-b", NatLab.DEV_B_IP, url, key, pin);
        return new Devices(control, a, b);
    }

    private NatLab.Child device(NatLab lab, String ns, String name, String bind, String url, String key, String pin)
            throws Exception {
        return lab.java(ns, name, "io.tailnode.sim.SimDevice", "--control-url", url, "--auth-key", key,
                "--state", dir.resolve(name).toString(), "--name", name, "--bind", bind, "--derp-pin", pin,
                "--ping-peers", "1", "--status-every", "2");
    }

    static String lastLine(String text, String prefix) {
        String found = "";
        for (String line : text.split("\n")) {
            if (line.startsWith(prefix)) {
                found = line;
            }
        }
        return found;
    }
}
