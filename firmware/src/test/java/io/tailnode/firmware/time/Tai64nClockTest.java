package io.tailnode.firmware.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.crypto.Tai64n;
import io.tailnode.firmware.hal.HalStatus;
import io.tailnode.firmware.keystore.MemoryRecordStore;
import io.tailnode.firmware.keystore.RecordTypes;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Virtual-time tests: monotonic time is driven by hand, reboots are a new clock on the same store with the
 * monotonic clock restarting at 0. The invariant checked throughout: every label handed out is at most the
 * stored floor, and labels never go backwards, strictly forward across reboots.
 */
class Tai64nClockTest {
    static final long HOUR = 3_600_000L;
    static final long LEASE = HOUR;
    static final long RENEW = 5 * 60_000L;
    /** 2024-01-01T00:00:00Z: the "build time" lower bound. */
    static final long BUILD = 1_704_067_200_000L;

    final MemoryRecordStore store = new MemoryRecordStore();
    final byte[] last = new byte[12];
    final byte[] cur = new byte[12];
    boolean haveLast;

    Tai64nClock boot(long wall, boolean trusted) {
        Tai64nClock c = new Tai64nClock(new ClockFloor(store), LEASE, RENEW, BUILD);
        assertEquals(HalStatus.OK, c.boot(0, wall, trusted));
        return c;
    }

    /** Takes a timestamp and checks: not above the stored floor, not before the previous one (strictly after a reboot). */
    void stamp(Tai64nClock c, long mono, boolean firstOfBoot) {
        assertEquals(Tai64n.LENGTH, c.now(cur, 0, mono));
        long t = c.unixMillis(mono);
        assertTrue(t <= c.floorMillis(), "handed out beyond the floor");
        assertTrue(t <= storedFloor(), "stored floor covers it");
        if (haveLast) {
            int cmp = Tai64n.compare(cur, 0, last, 0);
            assertTrue(firstOfBoot ? cmp > 0 : cmp >= 0, firstOfBoot ? "not after the last boot's" : "went back");
        }
        System.arraycopy(cur, 0, last, 0, 12);
        haveLast = true;
    }

    long storedFloor() {
        byte[] f = store.get(RecordTypes.CLOCK_FLOOR);
        long v = 0;
        for (byte b : f) {
            v = v << 8 | (b & 0xFF);
        }
        return v;
    }

    @Test
    void firstBootWithoutRtcStartsAtBuildTimeAndWritesTheLeaseBeforeTheFirstStamp() {
        Tai64nClock c = boot(0, false);
        assertEquals(0, store.log().length, "boot writes nothing");
        assertEquals(BUILD, c.unixMillis(0));
        stamp(c, 10, true);
        assertEquals(1, store.writes(RecordTypes.CLOCK_FLOOR));
        assertEquals(BUILD + 10 + LEASE, storedFloor());
    }

    @Test
    void strictlyIncreasingAcross1000RebootsWithoutRtc() {
        SplittableRandom r = new SplittableRandom(2024);
        for (int boot = 0; boot < 1000; boot++) {
            Tai64nClock c = boot(0, false);
            long mono = r.nextLong(5);
            int stamps = r.nextInt(4); // some boots hand out nothing at all
            for (int i = 0; i < stamps; i++) {
                stamp(c, mono, i == 0);
                mono += r.nextLong(3 * HOUR);
                c.poll(mono);
            }
            // The uptime after the last stamp is random too; the power then goes.
        }
    }

    @Test
    void rtcThatJumpsBackwards() {
        SplittableRandom r = new SplittableRandom(7);
        long wall = BUILD + 100 * 24 * HOUR;
        for (int boot = 0; boot < 300; boot++) {
            // A trusted RTC that is right, then jumps back by up to a week, then forward again.
            long rtc = wall + (r.nextInt(3) == 0 ? -r.nextLong(7 * 24 * HOUR) : r.nextLong(HOUR));
            Tai64nClock c = boot(rtc, true);
            long mono = 0;
            for (int i = 0; i < 3; i++) {
                stamp(c, mono, i == 0);
                mono += r.nextLong(HOUR);
            }
            wall += mono + r.nextLong(HOUR);
        }
    }

