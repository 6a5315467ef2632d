package io.tailnode.sim.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Assumptions;

/**
 * The clean-up guarantees: a JVM that exits without closing its peers is cleaned up by its shutdown hook; one
 * killed with SIGKILL leaves a namespace that the next run's sweep removes (process killed by its recorded PID).
 */
@Tag("interop")
class InteropCleanupTest {
    @BeforeAll
    static void requireEnvironment() {
        Optional<String> why = InteropRun.unavailableReason();
        if (why.isPresent() && "1".equals(System.getenv("TAILNODE_INTEROP_REQUIRED"))) {
            throw new IllegalStateException(why.get());
        }
        Assumptions.assumeTrue(why.isEmpty(), () -> "skipped: " + why.orElse(""));
    }

    private static Process probe(int idx, boolean waitForKill) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = waitForKill
                ? new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                        HarnessExitProbe.class.getName(), Integer.toString(idx), "wait")
                : new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                        HarnessExitProbe.class.getName(), Integer.toString(idx));
        return pb.redirectErrorStream(true).start();
    }

    private static String[] firstLine(Process p) throws Exception {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = r.readLine();
        assertTrue(line != null && line.startsWith("tn"), "probe output: " + line);
        return line.split(" ");
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    @Test
    void shutdownHookCleansUpAPeerTheProgramForgot() throws Exception {
        Process child = probe(8, false);
        String[] out = firstLine(child);
        assertTrue(child.waitFor(20, TimeUnit.SECONDS), "probe exits");
        assertFalse(InteropRun.listNamespaces().contains(out[0]), "namespace removed by the hook");
        assertFalse(alive(Long.parseLong(out[1])), "wireguard-go stopped by the hook");
        assertFalse(Files.exists(InteropRun.STATE_ROOT.resolve(out[0])));
    }

    @Test
    void sweepRemovesWhatAKilledRunLeftBehind() throws Exception {
        Process child = probe(9, true);
        String[] out = firstLine(child);
        child.destroyForcibly(); // SIGKILL: no hook runs
        assertTrue(child.waitFor(10, TimeUnit.SECONDS));
        long wgPid = Long.parseLong(out[1]);
        assertTrue(InteropRun.listNamespaces().contains(out[0]), "leftover namespace");
        assertTrue(alive(wgPid), "leftover wireguard-go");
        InteropRun.get().sweepStale();
        assertFalse(InteropRun.listNamespaces().contains(out[0]), "namespace swept");
        assertFalse(alive(wgPid), "wireguard-go killed by its recorded PID");
        assertFalse(Files.exists(Path.of("/var/run/wireguard", out[0] + ".sock")));
        assertFalse(Cmd.run(Cmd.SHORT, "ip", "link", "show", "dev", out[0] + "h").ok(), "root veth gone");
        assertEquals(List.of(), InteropRun.get().ownNamespaces());
    }
}
