package io.tailnode.sim.keystore;

import io.tailnode.firmware.hal.HalStatus;
import io.tailnode.firmware.keystore.FlashKeyStore;
import io.tailnode.firmware.keystore.RecordTypes;
import io.tailnode.sim.hal.SimFlash;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static io.tailnode.sim.keystore.KeyStoreScenario.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Flash wear for one simulated year of the expected write rate, against a typical NOR endurance of 10,000
 * erase cycles per sector. Assumptions (stated in the output): 4 sectors x 4 KiB, 16-byte program unit (the
 * board-support issue fixes the real geometry); the clock floor (8 B) rewritten hourly; 4 node-key rotations a
 * year (old key saved, new key, registration, old key deleted); registration state rewritten weekly (100 B);
 * one boot a day; live set ~1 KiB (provisioning 300 B, machine/node/control keys, disco policy, registration).
 */
class KeyStoreWearTest {
    static final int SECTORS = 4;
    static final int SECTOR_SIZE = 4096;
    static final int ENDURANCE = 10_000;

    @Test
    void eraseCyclesPerYearAtTheExpectedWriteRate() {
        SimFlash flash = new SimFlash(SECTORS, SECTOR_SIZE, 16, 1);
        FlashKeyStore s = new FlashKeyStore(flash, 0, SECTORS, 512, 16);
        assertEquals(HalStatus.OK, s.mount());
        write(s, RecordTypes.PROVISIONING, bytes(300, 1));
        write(s, RecordTypes.MACHINE_KEY, bytes(32, 2));
        write(s, RecordTypes.NODE_KEY, bytes(32, 3));
        write(s, RecordTypes.CONTROL_KEY, bytes(32, 4));
        write(s, RecordTypes.DISCO_KEY_POLICY, bytes(33, 5));
        write(s, RecordTypes.REGISTRATION, bytes(100, 6));
        long[] start = new long[SECTORS];
        for (int i = 0; i < SECTORS; i++) {
            start[i] = flash.eraseCount(i);
        }
        int writes = 0;
        for (int hour = 0; hour < 365 * 24; hour++) {
            write(s, RecordTypes.CLOCK_FLOOR, bytes(8, hour));
            writes++;
            if (hour % (24 * 7) == 0) {
                write(s, RecordTypes.REGISTRATION, bytes(100, hour));
                writes++;
            }
            if (hour % (24 * 91) == 0) {
                write(s, RecordTypes.OLD_NODE_KEY, bytes(32, hour));
                write(s, RecordTypes.NODE_KEY, bytes(32, hour + 1));
                write(s, RecordTypes.REGISTRATION, bytes(100, hour + 2));
                assertEquals(HalStatus.OK, s.delete(RecordTypes.OLD_NODE_KEY));
                writes += 4;
            }
            if (hour % 24 == 0) {
                s = new FlashKeyStore(flash, 0, SECTORS, 512, 16);
                assertEquals(HalStatus.OK, s.mount(), "daily reboot");
            }
        }
        long[] perYear = new long[SECTORS];
        long total = 0;
        long worst = 0;
        for (int i = 0; i < SECTORS; i++) {
            perYear[i] = flash.eraseCount(i) - start[i];
            total += perYear[i];
            worst = Math.max(worst, perYear[i]);
        }
        double years = (double) ENDURANCE / worst;
        System.out.printf("[wear] 1 year = %d record writes (hourly clock floor, weekly registration, 4 key rotations,"
                        + " daily boot) on %d x %d B sectors: %d erases, per sector %s, worst %d cycles/year"
                        + " -> %.0f years to %d cycles%n", writes, SECTORS, SECTOR_SIZE, total,
                Arrays.toString(perYear), worst, years, ENDURANCE);
        assertTrue(years >= 20, "the key store must outlive a ten-year device twice over");
        long best = Arrays.stream(perYear).min().getAsLong();
        assertTrue(worst - best <= 3, "wear is spread over every sector, also across reboots");
    }

    private static void write(FlashKeyStore s, int type, byte[] v) {
        assertEquals(HalStatus.OK, s.write(type, v, 0, v.length));
    }
}
