package io.tailnode.firmware.entropy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.firmware.hal.HalStatus;
import io.tailnode.firmware.keystore.MemoryRecordStore;
import io.tailnode.firmware.keystore.RecordTypes;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** First-boot key creation, no overwrite on later boots, rotation order and power cuts during rotation. */
class KeyGeneratorTest {
    private static long seed = 100;

    private static KeyGenerator boot(MemoryRecordStore store) {
        Drbg d = new Drbg(new FakeEntropy(seed++), 4, 1000, 1 << 20, false);
        assertEquals(HalStatus.OK, d.start(null, 0, 0));
        return new KeyGenerator(d, store);
    }

    private static void assertClamped(byte[] k) {
        assertEquals(32, k.length);
        assertEquals(0, k[0] & 7);
        assertEquals(0x40, k[31] & 0xC0);
        assertFalse(Arrays.equals(new byte[32], k));
    }

    @Test
    void firstBootWritesBothKeysOnceLaterBootsKeepThem() {
        MemoryRecordStore store = new MemoryRecordStore();
        int created = boot(store).ensureKeys();
        assertEquals(KeyGenerator.CREATED_MACHINE | KeyGenerator.CREATED_NODE, created);
        assertArrayEquals(new int[] {RecordTypes.MACHINE_KEY, RecordTypes.NODE_KEY}, store.log());
        byte[] machine = store.get(RecordTypes.MACHINE_KEY);
        byte[] node = store.get(RecordTypes.NODE_KEY);
        assertClamped(machine);
        assertClamped(node);
        assertFalse(Arrays.equals(machine, node));
        for (int i = 0; i < 3; i++) {
            assertEquals(0, boot(store).ensureKeys());
        }
        assertEquals(2, store.log().length, "no further writes");
        assertArrayEquals(machine, store.get(RecordTypes.MACHINE_KEY));
        assertArrayEquals(node, store.get(RecordTypes.NODE_KEY));
    }

    @Test
    void powerCutBetweenTheTwoWritesCompletesOnNextBoot() {
        MemoryRecordStore store = new MemoryRecordStore();
        store.cutAfter(1);
        assertEquals(HalStatus.ERR_IO, boot(store).ensureKeys());
        byte[] machine = store.get(RecordTypes.MACHINE_KEY);
        assertNotNull(machine);
        assertNull(store.get(RecordTypes.NODE_KEY));
        store.powerOn();
        assertEquals(KeyGenerator.CREATED_NODE, boot(store).ensureKeys());
        assertArrayEquals(machine, store.get(RecordTypes.MACHINE_KEY));
        assertClamped(store.get(RecordTypes.NODE_KEY));
    }

    @Test
    void corruptKeyIsNotOverwritten() {
        MemoryRecordStore store = new MemoryRecordStore();
        store.put(RecordTypes.MACHINE_KEY, new byte[31]);
        assertEquals(KeyGenerator.ERR_CORRUPT_KEY, boot(store).ensureKeys());
        assertEquals(0, store.log().length);
    }

    @Test
    void rotationWritesOldThenNewAndNeedsConfirmation() {
        MemoryRecordStore store = new MemoryRecordStore();
        KeyGenerator keys = boot(store);
        keys.ensureKeys();
        byte[] current = store.get(RecordTypes.NODE_KEY);
        byte[] machine = store.get(RecordTypes.MACHINE_KEY);
        store.clearLog();
        assertEquals(HalStatus.OK, keys.rotateNodeKey());
        assertArrayEquals(new int[] {RecordTypes.OLD_NODE_KEY, RecordTypes.NODE_KEY}, store.log());
        assertArrayEquals(current, store.get(RecordTypes.OLD_NODE_KEY));
        byte[] fresh = store.get(RecordTypes.NODE_KEY);
        assertClamped(fresh);
        assertFalse(Arrays.equals(current, fresh));
        assertArrayEquals(machine, store.get(RecordTypes.MACHINE_KEY));

        store.clearLog();
        assertEquals(KeyGenerator.ERR_ROTATION_PENDING, keys.rotateNodeKey());
        assertEquals(0, store.log().length);

        assertEquals(HalStatus.OK, keys.confirmRotation());
        assertNull(store.get(RecordTypes.OLD_NODE_KEY));
        assertEquals(HalStatus.OK, keys.confirmRotation());
        assertEquals(HalStatus.OK, keys.rotateNodeKey());
        assertArrayEquals(fresh, store.get(RecordTypes.OLD_NODE_KEY));
    }

    @Test
    void rotationWithoutNodeKeyOrWithFailedDrbg() {
        MemoryRecordStore store = new MemoryRecordStore();
        assertEquals(KeyGenerator.ERR_NO_NODE_KEY, boot(store).rotateNodeKey());
        boot(store).ensureKeys();
        store.clearLog();
        FakeEntropy bad = new FakeEntropy(1).mode(FakeEntropy.STUCK);
        Drbg failed = new Drbg(bad, 4, 1000, 1 << 20, false);
        failed.start(null, 0, 0);
        assertEquals(HalStatus.ERR_ENTROPY_HEALTH, new KeyGenerator(failed, store).rotateNodeKey());
        assertEquals(0, store.log().length);
    }

    /** A power cut after each write of the rotation: the current key is never lost, and a retry completes. */
    @Test
    void powerCutAtEveryPointOfRotationKeepsTheCurrentKey() {
        for (int cut = 0; cut <= 2; cut++) {
            MemoryRecordStore store = new MemoryRecordStore();
            boot(store).ensureKeys();
            byte[] current = store.get(RecordTypes.NODE_KEY);
            store.cutAfter(cut);
            int st = boot(store).rotateNodeKey();
            store.powerOn();
            byte[] node = store.get(RecordTypes.NODE_KEY);
            byte[] old = store.get(RecordTypes.OLD_NODE_KEY);
            assertTrue(Arrays.equals(current, node) || Arrays.equals(current, old), "cut " + cut);
            if (cut < 2) {
                assertEquals(HalStatus.ERR_IO, st);
                assertArrayEquals(current, node, "NODE_KEY untouched before the last write");
                // Retry after the reboot completes the rotation.
                assertEquals(HalStatus.OK, boot(store).rotateNodeKey(), "retry after cut " + cut);
                assertArrayEquals(current, store.get(RecordTypes.OLD_NODE_KEY));
                assertFalse(Arrays.equals(current, store.get(RecordTypes.NODE_KEY)));
            } else {
                assertEquals(HalStatus.OK, st);
            }
        }
    }
}
