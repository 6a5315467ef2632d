package io.tailnode.sim.keystore;

import io.tailnode.firmware.hal.HalStatus;
import io.tailnode.firmware.keystore.FlashKeyStore;
import io.tailnode.firmware.keystore.KeyStoreLayout;
import io.tailnode.firmware.keystore.RecordTypes;
import io.tailnode.sim.hal.SimFlash;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static io.tailnode.sim.keystore.KeyStoreScenario.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A bit flip in a committed record is detected and the previous good record of that type is used. */
class KeyStoreBitFlipTest {
    private static final byte[] OLD = bytes(32, 1);
    private static final byte[] NEW = bytes(32, 2);
    private static final byte[] OTHER = bytes(40, 3);

    /** Flash with NODE_KEY = OLD, then NEW, then a later record of another type; returns NEW's address. */
    private static int prepare(SimFlash flash) {
        FlashKeyStore s = KeyStoreScenario.newStore(flash);
        assertEquals(HalStatus.OK, s.mount());
        assertEquals(HalStatus.OK, s.write(RecordTypes.NODE_KEY, OLD, 0, 32));
        int newAt = s.layout().sectorAddress(s.liveSector()) + s.layout().sectorSize - s.freeBytes();
        assertEquals(HalStatus.OK, s.write(RecordTypes.NODE_KEY, NEW, 0, 32));
        assertEquals(HalStatus.OK, s.write(RecordTypes.REGISTRATION, OTHER, 0, OTHER.length));
        return newAt;
    }

    @Test
    void everySingleBitFlipOfTheLatestRecordFallsBackToThePreviousOne() {
        KeyStoreLayout layout = KeyStoreScenario.newStore(KeyStoreScenario.newFlash(0)).layout();
        int footprint = layout.footprint(32);
        int checked = 0;
        int padBits = 0;
        for (int byteIndex = 0; byteIndex < footprint; byteIndex++) {
            for (int bit = 0; bit < 8; bit++) {
                SimFlash flash = KeyStoreScenario.newFlash(0);
                int at = prepare(flash);
                flash.flipBit(at + byteIndex, bit);
                FlashKeyStore s = KeyStoreScenario.newStore(flash);
                assertEquals(HalStatus.OK, s.mount());
                byte[] buf = new byte[64];
                assertEquals(32, s.read(RecordTypes.NODE_KEY, buf, 0, buf.length));
                boolean inPad = byteIndex >= 16 + 32 + 16 && byteIndex < layout.bodyLength(32);
                // The pad after the check carries nothing: a flip there leaves the (intact) new value.
                assertArrayEquals(inPad ? NEW : OLD, Arrays.copyOf(buf, 32), "flip at byte " + byteIndex + " bit " + bit);
                padBits += inPad ? 1 : 0;
                assertEquals(OTHER.length, s.read(RecordTypes.REGISTRATION, buf, 0, buf.length),
                        "the record after the flipped one is still found");
                assertArrayEquals(OTHER, Arrays.copyOf(buf, OTHER.length));
                checked++;
            }
        }
        System.out.printf("[bit-flip] %d single-bit flips in one %d-byte record: all detected (%d in padding,"
                + " harmless)%n", checked, footprint, padBits);
    }

    @Test
    void flipAfterMountIsCaughtByReadAndFallsBack() {
        SimFlash flash = KeyStoreScenario.newFlash(0);
        int at = prepare(flash);
        FlashKeyStore s = KeyStoreScenario.newStore(flash);
        assertEquals(HalStatus.OK, s.mount());
        flash.flipBit(at + 16 + 5, 3); // in the payload
        byte[] buf = new byte[64];
        assertEquals(32, s.read(RecordTypes.NODE_KEY, buf, 0, buf.length));
        assertArrayEquals(OLD, Arrays.copyOf(buf, 32));
    }

    @Test
    void randomMultiBitDamageNeverYieldsAWrongValue() {
        Random rnd = new Random(7);
        for (int trial = 0; trial < 300; trial++) {
            SimFlash flash = KeyStoreScenario.newFlash(0);
            int at = prepare(flash);
            int flips = 1 + rnd.nextInt(8);
            for (int i = 0; i < flips; i++) {
                flash.flipBit(at + 16 + rnd.nextInt(32 + 16), rnd.nextInt(8)); // payload and check
            }
            FlashKeyStore s = KeyStoreScenario.newStore(flash);
            assertEquals(HalStatus.OK, s.mount());
            byte[] buf = new byte[64];
            assertEquals(32, s.read(RecordTypes.NODE_KEY, buf, 0, buf.length));
            byte[] got = Arrays.copyOf(buf, 32);
            assertTrue(Arrays.equals(got, OLD) || Arrays.equals(got, NEW), "trial " + trial);
        }
    }
}
