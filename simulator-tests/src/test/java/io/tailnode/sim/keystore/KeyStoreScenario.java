package io.tailnode.sim.keystore;

import io.tailnode.firmware.hal.HalStatus;
import io.tailnode.firmware.keystore.FlashKeyStore;
import io.tailnode.firmware.keystore.RecordStore;
import io.tailnode.sim.hal.SimFlash;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A deterministic sequence of key-store updates (write, delete, factory reset) with the expected content after
 * each one, replayable on a fresh {@link SimFlash} so a power cut can be injected at any operation.
 */
final class KeyStoreScenario {
    static final int SECTORS = 4;
    static final int SECTOR_SIZE = 2048;
    static final int UNIT = 16;
    static final int MAX_RECORD = 320;
    static final int MAX_TYPES = 12;
    /** Written after every reboot to check the store still takes writes; never used by the scenario. */
    static final int PROBE_TYPE = 0x7FF0;

    /** type > 0 and value == null: delete; reset: factory reset. */
    record Step(String name, int type, byte[] value, boolean reset) {
    }

    final List<Step> steps = new ArrayList<>();
    /** states.get(i) = content after step i (1-based); states.get(0) = empty store. */
    final List<Map<Integer, String>> states = new ArrayList<>();
    final TreeSet<Integer> universe = new TreeSet<>();
    /** Run as the event loop does: writes never erase, maintain() steps (an idle iteration) after each update. */
    boolean idleMaintenance;

    KeyStoreScenario() {
        states.add(new TreeMap<>());
        universe.add(PROBE_TYPE);
    }

    KeyStoreScenario write(int type, byte[] value) {
        return add(new Step("write type " + type + " (" + value.length + " B)", type, value.clone(), false));
    }

    KeyStoreScenario delete(int type) {
        return add(new Step("delete type " + type, type, null, false));
    }

    /** Runs the steps in idle-maintenance mode (see {@link #idleMaintenance}). */
    KeyStoreScenario idle() {
        idleMaintenance = true;
        return this;
    }

    KeyStoreScenario reset() {
        return add(new Step("factory reset", 0, null, true));
    }

    private KeyStoreScenario add(Step step) {
        TreeMap<Integer, String> next = new TreeMap<>(states.get(states.size() - 1));
        if (step.reset) {
            next.clear();
        } else if (step.value == null) {
            next.remove(step.type);
        } else {
            next.put(step.type, HexFormat.of().formatHex(step.value));
        }
        if (step.type > 0) {
            universe.add(step.type);
        }
        steps.add(step);
        states.add(next);
        return this;
    }

    static FlashKeyStore newStore(SimFlash flash) {
        return new FlashKeyStore(flash, 0, SECTORS, MAX_RECORD, MAX_TYPES);
    }

    static SimFlash newFlash(long seed) {
        return new SimFlash(SECTORS, SECTOR_SIZE, UNIT, seed);
    }

    /**
     * Mounts a store on {@code flash} and runs every step; {@code progress[0]} is the step under way (0 = the
     * first mount). A power cut propagates as {@link io.tailnode.sim.hal.PowerCut}.
     */
    FlashKeyStore run(SimFlash flash, int[] progress) {
        progress[0] = 0;
        FlashKeyStore store = newStore(flash);
        expectOk("mount", store.mount());
        store.setIdleMaintenance(idleMaintenance);
        for (int i = 0; i < steps.size(); i++) {
            progress[0] = i + 1;
            Step s = steps.get(i);
            int rc = s.reset ? store.factoryReset()
                    : s.value == null ? store.delete(s.type) : store.write(s.type, s.value, 0, s.value.length);
            expectOk(s.name, rc);
            for (int steps = 0; idleMaintenance && steps < SECTORS + 1; steps++) {
                int m = store.maintain();
                if (m < 0) {
                    throw new IllegalStateException("maintain after " + s.name + " returned " + m);
                }
                if (m == 0) {
                    break;
                }
            }
        }
        return store;
    }

    static void expectOk(String what, int rc) {
        if (rc != HalStatus.OK) {
            throw new IllegalStateException(what + " returned " + rc);
        }
    }

    /** Every type of the universe that the store holds, as hex. */
    Map<Integer, String> readAll(FlashKeyStore store) {
        TreeMap<Integer, String> out = new TreeMap<>();
        byte[] buf = new byte[MAX_RECORD];
        for (int type : universe) {
            int n = store.read(type, buf, 0, buf.length);
            if (n >= 0) {
                out.put(type, HexFormat.of().formatHex(buf, 0, n));
            } else if (n != RecordStore.NOT_FOUND) {
                out.put(type, "error " + n);
            }
        }
        return out;
    }

    /** Deterministic test bytes. */
    static byte[] bytes(int len, int seed) {
        byte[] b = new byte[len];
        int x = seed * 0x9E3779B1 + 0x7F4A7C15;
        for (int i = 0; i < len; i++) {
            x ^= x << 13;
            x ^= x >>> 17;
            x ^= x << 5;
            b[i] = (byte) x;
        }
        return b;
    }
}
