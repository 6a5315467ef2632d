package io.tailnode.sim.nat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
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
 * Issue #7 with real NATs, the relay's faults: the "internet" forwards nothing between the NATs, so every packet
 * between the devices goes through the DERP relay, which runs as its own child JVM in {@code pub}
 * ({@link NatRelayMain}, certificate and server key kept in a state directory) and takes commands from the test.
 * One lab for the class (the tests run in order on the same tailnet): the devices fetch each other's
 * {@code /status} through the relayed tunnel; the relay restarts (a Restarting frame, then a crash and a new
 * process on the same ports) and both devices reconnect; forged and truncated frames reset one device's
 * connection, which comes back. Echoes (one per second per device) must resume after each fault.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NatRelayFaultTest {
    private static final Pattern DERP_LINE_FRAME_ERRORS = Pattern.compile("(\\d+) frame errors");
    private static final Pattern HOME_CONNECTS = Pattern.compile("\\(home\\): connected, (\\d+) connects");
    /** Reconnect bound after the relay is back: the client's backoff (1 s doubling) while it was away + slack. */
    private static final long RECONNECT_BOUND_MS = 20000;

    @TempDir
    static Path dir;

    private NatLab lab;
    private NatLab.Child relay;
    private NatTailnet net;
    private int derpPort;
    private int stunPort;
    private final List<String> figures = new ArrayList<>();

    @BeforeAll
    void startTailnet() throws Exception {
        NatLab.require();
        lab = NatLab.build();
        lab.blockDirect();
        relay = startRelay(0, 0);
        derpPort = Integer.parseInt(relay.await(Pattern.compile("relay: derp [0-9.]+:(\\d+)"), 1000));
        stunPort = Integer.parseInt(relay.await(Pattern.compile("relay: stun (\\d+)"), 1000));
        String pin = relay.await(Pattern.compile("relay: pin (\\S+)"), 1000);
        Path map = dir.resolve("derpmap.json");
        Files.writeString(map, relay.await(Pattern.compile("relay: derpmap (\\{.*)"), 1000));
        net = NatTailnet.startControl(lab, "--derp-map", map.toString());
        net.startDevices(lab, dir, pin);
    }

    private NatLab.Child startRelay(int derp, int stun) throws Exception {
        NatLab.Child r = lab.java(NatLab.PUB, "relay", "io.tailnode.sim.nat.NatRelayMain", "--bind", NatLab.PUBLIC_IP,
                "--state", dir.resolve("relay").toString(), "--derp-port", "" + derp, "--stun-port", "" + stun,
                "--region", "" + NatTailnet.REGION);
        r.await(Pattern.compile("relay: ready"), 20000);
        return r;
    }

    @AfterAll
    void stopTailnet() {
        figures.forEach(f -> System.out.println("[nat-relay] " + f));
        if (lab != null) {
            lab.close();
        }
    }

    /**
     * Without a direct route both devices echo through the relay and each fetches the other's {@code /status} over
     * TCP through the tunnel: HTTP 200, the serving device's name, and the fetching peer on {@code "path":"derp"},
     * region 900.
     */
    @Test
    @Order(1)
    @Timeout(60)
    void statusFetchedThroughTheRelayedTunnel() throws Exception {
        String ipB = NatTailnet.peerTunnelIp(net.a);
        String ipA = NatTailnet.peerTunnelIp(net.b);
        long t0 = System.nanoTime();
        JsonNode stB = NatTailnet.fetchStatus(net.a, ipB);
        long fetchMs = (System.nanoTime() - t0) / 1_000_000;
        JsonNode stA = NatTailnet.fetchStatus(net.b, ipA);
        assertEquals("nat-b", stB.get("device").asText(), stB::toString);
        assertEquals("nat-a", stA.get("device").asText(), stA::toString);
        for (JsonNode st : List.of(stA, stB)) {
            JsonNode peer = st.get("peers").get(0);
            assertEquals("derp", peer.get("path").asText(), st::toString);
            assertEquals(NatTailnet.REGION, peer.get("derp_region").asInt(), st::toString);
        }
        assertTrue(NatLab.waitFor(5000, () -> net.a.output().contains("path: relayed via DERP region "
                + NatTailnet.REGION)), net.a::output);
        assertTrue(!net.a.output().contains("path: direct"), "no direct path can exist here");
        figures.add("GET /status a -> b through the relay: " + fetchMs + " ms");
    }

    /**
     * The relay sends Restarting(1 s, 10 s) and closes every connection: both devices log in again (the relay
     * counts 2 clients) and echoes resume. Then the relay process is killed (SIGKILL: no goodbye) and a new one
     * started on the same ports with the same certificate and key: both reconnect and echoes resume.
     */
    @Test
    @Order(2)
    @Timeout(60)
    void relayRestartsAndBothDevicesReconnect() throws Exception {
        NatTailnet.awaitEchoAfter(net.a, System.nanoTime(), 15000);
        // graceful: Restarting frame, connections closed, the listener stays
        int mark = relay.output().length();
        long t0 = System.nanoTime();
        relay.command("restarting 1000 10000", Pattern.compile("relay: (sent Restarting.*)"), 5000);
        relay.awaitFrom(mark, Pattern.compile("relay: clients 0"), 5000);
        relay.awaitFrom(relay.output().indexOf("relay: clients 0", mark), Pattern.compile("relay: clients 2"),
                RECONNECT_BOUND_MS);
        long graceful = (System.nanoTime() - t0) / 1_000_000;
        long gapA = gap(net.a, t0);
        long gapB = gap(net.b, t0);
        assertTrue(graceful >= 900, "reconnected " + graceful + " ms after Restarting(1 s): too early");
        figures.add("Restarting(1 s): both logged in again " + graceful + " ms after the command; echo gap a "
                + gapA + " ms, b " + gapB + " ms");

        // crash: SIGKILL, a new process on the same ports with the same certificate and server key
        long t1 = System.nanoTime();
        relay.kill();
        relay = startRelay(derpPort, stunPort);
        long up = System.nanoTime();
        relay.await(Pattern.compile("relay: clients 2"), RECONNECT_BOUND_MS);
        long reconnect = (System.nanoTime() - up) / 1_000_000;
        long crashGapA = gap(net.a, t1);
        long crashGapB = gap(net.b, t1);
        assertTrue(net.a.process.isAlive() && net.b.process.isAlive());
        figures.add("relay killed, new process ready " + (up - t1) / 1_000_000 + " ms later; both logged in "
                + reconnect + " ms after that; echo gap a " + crashGapA + " ms, b " + crashGapB + " ms");
    }

    /** Echo gap around an event at {@code t}: last reply read before it to the first read after it, ms. */
    private static long gap(NatLab.Child device, long t) throws InterruptedException {
        long after = NatTailnet.awaitEchoAfter(device, t, 20000);
        long before = device.lastBefore(t, " | echo reply from ");
        assertTrue(before > 0, device.name + " had echo replies before the event");
        return (after - before) / 1_000_000;
    }

    /**
     * Frames sent by the relay to device b only. A well-formed RecvPacket carrying junk "from a" is dropped by
     * WireGuard and the connection stays. Malformed ones — a RecvPacket shorter than its 32-byte key, a second
     * ServerKey, a length over 1 MiB — make b count a frame error, drop the connection and log in again; a frame
     * cut off mid-way by the relay closing is a plain reconnect. After each one echoes resume; nothing crashes.
     */
    @Test
    @Order(3)
    @Timeout(60)
    void forgedAndTruncatedFramesResetTheConnection() throws Exception {
        String keyA = NatTailnet.nodeKeyHex(net.a);
        String keyB = NatTailnet.nodeKeyHex(net.b);
        NatTailnet.awaitEchoAfter(net.b, System.nanoTime(), 15000);
        relay.await(Pattern.compile("relay: clients 2"), RECONNECT_BOUND_MS);

        // well-formed, junk content: no reset
        long connects = homeConnects(net.b);
        long errors = frameErrors(net.b);
        long t = System.nanoTime();
        relay.command("forge " + keyB + " 0500000040" + keyA + "04".repeat(32),
                Pattern.compile("relay: (forge sent.*)"), 5000);
        NatTailnet.awaitEchoAfter(net.b, t, 10000);
        Thread.sleep(2000);
        assertEquals(connects, homeConnects(net.b), "a junk packet in a valid frame keeps the connection");
        assertEquals(errors, frameErrors(net.b));

        String[][] bad = {
            {"forge", "0500000004aabbccdd", "RecvPacket shorter than its key"},
            {"forge", "0100000028" + "44455250f09f9491" + "00".repeat(32), "second ServerKey"},
            {"forge", "05ffffffff", "length over 1 MiB"},
            {"cut", "0500000100" + "00".repeat(40), "frame cut off by the connection closing"},
        };
        for (String[] f : bad) {
            long c0 = homeConnects(net.b);
            long e0 = frameErrors(net.b);
            int mark = net.b.output().length();
            long t0 = System.nanoTime();
            relay.command(f[0] + " " + keyB + " " + f[1], Pattern.compile("relay: (" + f[0] + " sent.*)"), 5000);
            assertTrue(NatLab.waitFor(RECONNECT_BOUND_MS, () -> statusAfter(net.b, mark, HOME_CONNECTS) > c0),
                    () -> f[2] + ": b did not reconnect:\n" + NatTailnet.tail(net.b.output()));
            long reconnect = (System.nanoTime() - t0) / 1_000_000;
            long e1 = statusAfter(net.b, mark, DERP_LINE_FRAME_ERRORS);
            if (f[0].equals("forge")) {
                assertEquals(e0 + 1, e1, f[2] + ": one frame error");
            } else {
                assertEquals(e0, e1, f[2] + ": a transport close, not a frame error");
            }
            long echo = NatTailnet.awaitEchoAfter(net.b, t0, 15000);
            figures.add(f[2] + ": b logged in again after " + reconnect + " ms, next echo reply after "
                    + (echo - t0) / 1_000_000 + " ms");
        }
        NatTailnet.awaitEchoAfter(net.a, System.nanoTime(), 10000);
        assertTrue(net.a.process.isAlive() && net.b.process.isAlive() && relay.process.isAlive());
        assertTrue(!net.b.output().contains("loop failed"), net.b::output);
    }

    private static long homeConnects(NatLab.Child d) throws InterruptedException {
        return statusAfter(d, 0, HOME_CONNECTS);
    }

    private static long frameErrors(NatLab.Child d) {
        return statusAfter(d, 0, DERP_LINE_FRAME_ERRORS);
    }

    /** The figure in the last status line matching {@code p} printed after character {@code from}, or -1. */
    private static long statusAfter(NatLab.Child d, int from, Pattern p) {
        String prefix = p == HOME_CONNECTS ? "  derp region " : "  derp: home region ";
        return NatTailnet.number(p, NatTailnet.lastLine(d.output(), from, prefix));
    }
}
