package io.tailnode.firmware.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.crypto.X25519;
import io.tailnode.firmware.hal.Flash;
import io.tailnode.firmware.hal.HalStatus;
import io.tailnode.firmware.hal.LogSink;
import io.tailnode.firmware.hal.Watchdog;
import io.tailnode.firmware.keystore.FlashKeyStore;
import io.tailnode.firmware.log.LogEvents;
import io.tailnode.firmware.log.LogLevel;
import io.tailnode.firmware.log.Logger;
import io.tailnode.firmware.loop.TunnelLoopAllocationTest.CountingRandom;
import io.tailnode.firmware.loop.TunnelLoopAllocationTest.ManualClock;
import io.tailnode.firmware.loop.TunnelLoopAllocationTest.MemTransport;
import io.tailnode.firmware.loop.TunnelLoopAllocationTest.Pipe;
import io.tailnode.firmware.loop.TunnelLoopAllocationTest.StepTai;
import io.tailnode.firmware.services.DeviceServices;
import io.tailnode.firmware.services.DeviceStatus;
import io.tailnode.firmware.services.ServicesConfig;
import io.tailnode.ip.wire.InetChecksum;
import io.tailnode.wg.SourceAddress;
import io.tailnode.wg.WgDeviceConfig;
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
    private static final byte[] A = {100, 64, 0, 1};
    private static final byte[] B = {100, 64, 0, 2};
    private static final LogSink NULL_SINK = new LogSink() {
        @Override
        public int write(byte[] line, int off, int len) {
            return HalStatus.OK;
        }
    };

    private final ManualClock clock = new ManualClock();

    /** RAM NOR flash whose erase advances the manual clock by ERASE_MS and is counted. */
    static final class TimedFlash implements Flash {
        final byte[] data;
        final ManualClock clock;
        int erases;

        TimedFlash(ManualClock clock, int sectors) {
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

    private DeviceServices services(WireGuardDevice wg, byte[] addr, DeviceStatus status) {
        ServicesConfig sc = new ServicesConfig();
        sc.ip.mtu = 1420;
        byte[] secret = new byte[32];
        secret[0] = addr[3];
        DeviceServices s = new DeviceServices(sc, secret, 0, status);
        s.setAddressV4(addr, 0);
        return s;
    }

    private static WireGuardDevice wg(byte[] priv, byte[] peerPub, byte[] addr, byte[] peerAddr) {
        WgDeviceConfig c = new WgDeviceConfig();
        c.maxPeers = 2;
        CountingRandom r = new CountingRandom(addr[3]);
        WireGuardDevice wg = new WireGuardDevice(priv, 0, c, new X25519(), r, r, new StepTai());
        int slot = wg.addPeer(peerPub, 0, null, 0, 0);
        wg.addAllowedIp(slot, peerAddr, 0, 4, 32);
        byte[] ep = new byte[7];
        SourceAddress.ipv4(ep, 0, new byte[] {(byte) 198, 18, 0, peerAddr[3]}, 0, 51820);
        wg.setEndpoint(slot, ep, 0, 7);
        return wg;
    }

    private static byte[] ping(byte[] src, byte[] dst, int id) {
        byte[] p = new byte[28 + 16];
        p[0] = 0x45;
        p[3] = (byte) p.length;
        p[8] = 64;
        p[9] = 1;
        System.arraycopy(src, 0, p, 12, 4);
        System.arraycopy(dst, 0, p, 16, 4);
        int h = InetChecksum.of(p, 0, 20);
        p[10] = (byte) (h >>> 8);
        p[11] = (byte) h;
        p[20] = 8;
        p[24] = (byte) (id >>> 8);
        p[25] = (byte) id;
        int c = InetChecksum.of(p, 20, p.length - 20);
        p[22] = (byte) (c >>> 8);
        p[23] = (byte) c;
        return p;
    }

    @Test
    void noEraseInThePacketPathMaintenanceWhenIdleOneKickPerIteration() {
        X25519 x = new X25519();
        byte[] privA = new byte[32];
        byte[] privB = new byte[32];
        for (int i = 0; i < 32; i++) {
            privA[i] = (byte) (i + 1);
            privB[i] = (byte) (101 + i);
        }
        byte[] pubA = new byte[32];
        byte[] pubB = new byte[32];
        x.publicKey(pubA, 0, privA, 0);
        x.publicKey(pubB, 0, privB, 0);
        Pipe aToB = new Pipe(256);
        Pipe bToA = new Pipe(256);
        Logger log = new Logger(NULL_SINK, LogEvents.TAGS, 120, LogLevel.INFO, 5, 1000);

        WireGuardDevice wgA = wg(privA, pubB, A, B);
        DeviceStatus statusA = new DeviceStatus(wgA, clock, "a", "power-on");
        DeviceServices sa = services(wgA, A, statusA);
        TimedFlash flash = new TimedFlash(clock, 4);
        FlashKeyStore store = new FlashKeyStore(flash, 0, 4, 256, 8);
        assertEquals(HalStatus.OK, store.mount());
        WritingHook hook = new WritingHook(store);
        sa.setHook(hook);
        final TunnelLoop a = new TunnelLoop(wgA, new MemTransport(bToA, aToB, 1), clock, null, sa, log, 1420, 50,
                null);
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

        WireGuardDevice wgB = wg(privB, pubA, B, A);
        TunnelLoop b = new TunnelLoop(wgB, new MemTransport(aToB, bToA, 2), clock, null,
                services(wgB, B, new DeviceStatus(wgB, clock, "b", "power-on")), log, 1420, 50, null);

        int packetIterations = 0;
        int erasesBefore = flash.erases;
        for (int step = 0; step < 600; step++) {
            clock.now++;
            if (step % 3 == 0) {
                a.sendInner(ping(A, B, step), 0, 44);
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
        WireGuardDevice wgA = wg(priv, peer, A, B);
        DeviceStatus status = new DeviceStatus(wgA, clock, "a", "power-on");
        DeviceServices sa = services(wgA, A, status);
        final long[] nextDue = {Long.MAX_VALUE};
        sa.setHook(new LoopHook() {
            public void onIteration(long nowMs) {
            }

            public long nextDeadline(long nowMs) {
                return nextDue[0];
            }
        });
        Logger log = new Logger(NULL_SINK, LogEvents.TAGS, 120, LogLevel.INFO, 5, 1000);
        TunnelLoop a = new TunnelLoop(wgA, new MemTransport(new Pipe(4), new Pipe(4), 1), clock, null, sa, log, 1420,
                50, null);
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