    @Test
    void wallTimeSetForwardLaterAndNeverBack() {
        Tai64nClock c = boot(0, false);
        stamp(c, 0, true);
        long real = BUILD + 400L * 24 * HOUR;
        assertEquals(1, c.setWallTime(real, 1000));
        assertTrue(c.isWallTrusted());
        assertEquals(real, c.unixMillis(1000));
        long floorsBefore = store.writes(RecordTypes.CLOCK_FLOOR);
        stamp(c, 2000, false);
        assertEquals(floorsBefore + 1, store.writes(RecordTypes.CLOCK_FLOOR), "floor moved before the stamp");
        // An authenticated time that is behind does not move it back.
        assertEquals(0, c.setWallTime(real - HOUR, 3000));
        assertEquals(real + 2000, c.unixMillis(3000));
        stamp(c, 3000, false);
        // After a reboot without RTC the time continues above the floor.
        Tai64nClock next = boot(0, false);
        assertTrue(next.unixMillis(0) > real);
        stamp(next, 0, true);
    }

    @Test
    void monotonicGoingBackIsIgnored() {
        Tai64nClock c = boot(0, false);
        stamp(c, 5000, true);
        long t = c.unixMillis(5000);
        assertEquals(t, c.unixMillis(10));
        stamp(c, 10, false);
    }

    @Test
    void leaseCadenceOverAYearWithActivePeers() {
        Tai64nClock c = boot(0, false);
        long mono = 0;
        long year = 365L * 24 * HOUR;
        int stamps = 0;
        for (; mono < year; mono += 60_000) {
            if (mono % 120_000 == 0) { // a handshake initiation every 2 minutes
                stamp(c, mono, stamps == 0);
                stamps++;
            }
            c.poll(mono); // event loop housekeeping once a minute
        }
        int writes = store.writes(RecordTypes.CLOCK_FLOOR);
        // Renewed at the first poll inside the last 5 min of the lease: the floor advances by lease - renewBefore
        // + up to one poll period, 55..56 min, so 525,600 / 56 = 9,386 .. 525,600 / 55 = 9,556 writes a year.
        System.out.println("[clock] floor writes in one simulated year (lease 1 h, renew 5 min before): " + writes);
        assertTrue(writes >= 9_380 && writes <= 9_560, "writes " + writes);
        assertTrue(storedFloor() - c.unixMillis(mono) <= LEASE);
    }

    @Test
    void idleDeviceDoesNotWrite() {
        Tai64nClock c = boot(0, false);
        stamp(c, 0, true);
        for (long mono = 0; mono < 48 * HOUR; mono += 1000) {
            c.poll(mono);
        }
        assertEquals(1, store.writes(RecordTypes.CLOCK_FLOOR), "only the first stamp's lease");
    }

    @Test
    void floorWriteFailureRefusesOnlyBeyondTheFloor() {
        Tai64nClock c = boot(0, false);
        stamp(c, 0, true);
        store.failWrites(true);
        // Inside the renew window but still under the floor: served, write retried later.
        assertEquals(Tai64n.LENGTH, c.now(cur, 0, LEASE - 60_000));
        assertTrue(c.poll(LEASE - 30_000) < 0);
        // Beyond the stored floor: refused.
        assertEquals(HalStatus.ERR_IO, c.now(cur, 0, LEASE + 1));
        store.failWrites(false);
        stamp(c, LEASE + 2, false);
    }

    @Test
    void firstStampFailsIfTheFirstLeaseCannotBeWritten() {
        store.failWrites(true);
        Tai64nClock c = boot(0, false);
        assertEquals(HalStatus.ERR_IO, c.now(cur, 0, 0));
    }

    @Test
    void corruptFloorFailsClosed() {
        store.put(RecordTypes.CLOCK_FLOOR, new byte[5]);
        Tai64nClock c = new Tai64nClock(new ClockFloor(store), LEASE, RENEW, BUILD);
        assertEquals(ClockFloor.ERR_CORRUPT, c.boot(0, 0, false));
        assertEquals(Tai64nClock.ERR_NOT_BOOTED, c.now(cur, 0, 0));
        assertEquals(Long.MIN_VALUE, c.unixMillis(0));
    }

    @Test
    void whiteningBucketIsSmallerThanTheRebootStep() {
        assertTrue(Tai64nClock.REBOOT_STEP_MS * 1_000_000L > Tai64n.WHITENER_MASK + 1L);
        // Worst case: the floor at the very end of a bucket; the first stamp after reboot is in a later one.
        byte[] a = new byte[12];
        byte[] b = new byte[12];
        for (long f = BUILD; f < BUILD + 2000; f++) {
            Tai64n.encode(f, 0, true, a, 0);
            Tai64n.encode(f + Tai64nClock.REBOOT_STEP_MS, 0, true, b, 0);
            assertTrue(Tai64n.isAfter(b, 0, a, 0), "floor " + f);
        }
    }
}
