package io.tailnode.sim.keystore;

import io.tailnode.firmware.keystore.FlashKeyStore;
import io.tailnode.sim.hal.PowerCut;
import io.tailnode.sim.hal.SimFlash;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Injects a power cut at every byte offset of every program and erase operation of a scenario; after each,
 * reboots (a new store mounted on the same flash) and checks the whole content equals the content before or
 * after the interrupted step, then that the store still takes a write and keeps everything across one more
 * reboot.
 */
final class CutPointRunner {
    record Result(long cutPoints, long programCuts, long eraseCuts, int operations, long millis, List<String> failures) {
    }

    static Result runAll(KeyStoreScenario scenario, int threads) throws Exception {
        SimFlash golden = KeyStoreScenario.newFlash(1);
        golden.recordOperations();
        FlashKeyStore end = scenario.run(golden, new int[1]);
        Map<Integer, String> last = scenario.states.get(scenario.states.size() - 1);
        if (!scenario.readAll(end).equals(last)) {
            throw new AssertionError("uninterrupted run ends with the wrong content");
        }
        List<SimFlash.Op> ops = golden.recordedOperations();
        long start = System.nanoTime();
        AtomicLong points = new AtomicLong();
        AtomicLong programCuts = new AtomicLong();
        AtomicLong eraseCuts = new AtomicLong();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                futures.add(pool.submit(() -> {
                    for (int op = first; op < ops.size(); op += threads) {
                        SimFlash.Op o = ops.get(op);
                        for (int off = 0; off < o.cutPoints(); off++) {
                            String f = cutAndCheck(scenario, op, off);
                            points.incrementAndGet();
                            (o.erase() ? eraseCuts : programCuts).incrementAndGet();
                            if (f != null) {
                                failures.add((o.erase() ? "erase" : "program") + " op " + op + " offset " + off
                                        + ": " + f);
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        return new Result(points.get(), programCuts.get(), eraseCuts.get(), ops.size(), millis,
                new ArrayList<>(failures));
    }

    /** Null if the store survived a cut at byte {@code offset} of operation {@code op}, else what went wrong. */
    static String cutAndCheck(KeyStoreScenario scenario, int op, int offset) {
        SimFlash flash = KeyStoreScenario.newFlash(1);
        flash.armCut(op, offset, op * 1_000_003L + offset);
        int[] progress = new int[1];
        try {
            scenario.run(flash, progress);
            return "the cut never happened (scenario not deterministic?)";
        } catch (PowerCut expected) {
            // the device lost power here
        } catch (RuntimeException e) {
            return "before the cut: " + e;
        }
        int step = progress[0];
        Map<Integer, String> before = scenario.states.get(Math.max(0, step - 1));
        Map<Integer, String> after = scenario.states.get(step);
        try {
            flash.reboot();
            FlashKeyStore store = KeyStoreScenario.newStore(flash);
            int rc = store.mount();
            if (rc != 0) {
                return "mount after cut in step " + step + " returned " + rc;
            }
            Map<Integer, String> seen = scenario.readAll(store);
            if (!seen.equals(before) && !seen.equals(after)) {
                return "step " + step + " (" + (step == 0 ? "mount" : scenario.steps.get(step - 1).name())
                        + "): read " + seen + ", expected " + before + " or " + after;
            }
            byte[] probe = KeyStoreScenario.bytes(8, op + offset);
            rc = store.write(KeyStoreScenario.PROBE_TYPE, probe, 0, probe.length);
            if (rc != 0) {
                return "write after reboot (step " + step + ") returned " + rc;
            }
            FlashKeyStore again = KeyStoreScenario.newStore(flash);
            rc = again.mount();
            if (rc != 0) {
                return "second mount returned " + rc;
            }
            Map<Integer, String> expect = new TreeMap<>(seen);
            expect.put(KeyStoreScenario.PROBE_TYPE, HexFormat.of().formatHex(probe));
            Map<Integer, String> seenAgain = scenario.readAll(again);
            if (!seenAgain.equals(expect)) {
                return "after probe write + reboot (step " + step + "): read " + seenAgain + ", expected " + expect;
            }
            return null;
        } catch (RuntimeException e) {
            return "after reboot: " + e;
        }
    }

    /**
     * A second cut during the recovery mount after a first cut at ({@code op}, {@code offset}): recovery erases
     * and formats sectors itself, so it must be as cut-safe as the update. Cuts at the first, middle and last
     * byte of every operation the recovery mount performs. Returns [points tested, failures] and adds messages.
     */
    static int[] cutDuringRecovery(KeyStoreScenario scenario, int op, int offset, List<String> failures) {
        SimFlash probe = KeyStoreScenario.newFlash(1);
        probe.armCut(op, offset, op * 1_000_003L + offset);
        int[] progress = new int[1];
        try {
            scenario.run(probe, progress);
        } catch (PowerCut expected) {
            // first cut
        }
        probe.reboot();
        long base = probe.operations();
        probe.recordOperations();
        KeyStoreScenario.newStore(probe).mount();
        List<SimFlash.Op> recovery = probe.recordedOperations();
        int step = progress[0];
        Map<Integer, String> before = scenario.states.get(Math.max(0, step - 1));
        Map<Integer, String> after = scenario.states.get(step);
        int points = 0;
        int failed = 0;
        for (int j = 0; j < recovery.size(); j++) {
            int len = recovery.get(j).cutPoints();
            for (int off2 : new int[] {0, len / 2, len - 1}) {
                points++;
                SimFlash flash = KeyStoreScenario.newFlash(1);
                flash.armCut(op, offset, op * 1_000_003L + offset);
                try {
                    scenario.run(flash, new int[1]);
                } catch (PowerCut expected) {
                    // first cut
                }
                flash.reboot();
                flash.armCut(base + j, off2, 7L * j + off2);
                try {
                    KeyStoreScenario.newStore(flash).mount();
                    failed++;
                    failures.add("op " + op + "/" + offset + ": recovery cut " + j + "/" + off2 + " never happened");
                    continue;
                } catch (PowerCut expected) {
                    // second cut, in recovery
                }
                flash.reboot();
                FlashKeyStore store = KeyStoreScenario.newStore(flash);
                int rc = store.mount();
                Map<Integer, String> seen = rc == 0 ? scenario.readAll(store) : null;
                if (rc != 0 || (!seen.equals(before) && !seen.equals(after))) {
                    failed++;
                    failures.add("op " + op + "/" + offset + " then recovery op " + j + "/" + off2 + ": mount " + rc
                            + ", read " + seen + ", expected " + before + " or " + after);
                }
            }
        }
        return new int[] {points, failed};
    }
}
