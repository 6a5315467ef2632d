package io.tailnode.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.crypto.X25519;
import io.tailnode.ip.wire.InetChecksum;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two simulated devices on loopback (wg-quick mode) exchanging ICMP echo traffic for a few seconds: the loop's
 * longest iteration (busy time, wait excluded), its histogram and the watchdog figures are reported in the status
 * and printed here (issue #8 asks for the figure). Only sane bounds are asserted, not timing.
 */
class LoopUnderLoadTest {
    @TempDir
    Path dir;

    private static final long LOAD_NANOS = 3_000_000_000L;
    private static final int BURST = 32;

    private static String key(byte[] k) {
        return Base64.getEncoder().encodeToString(k);
    }

    private static byte[] ping(int id) {
        byte[] p = new byte[28 + 56];
        p[0] = 0x45;
        p[3] = (byte) p.length;
        p[8] = 64;
        p[9] = 1;
        p[12] = 100;
        p[13] = 64;
        p[15] = 2;
        p[16] = 100;
        p[17] = 64;
        p[19] = 1;
        int h = InetChecksum.of(p, 0, 20);
        p[10] = (byte) (h >>> 8);
        p[11] = (byte) h;
        p[20] = 8;
        p[24] = (byte) (id >>> 8);
        p[25] = (byte) id;
        p[27] = (byte) id;
        int c = InetChecksum.of(p, 20, p.length - 20);
        p[22] = (byte) (c >>> 8);
        p[23] = (byte) c;
        return p;
    }

    @Test
    void longestIterationUnderLoadIsReported() throws Exception {
        X25519 x = new X25519();
        byte[] privA = new byte[32];
        byte[] privB = new byte[32];
        new java.security.SecureRandom().nextBytes(privA);
        new java.security.SecureRandom().nextBytes(privB);
        byte[] pubA = new byte[32];
        byte[] pubB = new byte[32];
        x.publicKey(pubA, 0, privA, 0);
        x.publicKey(pubB, 0, privB, 0);
        Path confA = dir.resolve("a.conf");
        Files.writeString(confA, "[Interface]\nPrivateKey = " + key(privA) + "\nAddress = 100.64.0.1/32\n\n[Peer]\n"
                + "PublicKey = " + key(pubB) + "\nAllowedIPs = 100.64.0.2/32\n");
        ByteArrayOutputStream outA = new ByteArrayOutputStream();
        ByteArrayOutputStream outB = new ByteArrayOutputStream();
        SimDevice a = SimDevice.start(SimDevice.parseArgs(new String[] {"--wg-config", confA.toString(), "--state",
                dir.resolve("a").toString(), "--bind", "127.0.0.1", "--name", "a"}),
                new PrintStream(outA, true, StandardCharsets.UTF_8));
        SimDevice b = null;
        try {
            Path confB = dir.resolve("b.conf");
            Files.writeString(confB, "[Interface]\nPrivateKey = " + key(privB) + "\nAddress = 100.64.0.2/32\n\n"
                    + "[Peer]\nPublicKey = " + key(pubA) + "\nAllowedIPs = 100.64.0.1/32\nEndpoint = 127.0.0.1:"
                    + a.localPort() + "\n");
            b = SimDevice.start(SimDevice.parseArgs(new String[] {"--wg-config", confB.toString(), "--state",
                    dir.resolve("b").toString(), "--bind", "127.0.0.1", "--name", "b"}),
                    new PrintStream(outB, true, StandardCharsets.UTF_8));
            long end = System.nanoTime() + LOAD_NANOS;
            int id = 0;
            while (System.nanoTime() - end < 0) {
                final int first = id;
                b.onLoop(l -> {
                    for (int i = 0; i < BURST; i++) {
                        byte[] p = ping(first + i);
                        l.sendInner(p, 0, p.length);
                    }
                    return null;
                });
                id += BURST;
            }
            long[] figA = a.onLoop(l -> new long[] {l.timing().longestMs(), l.timing().iterations(),
                    l.timing().totalMs(), l.tunnelPackets(), l.datagramsOut()});
            long[] figB = b.onLoop(l -> new long[] {l.timing().longestMs(), l.timing().iterations(),
                    l.timing().totalMs(), l.tunnelPackets(), l.datagramsIn()});
            String statusA = a.status();
            String statusB = b.status();
            System.out.println("loop under load (" + id + " pings from b in " + LOAD_NANOS / 1_000_000 + " ms):");
            System.out.println("  a: longest iteration " + figA[0] + " ms busy, " + figA[1] + " iterations, "
                    + figA[2] + " ms busy in all, " + figA[3] + " inner packets in, " + figA[4] + " datagrams out; "
                    + a.watchdog().statusLine());
            System.out.println("  b: longest iteration " + figB[0] + " ms busy, " + figB[1] + " iterations, "
                    + figB[2] + " ms busy in all, " + figB[3] + " inner packets in (echo replies), " + figB[4]
                    + " datagrams in; " + b.watchdog().statusLine());
            System.out.println(statusA.lines().filter(s -> s.contains("loop:") || s.contains("flash:"))
                    .map(s -> "  a" + s).reduce("", (p, q) -> p + q + "\n"));

            assertTrue(figA[3] > BURST, "a received b's pings through the tunnel: " + figA[3]);
            assertTrue(figB[3] > 0, "b got echo replies: " + figB[3]);
            for (long[] f : new long[][] {figA, figB}) {
                assertTrue(f[1] > 0);
                assertTrue(f[0] >= 0 && f[0] <= f[2], "longest within the total busy time");
            }
            assertTrue(statusA.contains("  loop: ") && statusA.contains(" ms busy (wait excluded)"), statusA);
            assertTrue(statusA.contains("  watchdog: ") && statusB.contains("  watchdog: "), statusB);
            assertTrue(a.watchdog().kicks() > 0 && b.watchdog().kicks() > 0, "loops kick their watchdogs");
            assertEquals(a.watchdog().overruns() > 0, outA.toString(StandardCharsets.UTF_8).contains("WATCHDOG OVERRUN"),
                    "an overrun is logged loudly, and only an overrun");
        } finally {
            if (b != null) {
                b.close();
            }
            a.close();
        }
    }
}
