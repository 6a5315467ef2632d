package io.tailnode.firmware;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.crypto.X25519;
import io.tailnode.firmware.config.DeviceConfig;
import io.tailnode.firmware.hal.Clock;
import io.tailnode.firmware.hal.Entropy;
import io.tailnode.firmware.hal.HalStatus;
import io.tailnode.firmware.keystore.MemoryRecordStore;
import io.tailnode.firmware.keystore.RecordTypes;
import io.tailnode.firmware.log.LogEvents;
import io.tailnode.firmware.log.Logger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DevicePlatformTest {
    private final MemoryRecordStore store = new MemoryRecordStore();
    private final List<String> lines = new ArrayList<>();

    private static final class TestClock implements Clock {
        long mono;
        long wall = 1_800_000_000_000L;
        boolean trusted = true;

        @Override
        public long monotonicMillis() {
            return mono;
        }

        @Override
        public long wallMillis() {
            return wall;
        }

        @Override
        public boolean wallTrusted() {
            return trusted;
        }

        @Override
        public void setWallMillis(long unixMillis) {
            wall = unixMillis;
            trusted = true;
        }
    }

    private static Entropy good(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        return (buf, off, len) -> {
            for (int i = 0; i < len; i++) {
                buf[off + i] = (byte) r.nextInt(256);
            }
            return len;
        };
    }

    private DevicePlatform platform(Entropy entropy) {
        Logger log = new Logger((line, off, len) -> {
            lines.add(new String(line, off, len, StandardCharsets.US_ASCII));
            return HalStatus.OK;
        }, LogEvents.TAGS, 120, 3, 5, 1000);
        return new DevicePlatform(store, entropy, new TestClock(), log, new DeviceConfig(), 1_767_225_600_000L);
    }

    @Test
    void firstBootCreatesKeysAndLaterBootsKeepThem() {
        DevicePlatform first = platform(good(1));
        assertEquals(HalStatus.OK, first.boot());
        assertTrue(lines.stream().anyMatch(l -> l.contains("KEYS_CREATED")), lines::toString);
        byte[] node = new byte[32];
        byte[] machine = new byte[32];
        assertEquals(32, first.nodePublicKey(node, 0));
        assertEquals(32, first.machinePublicKey(machine, 0));
        assertFalse(java.util.Arrays.equals(node, machine));
        byte[] expected = new byte[32];
        new X25519().publicKey(expected, 0, store.get(RecordTypes.NODE_KEY), 0);
        assertArrayEquals(expected, node, "public key derived from the stored private key");

        lines.clear();
        DevicePlatform second = platform(good(2));
        assertEquals(HalStatus.OK, second.boot());
        assertTrue(lines.stream().anyMatch(l -> l.contains("KEYS_LOADED")), lines::toString);
        byte[] again = new byte[32];
        second.nodePublicKey(again, 0);
        assertArrayEquals(node, again, "a reboot keeps the identity");
        assertFalse(second.isProvisioned(), "no provisioning record: build defaults");
    }

    @Test
    void aFailedEntropySourceStopsBootBeforeAnyKeyIsWritten() {
        DevicePlatform p = platform((buf, off, len) -> {
            java.util.Arrays.fill(buf, off, off + len, (byte) 7); // stuck TRNG
            return len;
        });
        assertEquals(DevicePlatform.ERR_ENTROPY, p.boot());
        assertTrue(store.isEmpty(), "no key, no floor, nothing written");
        assertTrue(lines.stream().anyMatch(l -> l.contains("ENTROPY_FAILED")), lines::toString);
        byte[] out = new byte[32];
        assertEquals(MemoryRecordStore.NOT_FOUND, p.nodePublicKey(out, 0));
    }

    @Test
    void anInvalidProvisioningRecordIsLoggedAndTheDefaultsStay() {
        store.put(RecordTypes.PROVISIONING, "tnp1 hostname=bad_name! end".getBytes(StandardCharsets.US_ASCII));
        DevicePlatform p = platform(good(3));
        assertEquals(HalStatus.OK, p.boot());
        assertFalse(p.isProvisioned());
        assertTrue(lines.stream().anyMatch(l -> l.contains("PROV_REJECTED")), lines::toString);
    }
}
