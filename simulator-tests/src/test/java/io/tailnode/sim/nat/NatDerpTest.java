package io.tailnode.sim.nat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.disco.PathSelector;
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

    /**
     * The "internet" forwards between the NATs: each device learns its NAT's public mapping through STUN, the
     * peers exchange it with call-me-maybe over DERP, disco pings punch both NATs and the devices adopt the direct
     * path — the status shows the peer NAT's WAN address as endpoint and "path: direct", and the relay stops
     * carrying the echoes. Then the route is cut (an nftables drop rule in the "internet", not a HAL flag) and the
     * devices fall back to DERP once the path's trust lapses.
     */
    @Test
    @Timeout(60)
    void directPathThroughStunAndCallMeMaybeThenFallbackWhenTheRouteIsCut() throws Exception {
        try (NatLab lab = NatLab.build()) {
            Devices d = startAll(lab);
            long t0 = System.nanoTime();
            d.a.await(Pattern.compile("nat-a \\| echo reply from (100\\.\\S+)"), 30000);
            long firstReply = (System.nanoTime() - t0) / 1_000_000;
            // a's view of b: b's NAT WAN address (learnt only through STUN: b's own address is 198.19.21.2)
            String endpointB = "  endpoint: " + NatLab.NAT_B_WAN + ":";
            String endpointA = "  endpoint: " + NatLab.NAT_A_WAN + ":";
            assertTrue(NatLab.waitFor(30000, () -> d.a.output().contains(endpointB)
                    && d.a.output().contains("path: direct") && d.b.output().contains(endpointA)
                    && d.b.output().contains("path: direct")), () -> d.a.output() + d.b.output());
            long directMs = (System.nanoTime() - t0) / 1_000_000;
            String directEndpoint = lastLine(d.a.output(), endpointB).trim();
            // the relay carries none of the echoes now: two status prints 3 s apart show the same derp counters
            int mark = d.a.output().length();
            assertTrue(NatLab.waitFor(5000, () -> d.a.output().indexOf("  derp: home region ", mark) >= 0));
            String derpBefore = lastLine(d.a.output(), "  derp: home region ");
            int repliesBefore = count(d.a.output(), "nat-a | echo reply");
            Thread.sleep(3500);
            String derpAfter = lastLine(d.a.output(), "  derp: home region ");
            int repliesAfter = count(d.a.output(), "nat-a | echo reply");
            assertTrue(repliesAfter >= repliesBefore + 2, "echoes kept flowing: " + repliesBefore + " -> " + repliesAfter);
            assertEquals(relayedCounts(derpBefore), relayedCounts(derpAfter),
                    "the relay carried nothing while the path was direct:\n" + derpBefore + "\n" + derpAfter);
            assertTrue(lastLine(d.a.output(), "  path: ").contains("direct"), d.a::output);

            // cut the route between the NATs: after the trust window a is relayed again and the echoes resume
            lab.blockDirect();
            long cut = System.nanoTime();
            int cutMark = d.a.output().length();
            assertTrue(NatLab.waitFor(20000, () -> d.a.output().indexOf("path: relayed via DERP region " + REGION,
                    cutMark) >= 0), d.a::output);
            long fallbackMs = (System.nanoTime() - cut) / 1_000_000;
            int relayedMark = d.a.output().indexOf("path: relayed via DERP region " + REGION, cutMark);
            assertTrue(NatLab.waitFor(10000, () -> d.a.output().indexOf("nat-a | echo reply", relayedMark) >= 0),
                    d.a::output);
            // status every 1 s: the fallback is seen at most ~1 s after it happened; trust 6.5 s plus slack
            assertTrue(fallbackMs <= io.tailnode.disco.PathSelector.TRUST_MS + 4000,
                    "fell back after " + fallbackMs + " ms");
            System.out.println("[nat-direct] first echo reply " + firstReply + " ms, direct both ways after "
                    + directMs + " ms (" + directEndpoint + "); fallback to DERP seen " + fallbackMs
                    + " ms after the cut");
        }
    }

    /**
     * 5 % of the datagrams between the NATs are lost at random (nftables {@code numgen}), both ways, from the
     * start: STUN and DERP are unaffected, disco pings and WireGuard packets on the direct path are not. The
     * devices still converge on the direct path and keep it while echoes flow.
     */
    @Test
    @Timeout(75)
    void withFivePercentLossOnTheDirectPathTheDevicesStillConverge() throws Exception {
        try (NatLab lab = NatLab.build()) {
            lab.lossyDirect(5);
            Devices d = startAll(lab);
            long t0 = System.nanoTime();
            String endpointB = "  endpoint: " + NatLab.NAT_B_WAN + ":";
            String endpointA = "  endpoint: " + NatLab.NAT_A_WAN + ":";
            assertTrue(NatLab.waitFor(40000, () -> d.a.output().contains(endpointB)
                    && d.a.output().contains("path: direct") && d.b.output().contains(endpointA)
                    && d.b.output().contains("path: direct")), () -> d.a.output() + d.b.output());
            long directMs = (System.nanoTime() - t0) / 1_000_000;
            int repliesBefore = count(d.a.output(), "nat-a | echo reply");
            Thread.sleep(8000);
            int replies = count(d.a.output(), "nat-a | echo reply") - repliesBefore;
            // one echo a second; a round trip crosses the lossy hop twice (~10 % lost), so >= 3 of ~8 is generous
            assertTrue(replies >= 3, "echo replies in 8 s: " + replies);
            // Trust in the direct path rests on heartbeat pongs (every 3 s, trust 6.5 s), as in Go: losing two in a
            // row (~1 % per window at ~10 % round-trip loss) lapses it to DERP until the next probe round (5 s
            // after the last ping). So "still converges" means direct again within one probe round, not never
            // relayed.
            long checkAt = System.nanoTime();
            assertTrue(NatLab.waitFor(PathSelector.PING_INTERVAL_MS + 2000,
                    () -> lastLine(d.a.output(), "  path: ").contains("direct")), d.a::output);
            long again = (System.nanoTime() - checkAt) / 1_000_000;
            int lapses = count(d.a.output(), "nat-a | peer 0 (") - 1;
            System.out.println("[nat-loss] 5 % loss: direct both ways after " + directMs + " ms; " + replies
                    + " echo replies in the next 8 s; direct at the end" + (again > 1500 ? " again after " + again
                    + " ms" : "") + "; endpoint changes to a relay after going direct: " + Math.max(0, lapses));
        }
    }

    /** "N packets in, M out" of a status "derp:" line. */
    static String relayedCounts(String derpLine) {
        java.util.regex.Matcher m = Pattern.compile("(\\d+) packets in, (\\d+) out").matcher(derpLine);
        assertTrue(m.find(), derpLine);
        return m.group();
    }

    static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
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
                "--ping-peers", "1", "--status-every", "1");
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
