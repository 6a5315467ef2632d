package io.tailnode.firmware.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.crypto.X25519;
import io.tailnode.firmware.hal.Flash;
import io.tailnode.firmware.hal.HalStatus;
import io.tailnode.firmware.hal.Watchdog;
import io.tailnode.firmware.keystore.FlashKeyStore;
import io.tailnode.firmware.log.Logger;
import io.tailnode.firmware.services.DeviceServices;
import io.tailnode.firmware.services.DeviceStatus;
import io.tailnode.wg.WireGuardDevice;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The loop's real-time rules with a key store that is written in every iteration (the worst case of packet-path
 * writes, e.g. clock floor renewals during handshakes) on a flash whose erase takes {@link #ERASE_MS} of the
 * manual clock: no erase happens in an iteration that processed a datagram, maintenance runs in idle iterations
 * (never with a deadline due within its worst case), the watchdog is kicked exactly once per completed
 * iteration, and the longest iteration (an erase) is what the loop and the status page report.
 */
class RealTimeLoopTest {
    private static final int ERASE_MS = 30;
    private static final int WORST_MS = 40;
    private static final byte[] A = LoopPair.A;
    private static final byte[] B = LoopPair.B;
    private final LoopPair pair = new LoopPair(256);
    private final LoopPair.ManualClock clock = pair.clock;

    /** RAM NOR flash whose erase advances the manual clock by ERASE_MS and is counted. */
    static final class TimedFlash implements Flash {
        final byte[] data;
        final LoopPair.ManualClock clock;
        int erases;

        TimedFlash(LoopPair.ManualClock clock, int sectors) {
            this.clock = clock;
            data = new byte[sectors * 4096];
            Arrays.fill(data, (byte) 0xFF);
        }

        public int sectorCount() {
            return data.length / 4096;
        }

        public int sectorSize() {
            return 4096;
        }

        public int programUnit() {
            return 16;
        }

        public int read(int address, byte[] buf, int off, int len) {
            System.arraycopy(data, address, buf, off, len);
            return HalStatus.OK;
        }

        public int program(int address, byte[] buf, int off, int len) {
            for (int i = 0; i < len; i++) {
                if (data[address + i] != (byte) 0xFF) {
                    return HalStatus.ERR_NOT_ERASED;
                }
            }
            System.arraycopy(buf, off, data, address, len);
            return HalStatus.OK;
        }

        public int erase(int sector) {
            erases++;
            clock.now += ERASE_MS;
            Arrays.fill(data, sector * 4096, (sector + 1) * 4096, (byte) 0xFF);
            return HalStatus.OK;
        }
    }

    static final class CountingWatchdog implements Watchdog {
        int kicks;

        public void kick() {
            kicks++;
        }

        public int timeoutMillis() {
            return 4000;
        }
    }

    /** Writes one 64-byte record per iteration, as a busy packet path might. */
    static final class WritingHook implements LoopHook {
        final FlashKeyStore store;
        final byte[] value = new byte[64];
        int accepted;
        int deferred;

        WritingHook(FlashKeyStore store) {
            this.store = store;
        }

        public void onIteration(long nowMs) {
            value[0]++;
            int rc = store.write(1 + (value[0] & 3), value, 0, value.length);
            if (rc == HalStatus.OK) {
                accepted++;
            } else if (rc == FlashKeyStore.ERASE_PENDING) {
                deferred++;
            }
        }

        public long nextDeadline(long nowMs) {
            return Long.MAX_VALUE;
        }
    }

    @Test
    void noEraseInThePacketPathMaintenanceWhenIdleOneKickPerIteration() {
        Logger log = LoopPair.logger();

        WireGuardDevice wgA = pair.wgA();
        DeviceStatus statusA = new DeviceStatus(wgA, clock, "a", "power-on");
        DeviceServices sa = LoopPair.services(1, statusA);
        TimedFlash flash = new TimedFlash(clock, 4);
        FlashKeyStore store = new FlashKeyStore(flash, 0, 4, 256, 8);
        assertEquals(HalStatus.OK, store.mount());
        WritingHook hook = new WritingHook(store);
        sa.setHook(hook);
        final TunnelLoop a = new TunnelLoop(wgA, pair.transportA(), clock, null, sa, log, LoopPair.MTU, 50, null);
        final FlashMaintenance maintenance = new FlashMaintenance(store, WORST_MS);
        final int[] idleCalls = new int[1];
        final int[] tooClose = new int[1];
        a.setIdleWork(new IdleWork() {
            public int runIdle(long nowMs) {
                idleCalls[0]++;
                long d = Math.min(a.device().nextDeadline(), a.services().nextDeadline(nowMs));
                if (d != Long.MAX_VALUE && d - nowMs <= WORST_MS) {
                    tooClose[0]++;
                }
                return maintenance.runIdle(nowMs);
            }

            public boolean pending() {
                return maintenance.pending();
            }

            public int worstCaseMillis() {
                return maintenance.worstCaseMillis();
            }
        });
        CountingWatchdog dog = new CountingWatchdog();
        a.setWatchdog(dog);
        statusA.attachLoopTiming(a.timing());

        WireGuardDevice wgB = pair.wgB();
        TunnelLoop b = new TunnelLoop(wgB, pair.transportB(), clock, null,
                LoopPair.services(2, new DeviceStatus(wgB, clock, "b", "power-on")), log, LoopPair.MTU, 50, null);

        int packetIterations = 0;
        int erasesBefore = flash.erases;
        for (int step = 0; step < 600; step++) {
            clock.now++;
            if (step % 3 == 0) {
                a.sendInner(LoopPair.ping(A, B, step), 0, 44);
            }
            b.runOnce();
            long in = a.datagramsIn();
            int erases = flash.erases;
            assertEquals(TunnelLoop.RUNNING, a.runOnce());
            if (a.datagramsIn() > in) {
                packetIterations++;
                assertEquals(erases, flash.erases, "erase in an iteration that processed a datagram (step " + step + ")");
            }
        }
        assertTrue(packetIterations > 100, "pings were answered: " + packetIterations);
        assertTrue(sa.ip().receivedCount() > 100, "echo replies reached A");
        assertTrue(flash.erases - erasesBefore > 5, "maintenance erased in idle iterations: " + (flash.erases - erasesBefore));
        assertTrue(a.idleSteps() > 5);
        assertEquals(0, a.idleErrors());
        assertEquals(0, tooClose[0], "idle work ran with a deadline due within its worst case");
        assertTrue(hook.accepted > 500, "writes went through: " + hook.accepted + " (deferred " + hook.deferred + ")");
        assertEquals(hook.deferred, store.deferredWrites());

        assertEquals(a.iterations(), dog.kicks, "one kick per completed iteration");
        assertEquals(a.iterations(), a.timing().iterations());
        assertEquals(ERASE_MS, a.timing().longestMs(), "the longest iteration is an idle erase");
        assertEquals(ERASE_MS, statusA.loopLongestIterationMs());
        long inFifty = 0;
        for (int i = 0; i < statusA.loopBucketCount(); i++) {
            if (statusA.loopBucketUpperMs(i) == 50) {
                inFifty = statusA.loopBucketIterations(i);
            }
        }
        assertEquals(flash.erases - erasesBefore, inFifty, "every erasing iteration is in the (20, 50] ms bucket");
    }

    /** Idle work that always has something to do and records when it ran. */
    static final class AlwaysPending implements IdleWork {
        int runs;

        public int runIdle(long nowMs) {
            runs++;
            return 1;
        }

        public boolean pending() {
            return true;
        }

        public int worstCaseMillis() {
            return 1000;
        }
    }

    @Test
    void idleWorkWaitsForRoomBeforeTheNextDeadlineButNotForever() {
        byte[] priv = new byte[32];
        priv[0] = 9;
        byte[] peer = new byte[32];
        new X25519().publicKey(peer, 0, new byte[] {7, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18,
            19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31}, 0);
        WireGuardDevice wgA = LoopPair.wg(priv, peer, 1, 2);
        DeviceStatus status = new DeviceStatus(wgA, clock, "a", "power-on");
        DeviceServices sa = LoopPair.services(1, status);
        final long[] nextDue = {Long.MAX_VALUE};
        sa.setHook(new LoopHook() {
            public void onIteration(long nowMs) {
            }

            public long nextDeadline(long nowMs) {
                return nextDue[0];
            }
        });
        TunnelLoop a = new TunnelLoop(wgA, new LoopPair.MemTransport(new LoopPair.Pipe(4), new LoopPair.Pipe(4), 1),
                clock, null, sa, LoopPair.logger(), LoopPair.MTU, 50, null);
        AlwaysPending work = new AlwaysPending();
        a.setIdleWork(work);
        CountingWatchdog dog = new CountingWatchdog();
        a.setWatchdog(dog);

        a.runOnce();
        assertEquals(1, work.runs, "nothing due: runs");
        // A deadline always 500 ms ahead, within the 1000 ms worst case: held back...
        long start = clock.now;
        while (clock.now - start < TunnelLoop.MAX_IDLE_DELAY_MS - 1000) {
            clock.now += 100;
            nextDue[0] = clock.now + 1 + 500;
            a.runOnce();
        }
        assertEquals(1, work.runs, "held back while a deadline is close");
        // ...but not for longer than MAX_IDLE_DELAY_MS: then it runs anyway, counted.
        for (int i = 0; i < 30; i++) {
            clock.now += 100;
            nextDue[0] = clock.now + 1 + 500;
            a.runOnce();
        }
        assertEquals(2, work.runs);
        assertEquals(1, a.idleForced());
        assertEquals(a.iterations(), dog.kicks);
    }
}
