package io.tailnode.sim.keystore;

import io.tailnode.firmware.keystore.RecordTypes;
import org.junit.jupiter.api.Test;

import static io.tailnode.sim.keystore.KeyStoreScenario.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #3's acceptance test: a power cut at every byte offset of every program and erase operation of a
 * sequence of updates (several types and sizes, garbage collections, a delete, an unknown type, an empty
 * record), each followed by a reboot that mounts and reads everything: every value is the one before or after
 * the interrupted update. Factory reset gets its own sequence.
 */
class KeyStorePowerCutTest {
    /** Types this firmware does not define: the store must carry them through garbage collection. */
    static final int UNKNOWN_A = 0x4A01;
    static final int UNKNOWN_B = 0x0101;

    static KeyStoreScenario updates() {
        KeyStoreScenario s = new KeyStoreScenario();
        s.write(RecordTypes.PROVISIONING, bytes(220, 1))
                .write(RecordTypes.MACHINE_KEY, bytes(32, 2))
                .write(RecordTypes.NODE_KEY, bytes(32, 3))
                .write(RecordTypes.CONTROL_KEY, bytes(32, 4))
                .write(RecordTypes.DISCO_KEY_POLICY, bytes(33, 5))
                .write(UNKNOWN_A, bytes(50, 6))
                .write(RecordTypes.CLOCK_FLOOR, bytes(8, 7))
                .write(RecordTypes.REGISTRATION, bytes(60, 8));
        for (int i = 0; i < 26; i++) {
            s.write(RecordTypes.CLOCK_FLOOR, bytes(8, 100 + i));
            if (i % 4 == 1) {
                s.write(RecordTypes.REGISTRATION, bytes((i * 23) % 91, 200 + i));
            }
            if (i == 7) {
                // Node key rotation: keep the old key until the server confirms the new one.
                s.write(RecordTypes.OLD_NODE_KEY, bytes(32, 3)).write(RecordTypes.NODE_KEY, bytes(32, 300));
            }
            if (i == 12) {
                s.delete(RecordTypes.OLD_NODE_KEY);
            }
            if (i == 15) {
                s.write(RecordTypes.PROVISIONING, bytes(300, 301)).write(UNKNOWN_B, new byte[0]);
            }
            if (i == 20) {
                s.write(RecordTypes.MACHINE_KEY, bytes(32, 302));
            }
        }
        return s;
    }

    static KeyStoreScenario reset() {
        KeyStoreScenario s = new KeyStoreScenario();
        s.write(RecordTypes.MACHINE_KEY, bytes(32, 11))
                .write(RecordTypes.NODE_KEY, bytes(32, 12))
                .write(RecordTypes.PROVISIONING, bytes(280, 13))
                .write(UNKNOWN_A, bytes(40, 14));
        for (int i = 0; i < 12; i++) {
            s.write(RecordTypes.CLOCK_FLOOR, bytes(8, 20 + i)).write(RecordTypes.REGISTRATION, bytes(70, 40 + i));
        }
        s.reset().write(RecordTypes.MACHINE_KEY, bytes(32, 50)).write(RecordTypes.CLOCK_FLOOR, bytes(8, 51));
        return s;
    }

    @Test
    void everyCutPointOfASequenceOfUpdates() throws Exception {
        KeyStoreScenario s = updates();
        CutPointRunner.Result r = CutPointRunner.runAll(s, 2);
        report("updates", s, r);
        assertTrue(s.steps.size() >= 30);
        assertEquals(0, r.failures().size(), () -> String.join("\n", r.failures().subList(0, Math.min(20, r.failures().size()))));
    }

    /** The same updates as the event loop runs them: collections into a spare, erases in maintain() only. */
    @Test
    void everyCutPointOfASequenceOfUpdatesWithIdleMaintenance() throws Exception {
        KeyStoreScenario s = updates().idle();
        CutPointRunner.Result r = CutPointRunner.runAll(s, 2);
        report("updates, idle maintenance", s, r);
        assertTrue(r.eraseCuts() > 0, "maintenance erased");
        assertEquals(0, r.failures().size(), () -> String.join("\n", r.failures().subList(0, Math.min(20, r.failures().size()))));
    }

    @Test
    void everyCutPointOfAFactoryReset() throws Exception {
        KeyStoreScenario s = reset();
        CutPointRunner.Result r = CutPointRunner.runAll(s, 2);
        report("factory reset", s, r);
        assertEquals(0, r.failures().size(), () -> String.join("\n", r.failures().subList(0, Math.min(20, r.failures().size()))));
    }

    /** A second cut while the reboot after a first cut is recovering (sampled first cuts, every recovery op). */
    @Test
    void cutsDuringRecoveryMounts() throws Exception {
        for (KeyStoreScenario s : new KeyStoreScenario[] {updates(), reset()}) {
            io.tailnode.sim.hal.SimFlash golden = KeyStoreScenario.newFlash(1);
            golden.recordOperations();
            s.run(golden, new int[1]);
            java.util.List<io.tailnode.sim.hal.SimFlash.Op> ops = golden.recordedOperations();
            java.util.List<String> failures = new java.util.ArrayList<>();
            long start = System.nanoTime();
            int points = 0;
            int withRecovery = 0;
            for (int op = 0; op < ops.size(); op++) {
                int len = ops.get(op).cutPoints();
                for (int off = 0; off < len; off += Math.max(1, len / 3)) {
                    int[] r = CutPointRunner.cutDuringRecovery(s, op, off, failures);
                    points += r[0];
                    withRecovery += r[0] > 0 ? 1 : 0;
                }
            }
            System.out.printf("[power-cut] second cut in recovery mount: %d first cuts needed recovery writes, %d"
                    + " second cut points, %d failures, %d ms%n", withRecovery, points, failures.size(),
                    (System.nanoTime() - start) / 1_000_000);
            assertEquals(0, failures.size(), () -> String.join("\n", failures.subList(0, Math.min(20, failures.size()))));
        }
    }

    private static void report(String name, KeyStoreScenario s, CutPointRunner.Result r) {
        System.out.printf("[power-cut] %s: %d steps, %d program/erase operations, %d cut points (%d in programs,"
                        + " %d in erases), %d failures, %d ms%n", name, s.steps.size(), r.operations(), r.cutPoints(),
                r.programCuts(), r.eraseCuts(), r.failures().size(), r.millis());
    }
}
