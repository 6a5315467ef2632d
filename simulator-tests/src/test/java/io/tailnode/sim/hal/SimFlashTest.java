package io.tailnode.sim.hal;

import io.tailnode.firmware.hal.HalStatus;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The flash model itself: geometry rules, program-once, and what a cut leaves behind. */
class SimFlashTest {
    private static byte[] zeros(int n) {
        return new byte[n];
    }

    @Test
    void alignmentRangeAndProgramOnce() {
        SimFlash f = new SimFlash(2, 256, 16, 1);
        assertEquals(HalStatus.ERR_ALIGNMENT, f.program(8, zeros(16), 0, 16));
        assertEquals(HalStatus.ERR_ALIGNMENT, f.program(0, zeros(8), 0, 8));
        assertEquals(HalStatus.ERR_RANGE, f.program(512, zeros(16), 0, 16));
        assertEquals(HalStatus.OK, f.program(16, zeros(32), 0, 32));
        assertEquals(HalStatus.ERR_NOT_ERASED, f.program(32, zeros(16), 0, 16));
        assertEquals(HalStatus.OK, f.erase(0));
        assertEquals(HalStatus.OK, f.program(32, zeros(16), 0, 16));
        assertEquals(2, f.operations() - 1, "rejected calls are not operations");
    }

    @Test
    void cutInProgramTearsOneUnitThatReadsUnstablyAndStopsEverything() {
        Set<String> reads = new HashSet<>();
        for (int seed = 0; seed < 20; seed++) {
            SimFlash f = new SimFlash(1, 256, 16, 1);
            f.armCut(0, 20, seed);
            assertThrows(PowerCut.class, () -> f.program(0, zeros(48), 0, 48));
            assertThrows(PowerCut.class, () -> f.read(0, new byte[1], 0, 1));
            f.reboot();
            byte[] b = new byte[48];
            assertEquals(HalStatus.OK, f.read(0, b, 0, 48));
            assertArrayEquals(zeros(16), Arrays.copyOf(b, 16), "unit before the cut is programmed");
            byte[] ff = new byte[16];
            Arrays.fill(ff, (byte) -1);
            assertArrayEquals(ff, Arrays.copyOfRange(b, 32, 48), "unit after the cut is still erased");
            for (int r = 0; r < 4; r++) {
                f.read(16, b, 0, 16);
                reads.add(Arrays.toString(Arrays.copyOf(b, 16)));
            }
            assertEquals(HalStatus.ERR_NOT_ERASED, f.program(16, zeros(16), 0, 16), "torn unit needs an erase");
        }
        assertTrue(reads.size() > 20, "torn units read differently");
    }

    @Test
    void cutInEraseLeavesAMixOrALookalike() {
        int lookalikes = 0;
        for (int seed = 0; seed < 40; seed++) {
            SimFlash f = new SimFlash(1, 256, 16, 1);
            f.program(0, zeros(256), 0, 256);
            f.armCut(1, 100, seed);
            assertThrows(PowerCut.class, () -> f.erase(0));
            f.reboot();
            byte[] b = new byte[256];
            f.read(0, b, 0, 256);
            boolean allFF = true;
            for (byte x : b) {
                allFF &= x == (byte) -1;
            }
            lookalikes += allFF ? 1 : 0;
            for (int i = 0; i < 96; i++) {
                assertEquals(-1, b[i], "bytes before the cut offset are erased");
            }
        }
        assertTrue(lookalikes > 0 && lookalikes < 40, "some cut erases read as complete: " + lookalikes);
    }

    @Test
    void imageRoundTrip() throws Exception {
        SimFlash f = new SimFlash(2, 256, 8, 1);
        byte[] v = {1, 2, 3, 4, 5, 6, 7, 8};
        f.program(264, v, 0, 8);
        Path p = Files.createTempFile("flash", ".bin");
        f.save(p);
        SimFlash g = SimFlash.load(p, 2, 256, 8);
        byte[] b = new byte[8];
        g.read(264, b, 0, 8);
        assertArrayEquals(v, b);
        assertEquals(HalStatus.ERR_NOT_ERASED, g.program(264, v, 0, 8));
        Files.delete(p);
    }
}
