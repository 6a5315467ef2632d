package io.tailnode.sim.keystore;

import io.tailnode.firmware.hal.HalStatus;
import io.tailnode.firmware.keystore.FlashKeyStore;
import io.tailnode.firmware.keystore.RecordStore;
import io.tailnode.firmware.keystore.RecordTypes;
import io.tailnode.sim.hal.SimFlash;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A store image written by format version 1 (src/test/resources/keystore/v1-image.bin, committed once, never
 * regenerated): every later version of the store must mount it and read the same values, without rewriting it.
 * {@link #writeImage} documents how it was made; it writes to target/ only.
 */
class V1ImageTest {
    static final int SECTORS = 4;
    static final int SECTOR_SIZE = 2048;
    static final int UNIT = 16;
    static final int UNKNOWN_TYPE = 0x4A01;
    static final long CLOCK_BASE = 1_700_000_000_000L;
    static final int CLOCK_WRITES = 41;

    static byte[] v(int len, int seed) {
        byte[] b = new byte[len];
        for (int i = 0; i < len; i++) {
            b[i] = (byte) (seed * 37 + i * 11 + (i >> 3));
        }
        return b;
    }

    static byte[] clock(int i) {
        byte[] b = new byte[8];
        long t = CLOCK_BASE + 3_600_000L * i;
        for (int k = 0; k < 8; k++) {
            b[k] = (byte) (t >>> (8 * k));
        }
        return b;
    }

    private static void w(FlashKeyStore s, int type, byte[] value) {
        assertEquals(HalStatus.OK, s.write(type, value, 0, value.length));
    }

    /** The sequence that produced the committed image (includes garbage collections). */
    @Test
    void writeImage() throws Exception {
        SimFlash flash = new SimFlash(SECTORS, SECTOR_SIZE, UNIT, 1);
        FlashKeyStore s = new FlashKeyStore(flash, 0, SECTORS, 512, 16);
        assertEquals(HalStatus.OK, s.mount());
        w(s, RecordTypes.PROVISIONING, v(200, 5));
        w(s, RecordTypes.MACHINE_KEY, v(32, 1));
        w(s, RecordTypes.NODE_KEY, v(32, 2));
        w(s, RecordTypes.CONTROL_KEY, v(32, 4));
        w(s, UNKNOWN_TYPE, v(50, 6));
        w(s, RecordTypes.REGISTRATION, v(60, 7));
        for (int i = 0; i < CLOCK_WRITES; i++) {
            w(s, RecordTypes.CLOCK_FLOOR, clock(i));
            if (i == 20) {
                w(s, RecordTypes.OLD_NODE_KEY, v(32, 2));
                w(s, RecordTypes.NODE_KEY, v(32, 3));
            }
            if (i == 30) {
                assertEquals(HalStatus.OK, s.delete(RecordTypes.OLD_NODE_KEY));
                w(s, RecordTypes.REGISTRATION, new byte[0]);
            }
        }
        Path out = Paths.get("target", "keystore", "v1-image.generated.bin");
        Files.createDirectories(out.getParent());
        flash.save(out);
    }

    @Test
    void committedV1ImageStillLoadsWithTheSameValues() throws Exception {
        Path image = Paths.get(V1ImageTest.class.getResource("/keystore/v1-image.bin").toURI());
        SimFlash flash = SimFlash.load(image, SECTORS, SECTOR_SIZE, UNIT);
        FlashKeyStore s = new FlashKeyStore(flash, 0, SECTORS, 512, 16);
        assertEquals(HalStatus.OK, s.mount());
        assertEquals(0, flash.operations(), "mounting a consistent image writes nothing");
        expect(s, RecordTypes.PROVISIONING, v(200, 5));
        expect(s, RecordTypes.MACHINE_KEY, v(32, 1));
        expect(s, RecordTypes.NODE_KEY, v(32, 3));
        expect(s, RecordTypes.CONTROL_KEY, v(32, 4));
        expect(s, UNKNOWN_TYPE, v(50, 6));
        expect(s, RecordTypes.REGISTRATION, new byte[0]);
        expect(s, RecordTypes.CLOCK_FLOOR, clock(CLOCK_WRITES - 1));
        byte[] buf = new byte[512];
        assertEquals(RecordStore.NOT_FOUND, s.read(RecordTypes.OLD_NODE_KEY, buf, 0, buf.length));
        assertEquals(RecordStore.NOT_FOUND, s.read(RecordTypes.DISCO_KEY_POLICY, buf, 0, buf.length));
        // And it keeps working as a store: a write, a collection, a remount.
        for (int i = 0; i < 40; i++) {
            w(s, RecordTypes.CLOCK_FLOOR, clock(100 + i));
        }
        FlashKeyStore again = new FlashKeyStore(flash, 0, SECTORS, 512, 16);
        assertEquals(HalStatus.OK, again.mount());
        expect(again, UNKNOWN_TYPE, v(50, 6));
        expect(again, RecordTypes.CLOCK_FLOOR, clock(139));
    }

    private static void expect(FlashKeyStore s, int type, byte[] value) {
        byte[] buf = new byte[512];
        int n = s.read(type, buf, 0, buf.length);
        assertEquals(value.length, n, "type " + type);
        assertArrayEquals(value, Arrays.copyOf(buf, n), "type " + type);
    }
}
