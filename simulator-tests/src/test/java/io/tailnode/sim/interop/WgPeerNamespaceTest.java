package io.tailnode.sim.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves the harness with two real wireguard-go peers (our device joins later): each in its own namespace with
 * its root veth, joined to each other by a direct veth (test-environment.md §4.3), pinging each other through
 * the WireGuard tunnel over IPv4 (also 1420-byte packets with DF) and IPv6, a capture showing the handshake,
 * a restart with the same key, an underlay address change, and a tear-down that leaves nothing behind.
 * Runs only as root with the tools present; otherwise skipped with the reason (set TAILNODE_INTEROP_REQUIRED=1
 * to turn the skip into a failure).
 */
@Tag("interop")
class WgPeerNamespaceTest {
    private static InteropRun run;

    @BeforeAll
    static void requireEnvironment() {
        Optional<String> why = InteropRun.unavailableReason();
        if (why.isPresent() && "1".equals(System.getenv("TAILNODE_INTEROP_REQUIRED"))) {
            throw new IllegalStateException(why.get());
        }
        Assumptions.assumeTrue(why.isEmpty(), () -> "skipped: " + why.orElse(""));
        run = InteropRun.get();
    }

    @AfterAll
    static void tearDown() {
        if (run != null) {
            run.closeAll();
            assertEquals(List.of(), run.ownNamespaces(), "namespaces left behind");
        }
    }

    @Test
    void twoWireguardGoPeersPingEachOtherAndLeaveNothingBehind(@TempDir Path tmp) throws Exception {
        long t0 = System.nanoTime();
        WgPeerNamespace a = WgPeerNamespace.up(1);
        WgPeerNamespace b = WgPeerNamespace.up(2);
        long setupMs = (System.nanoTime() - t0) / 1_000_000;
        long pidA = a.wireguardPid();
        long pidB = b.wireguardPid();
        assertTrue(pidA > 0 && pidB > 0);
        String aLink = a.linkTo(b, 1);
        assertEquals("198.19.1.1", aLink);
        a.addPeer(new WgPeerNamespace.PeerSpec(b.publicKey(), "198.19.1.2:" + b.listenPort(),
                List.of(b.tunnelV4() + "/32", b.tunnelV6() + "/128"), null, 0));
        // b learns a's endpoint from a's first handshake.
        b.addPeer(new WgPeerNamespace.PeerSpec(a.publicKey(), null,
                List.of(a.tunnelV4() + "/32", a.tunnelV6() + "/128"), null, 0));

        WgPeerNamespace.Capture cap = a.capture(run.prefix() + "l1a", 3, "udp port " + b.listenPort(),
                tmp.resolve("a.pcap"));
        long p0 = System.nanoTime();
        PingResult first = a.ping(b.tunnelV4(), 3);
        long firstPingMs = (System.nanoTime() - p0) / 1_000_000;
        assertTrue(first.allReceived(), first.output());
        Path pcap = cap.stop();
        List<PcapUdp.Datagram> seen = PcapUdp.read(pcap);
        assertTrue(seen.stream().anyMatch(d -> d.wireGuardType() == 1 && d.payload().length == 148
                && d.source().equals("198.19.1.1")), "handshake initiation captured: " + seen.size());
        assertTrue(seen.stream().anyMatch(d -> d.wireGuardType() == 2 && d.payload().length == 92));
        assertTrue(seen.stream().anyMatch(d -> d.wireGuardType() == 4), "transport data captured");
        assertEquals("198.19.1.1:" + a.listenPort(), b.endpointOf(a.publicKey()));
        assertTrue(b.latestHandshake(a.publicKey()) > 0);

        // Full-size inner packets with DF set, both ways: 1392 + 8 + 20 = 1420 B.
        PingResult big = a.ping(b.tunnelV4(), 2, 1392, true, null);
        assertTrue(big.allReceived(), big.output());
        PingResult back = b.ping(a.tunnelV4(), 2, 1392, true, null);
        assertTrue(back.allReceived(), back.output());
        PingResult tooBig = a.ping(b.tunnelV4(), 1, 1393, true, null);
        assertEquals(0, tooBig.received(), "1421 B with DF must not pass an MTU 1420 tunnel");
        PingResult v6 = b.ping(a.tunnelV6(), 2, 1372, true, null); // 1372 + 8 + 40 = 1420 B
        assertTrue(v6.allReceived(), v6.output());

        // Restart b with the same key: a's session is stale, a new handshake follows and traffic resumes.
        b.restart();
        assertTrue(b.wireguardPid() > 0 && b.wireguardPid() != pidB);
        assertFalse(ProcessHandle.of(pidB).map(ProcessHandle::isAlive).orElse(false));
        b.addPeer(new WgPeerNamespace.PeerSpec(a.publicKey(), "198.19.1.1:" + a.listenPort(),
                List.of(a.tunnelV4() + "/32", a.tunnelV6() + "/128"), null, 0));
        PingResult afterRestart = b.ping(a.tunnelV4(), 3);
        assertTrue(afterRestart.received() >= 2, afterRestart.output());

        // Underlay change on the root-facing veth: the new address answers from the root namespace.
        b.changeUnderlayAddress(7);
        assertEquals("198.18.2.7:" + b.listenPort(), b.endpointV4());
        Cmd.Result rootPing = Cmd.run(java.time.Duration.ofSeconds(5), "ping", "-n", "-q", "-c", "1", "-W", "2",
                "198.18.2.7");
        assertTrue(rootPing.ok(), rootPing.output());
        Cmd.Result rootPing6 = Cmd.run(java.time.Duration.ofSeconds(5), "ping", "-n", "-q", "-c", "1", "-W", "2",
                b.underlayV6());
        assertTrue(rootPing6.ok(), "IPv6 underlay: " + rootPing6.output());

        // Tear-down: nothing of ours left (namespaces, processes, veths, sockets, state).
        String nsA = a.name();
        String nsB = b.name();
        long pidB2 = b.wireguardPid();
        a.close();
        b.close();
        assertFalse(InteropRun.listNamespaces().contains(nsA));
        assertFalse(InteropRun.listNamespaces().contains(nsB));
        for (long pid : new long[] {pidA, pidB2}) {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "PID " + pid + " alive");
        }
        assertFalse(Cmd.run(Cmd.SHORT, "ip", "link", "show", "dev", nsA + "h").ok());
        assertFalse(Files.exists(Path.of("/var/run/wireguard", nsA + ".sock")));
        assertFalse(Files.exists(InteropRun.STATE_ROOT.resolve(nsB)));
        System.out.printf("[interop] setup of two peers %d ms, first ping (3 echoes incl. handshake) %d ms%n",
                setupMs, firstPingMs);
    }

    @Test
    void upRemovesALeftoverOfTheSameNameAndDownTwiceIsANoOp() {
        WgPeerNamespace first = WgPeerNamespace.up(3);
        long pid = first.wireguardPid();
        // A second "up" of the same index tears the first one's namespace and process down first.
        WgPeerNamespace second = WgPeerNamespace.up(3);
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        assertTrue(second.wireguardPid() > 0);
        second.close();
        second.close();
        first.close();
        assertFalse(InteropRun.listNamespaces().contains(second.name()));
    }
}
