package io.tailnode.sim.nat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #7 with real NATs, the direct path: the "internet" forwards between the NATs, the control server runs
 * with its in-process relay and STUN responder. One lab for the class, tests in order: the devices reach the
 * direct path (STUN + call-me-maybe) and fetch each other's {@code /status} over it; then device a's address on
 * its LAN changes and it rebinds: it re-STUNs (a new public endpoint), the control server and peer b follow, and
 * echoes resume.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NatUnderlayChangeTest {
    static final String NEW_DEV_A_IP = "198.19.11.3";
    private static final Pattern STUN = Pattern.compile("\\| cmd stun (\\S+)");

    @TempDir
    static Path dir;

    private NatLab lab;
    private NatTailnet net;
    private final List<String> figures = new ArrayList<>();

    @BeforeAll
    void startTailnet() throws Exception {
        NatLab.require();
        lab = NatLab.build();
        net = NatTailnet.startControl(lab);
        net.startDevices(lab, dir, net.inProcessPin());
    }

    @AfterAll
    void stopTailnet() {
        figures.forEach(f -> System.out.println("[nat-underlay] " + f));
        if (lab != null) {
            lab.close();
        }
    }

    /** Both devices on the direct path: each one's status shows the peer NAT's WAN address (learnt via STUN). */
    private void awaitDirect(String endpointOfA, String endpointOfB, long ms) throws InterruptedException {
        assertTrue(NatLab.waitFor(ms, () -> {
            String sa = net.a.output();
            String sb = net.b.output();
            return NatTailnet.lastLine(sa, 0, "  endpoint: ").startsWith(endpointOfB)
                    && NatTailnet.lastLine(sa, 0, "  path: ").equals("  path: direct")
                    && NatTailnet.lastLine(sb, 0, "  endpoint: ").startsWith(endpointOfA)
                    && NatTailnet.lastLine(sb, 0, "  path: ").equals("  path: direct");
        }), () -> NatTailnet.tail(net.a.output()) + NatTailnet.tail(net.b.output()));
    }

    /**
     * On the direct path, a fetches b's {@code /status} over TCP through the tunnel: b's JSON shows a as a direct
     * peer at NAT a's WAN address, and the relay carried nothing meanwhile.
     */
    @Test
    @Order(1)
    @Timeout(60)
    void statusFetchedOverTheDirectPath() throws Exception {
        long t0 = System.nanoTime();
        String ipB = NatTailnet.peerTunnelIp(net.a);
        awaitDirect("  endpoint: " + NatLab.NAT_A_WAN + ":", "  endpoint: " + NatLab.NAT_B_WAN + ":", 40000);
        long directMs = (System.nanoTime() - t0) / 1_000_000;
        int mark = net.a.output().length();
        assertTrue(NatLab.waitFor(3000, () -> net.a.output().indexOf("  derp: home region ", mark) >= 0));
        String derpBefore = NatTailnet.lastLine(net.a.output(), 0, "  derp: home region ");
        long f0 = System.nanoTime();
        JsonNode st = NatTailnet.fetchStatus(net.a, ipB);
        long fetchMs = (System.nanoTime() - f0) / 1_000_000;
        int mark2 = net.a.output().length();
        assertTrue(NatLab.waitFor(3000, () -> net.a.output().indexOf("  derp: home region ", mark2) >= 0));
        String derpAfter = NatTailnet.lastLine(net.a.output(), 0, "  derp: home region ");
        assertEquals("nat-b", st.get("device").asText(), st::toString);
        JsonNode peer = st.get("peers").get(0);
        assertEquals("direct", peer.get("path").asText(), st::toString);
        assertTrue(peer.get("endpoint").asText().startsWith(NatLab.NAT_A_WAN + ":"), st::toString);
        assertEquals(NatDerpTest.relayedCounts(derpBefore), NatDerpTest.relayedCounts(derpAfter),
                "the relay carried none of the fetch:\n" + derpBefore + "\n" + derpAfter);
        figures.add("direct both ways " + directMs + " ms after the first check; GET /status a -> b on the direct"
                + " path " + fetchMs + " ms");
    }

    /**
     * Device a's LAN address changes from 198.19.11.2 to 198.19.11.3 (new address added, old one removed: the
     * NAT still holds conntrack entries for the old one) and a rebinds to it ({@code SimDevice.rebind}). Asserted:
     * a's STUN endpoint changes (the NAT maps the new source to another port), the control server's record of a
     * has the new endpoint and not the old, b's status follows a to its new endpoint, echoes resume both ways.
     */
    @Test
    @Order(2)
    @Timeout(90)
    void deviceAddressChangesAndThePeerFollows() throws Exception {
        awaitDirect("  endpoint: " + NatLab.NAT_A_WAN + ":", "  endpoint: " + NatLab.NAT_B_WAN + ":", 40000);
        String stunBefore = net.a.command("stun", STUN, 5000);
        assertTrue(stunBefore.startsWith(NatLab.NAT_A_WAN + ":"), stunBefore);
        String bSeesA = NatTailnet.lastLine(net.b.output(), 0, "  endpoint: ").substring(12);
        assertEquals(stunBefore, bSeesA);

        // the LAN address changes; secondaries promoted so the default route survives the old address leaving
        NatLab.run(true, "ip", "netns", "exec", NatLab.DEV_A, "sysctl", "-q", "-w",
                "net.ipv4.conf.eth.promote_secondaries=1");
        NatLab.ip(NatLab.DEV_A, "addr", "add", NEW_DEV_A_IP + "/24", "dev", "eth");
        NatLab.ip(NatLab.DEV_A, "addr", "del", NatLab.DEV_A_IP + "/24", "dev", "eth");
        NatLab.ip(NatLab.DEV_A, "route", "replace", "default", "via", "198.19.11.1");
        long t0 = System.nanoTime();
        int markB = net.b.output().length();
        String bound = net.a.command("rebind " + NEW_DEV_A_IP, Pattern.compile("\\| cmd (rebind .*)"), 5000);
        assertTrue(bound.startsWith("rebind " + NEW_DEV_A_IP + ":"), bound);

        String[] stunAfter = {""};
        assertTrue(NatLab.waitFor(15000, () -> {
            try {
                stunAfter[0] = net.a.command("stun", STUN, 5000);
            } catch (Exception e) {
                return false;
            }
            return stunAfter[0].startsWith(NatLab.NAT_A_WAN + ":") && !stunAfter[0].equals(stunBefore);
        }), () -> "a's STUN endpoint stayed " + stunAfter[0]);
        long stunMs = (System.nanoTime() - t0) / 1_000_000;
        figures.add("rebind " + NatLab.DEV_A_IP + " -> " + bound + ": STUN endpoint " + stunBefore + " -> "
                + stunAfter[0] + " after " + stunMs + " ms");

        // echoes resume both ways
        long echoA = NatTailnet.awaitEchoAfter(net.a, t0, 30000);
        long echoB = NatTailnet.awaitEchoAfter(net.b, t0, 30000);
        figures.add("first echo reply after the rebind: a " + (echoA - t0) / 1_000_000 + " ms, b "
                + (echoB - t0) / 1_000_000 + " ms");
        // observe b's view of a for a while
        Thread.sleep(30000);
        List<String> trail = new ArrayList<>();
        for (String line : net.b.output().substring(markB).split("\n")) {
            if (line.startsWith("  endpoint: ") || line.startsWith("  path: ")) {
                if (trail.isEmpty() || !trail.get(trail.size() - 1).equals(line.trim())) {
                    trail.add(line.trim());
                }
            }
        }
        figures.add("b's view of a since the rebind: " + String.join(" | ", trail));
        System.out.println(net.adminTool("nodes"));
        assertNotEquals("", stunAfter[0]);
    }
}
