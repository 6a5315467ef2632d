package io.tailnode.firmware.keystore;

import io.tailnode.firmware.hal.HalStatus;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The record/sector format and the RecordStore contract on a plain RAM flash (power cuts: simulator-tests). */
class FlashKeyStoreTest {
    private static byte[] value(int len, int seed) {
        byte[] b = new byte[len];
        for (int i = 0; i < len; i++) {
            b[i] = (byte) (seed * 31 + i * 7);
        }
        return b;
    }

    private static FlashKeyStore mounted(RamFlash flash, int first, int count) {
        FlashKeyStore s = new FlashKeyStore(flash, first, count, 256, 8);
        assertEquals(HalStatus.OK, s.mount());
        return s;
    }

    @Test
    void writeReadOverwriteDeleteAndRemount() {
        RamFlash flash = new RamFlash(4, 1024, 16);
        FlashKeyStore s = mounted(flash, 0, 4);
        byte[] buf = new byte[256];
        assertEquals(RecordStore.NOT_FOUND, s.read(RecordTypes.NODE_KEY, buf, 0, buf.length));
        assertEquals(HalStatus.OK, s.write(RecordTypes.NODE_KEY, value(32, 1), 0, 32));
        assertEquals(HalStatus.OK, s.write(RecordTypes.NODE_KEY, value(32, 2), 0, 32));
        assertEquals(HalStatus.OK, s.write(RecordTypes.REGISTRATION, new byte[0], 0, 0));
        assertEquals(32, s.read(RecordTypes.NODE_KEY, buf, 0, buf.length));
        assertArrayEquals(value(32, 2), Arrays.copyOf(buf, 32));
        assertEquals(0, s.read(RecordTypes.REGISTRATION, buf, 0, buf.length));

        FlashKeyStore again = mounted(flash, 0, 4);
        assertEquals(32, again.read(RecordTypes.NODE_KEY, buf, 3, 32));
        assertArrayEquals(value(32, 2), Arrays.copyOfRange(buf, 3, 35));
        assertEquals(HalStatus.OK, again.delete(RecordTypes.NODE_KEY));
        assertEquals(RecordStore.NOT_FOUND, again.delete(RecordTypes.NODE_KEY));
        assertEquals(RecordStore.NOT_FOUND, again.read(RecordTypes.NODE_KEY, buf, 0, buf.length));
        assertEquals(RecordStore.NOT_FOUND, mounted(flash, 0, 4).read(RecordTypes.NODE_KEY, buf, 0, buf.length));
    }

    @Test
    void errorCodes() {
        RamFlash flash = new RamFlash(2, 1024, 8);
        FlashKeyStore s = new FlashKeyStore(flash, 0, 2, 256, 2);
        byte[] buf = new byte[300];
        assertEquals(FlashKeyStore.NOT_MOUNTED, s.write(1, buf, 0, 1));
        assertEquals(FlashKeyStore.NOT_MOUNTED, s.read(1, buf, 0, 1));
        assertEquals(HalStatus.OK, s.mount());
        assertEquals(RecordStore.TOO_LARGE, s.write(1, buf, 0, 257));
        assertEquals(HalStatus.ERR_RANGE, s.write(0, buf, 0, 1));
        assertEquals(HalStatus.ERR_RANGE, s.write(0xFFFF, buf, 0, 1));
        assertEquals(HalStatus.OK, s.write(1, buf, 0, 40));
        assertEquals(RecordStore.BUFFER_TOO_SMALL, s.read(1, buf, 0, 39));
        assertEquals(HalStatus.OK, s.write(2, buf, 0, 1));
        assertEquals(RecordStore.FULL, s.write(3, buf, 0, 1), "index holds 2 types");
        // Live data that cannot fit one sector beside the new version (old + new must both fit): FULL, old kept.
        RamFlash big = new RamFlash(2, 1024, 8);
        FlashKeyStore b = new FlashKeyStore(big, 0, 2, 256, 4);
        assertEquals(HalStatus.OK, b.mount());
        for (int t = 1; t <= 3; t++) {
            assertEquals(HalStatus.OK, b.write(t, value(256, t), 0, 256));
        }
        assertEquals(RecordStore.FULL, b.write(1, value(256, 9), 0, 256));
        assertEquals(256, b.read(1, buf, 0, buf.length));
        assertArrayEquals(value(256, 1), Arrays.copyOf(buf, 256));
        assertEquals(HalStatus.OK, b.write(1, value(50, 9), 0, 50), "a smaller one fits after GC (old 888 live + 96 new <= 992)");
        assertThrows(IllegalArgumentException.class, () -> new FlashKeyStore(flash, 0, 1, 16, 2));
        assertThrows(IllegalArgumentException.class, () -> new FlashKeyStore(flash, 0, 2, 2000, 2));
    }

