package io.tailnode.sim.keystore;

import io.tailnode.firmware.hal.HalStatus;
import io.tailnode.firmware.keystore.FlashKeyStore;
import io.tailnode.firmware.keystore.RecordStore;
import io.tailnode.firmware.keystore.RecordTypes;
import io.tailnode.sim.hal.SimFlash;
import org.junit.jupiter.api.Test;

import static io.tailnode.sim.keystore.KeyStoreScenario.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Factory reset forgets every value, physically: no byte sequence of an old key remains in the flash. */
class KeyStoreFactoryResetTest {
    private static boolean contains(SimFlash flash, byte[] needle) {
        int size = KeyStoreScenario.SECTORS * KeyStoreScenario.SECTOR_SIZE;
        outer:
        for (int a = 0; a + needle.length <= size; a++) {
            for (int i = 0; i < needle.length; i++) {
                if ((byte) flash.peek(a + i) != needle[i]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Test
    void resetForgetsEverythingAndWipesOldSecrets() {
        SimFlash flash = KeyStoreScenario.newFlash(0);
        FlashKeyStore s = KeyStoreScenario.newStore(flash);
        assertEquals(HalStatus.OK, s.mount());
        byte[] oldKey = bytes(32, 77);
        assertEquals(HalStatus.OK, s.write(RecordTypes.MACHINE_KEY, oldKey, 0, 32));
        for (int i = 0; i < 60; i++) { // spread copies of the key over several sectors through GC
            assertEquals(HalStatus.OK, s.write(RecordTypes.CLOCK_FLOOR, bytes(8, i), 0, 8));
            assertEquals(HalStatus.OK, s.write(0x4444, bytes(100, i), 0, 100));
        }
        assertEquals(HalStatus.OK, s.factoryReset());
        byte[] buf = new byte[64];
        assertEquals(RecordStore.NOT_FOUND, s.read(RecordTypes.MACHINE_KEY, buf, 0, buf.length));
        assertEquals(RecordStore.NOT_FOUND, s.read(0x4444, buf, 0, buf.length));
        assertFalse(contains(flash, oldKey), "old machine key still in flash");
        FlashKeyStore again = KeyStoreScenario.newStore(flash);
        assertEquals(HalStatus.OK, again.mount());
        assertEquals(RecordStore.NOT_FOUND, again.read(RecordTypes.MACHINE_KEY, buf, 0, buf.length));
        assertEquals(HalStatus.OK, again.write(RecordTypes.MACHINE_KEY, bytes(32, 78), 0, 32));
        assertEquals(32, KeyStoreScenario.newStore(flash).mount() == 0 ? 32 : -1);
    }
}