    @Test
    void byteLayoutOfVersion1() {
        RamFlash flash = new RamFlash(2, 1024, 16);
        FlashKeyStore s = mounted(flash, 0, 2);
        int live = s.liveSector() * 1024;
        assertEquals('T', flash.data[live]);
        assertEquals('N', flash.data[live + 1]);
        assertEquals('K', flash.data[live + 2]);
        assertEquals('S', flash.data[live + 3]);
        assertEquals(KeyStoreLayout.FORMAT_VERSION, flash.data[live + 4]);
        assertEquals(4, flash.data[live + 5], "log2 of the 16-byte program unit");
        assertEquals(1, flash.data[live + 8], "first erase");
        assertEquals('E', flash.data[live + 16], "erase-complete mark in its own unit");
        assertEquals(1, flash.data[live + 32], "activation: sector sequence 1");
        assertEquals(HalStatus.OK, s.write(0x1234, value(5, 3), 0, 5));
        int r = live + 48;
        assertEquals(0x6B, flash.data[r] & 0xFF);
        assertEquals(KeyStoreLayout.RECORD_VERSION, flash.data[r + 1]);
        assertEquals(0x34, flash.data[r + 2] & 0xFF);
        assertEquals(0x12, flash.data[r + 3] & 0xFF);
        assertEquals(5, flash.data[r + 4]);
        assertEquals(0, flash.data[r + 6], "flags: value");
        assertEquals(1, flash.data[r + 8], "first record sequence");
        assertArrayEquals(value(5, 3), Arrays.copyOfRange(flash.data, r + 16, r + 21));
        // body = 16 + 5 + 16 = 37 -> 48 bytes; commit unit = first 16 bytes of the check.
        assertArrayEquals(Arrays.copyOfRange(flash.data, r + 21, r + 37), Arrays.copyOfRange(flash.data, r + 48, r + 64));
        assertEquals(-1, flash.data[r + 37], "pad is 0xFF");
        assertEquals(1024 - 48 - 64, s.freeBytes());
    }

    @Test
    void storeUsesOnlyItsSectorRange() {
        RamFlash flash = new RamFlash(6, 512, 8);
        FlashKeyStore s = mounted(flash, 2, 3);
        for (int i = 0; i < 200; i++) {
            assertEquals(HalStatus.OK, s.write(1 + i % 3, value(20 + i % 50, i), 0, 20 + i % 50));
        }
        assertEquals(0, flash.erases[0] + flash.erases[1] + flash.erases[5]);
        for (int a = 0; a < 1024; a++) {
            assertEquals(-1, flash.data[a]);
        }
        assertTrue(flash.erases[2] > 5 && flash.erases[3] > 5 && flash.erases[4] > 5);
    }

    @Test
    void newerFormatIsLeftAlone() {
        RamFlash flash = new RamFlash(2, 512, 8);
        mounted(flash, 0, 2);
        // Forge a version-2 header with a valid check: the store must refuse, not wipe.
        byte[] h = new byte[16];
        System.arraycopy(flash.data, 0, h, 0, 16);
        h[4] = 2;
        io.tailnode.lang.Bytes.putIntLE(h, 12, new IntegrityCheck().shortCheck(h, 0, 12));
        System.arraycopy(h, 0, flash.data, 0, 16);
        byte[] image = flash.data.clone();
        assertEquals(FlashKeyStore.UNSUPPORTED_FORMAT, new FlashKeyStore(flash, 0, 2, 64, 4).mount());
        assertArrayEquals(image, flash.data);
        FlashKeyStore s = new FlashKeyStore(flash, 0, 2, 64, 4);
        assertEquals(HalStatus.OK, s.factoryReset(), "reset is the way out");
        assertEquals(HalStatus.OK, s.write(1, h, 0, 4));
        assertEquals(HalStatus.OK, new FlashKeyStore(flash, 0, 2, 64, 4).mount());
    }
}
