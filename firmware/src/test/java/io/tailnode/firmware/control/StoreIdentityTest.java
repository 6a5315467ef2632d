package io.tailnode.firmware.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.firmware.config.DeviceConfig;
import io.tailnode.firmware.config.ProvisioningRecord;
import io.tailnode.firmware.entropy.Drbg;
import io.tailnode.firmware.entropy.KeyGenerator;
import io.tailnode.firmware.hal.HalStatus;
import io.tailnode.firmware.keystore.MemoryRecordStore;
import io.tailnode.firmware.keystore.RecordStore;
import io.tailnode.firmware.keystore.RecordTypes;
import io.tailnode.firmware.log.LogEvents;
import io.tailnode.firmware.log.LogLevel;
import io.tailnode.firmware.log.Logger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The control identity on the key store: registration bound to the node key, rotation keeps the old key until the
 * server accepts the new one, a single-use auth key is deleted from flash and RAM after registering, a reusable
 * one kept, the disco key fresh per boot and non-zero.
 */
class StoreIdentityTest {
    final MemoryRecordStore store = new MemoryRecordStore();
    final DeviceConfig config = new DeviceConfig();
    final java.util.SplittableRandom rnd = new java.util.SplittableRandom(7);
    final Drbg drbg = new Drbg((b, off, len) -> {
        for (int i = 0; i < len; i++) {
            b[off + i] = (byte) rnd.nextInt(256);
        }
        return len;
    }, 4, 1000, 1 << 20, false);
    final KeyGenerator keys;
    final Logger log = new Logger((b, o, l) -> 0, LogEvents.TAGS, 120, LogLevel.DEBUG, 10, 100);

    StoreIdentityTest() {
        assertEquals(HalStatus.OK, drbg.start(null, 0, 0));
        keys = new KeyGenerator(drbg, store);
        assertTrue(keys.ensureKeys() > 0);
    }

    void provision(String extra) {
        byte[] rec = ("tnp1 hostname=plc-1 control_url=http://127.0.0.1:8080 auth_key=tskey-abc" + extra + " end")
                .getBytes(StandardCharsets.US_ASCII);
        assertEquals(0, new ProvisioningRecord().store(store, rec, 0, rec.length, config));
    }

    @Test
    void registrationFollowsTheNodeKeyAndRotationKeepsTheOldKeyUntilConfirmed() {
        provision("");
        StoreIdentity id = new StoreIdentity(store, keys, drbg, config, log);
        assertFalse(id.isRegistered());
        byte[] node = new byte[32];
        assertEquals(32, id.nodePublicKey(node, 0));
        assertEquals(0, id.oldNodePublicKey(new byte[32], 0));
        byte[] k = new byte[128];
        assertEquals(9, id.authKey(k, 0, k.length));
        assertEquals("tskey-abc", new String(k, 0, 9, StandardCharsets.US_ASCII));

        assertEquals(0, id.registered());
        assertTrue(id.isRegistered());
        assertEquals(0, id.authKey(k, 0, k.length), "single-use key gone from RAM");
        byte[] rec = new byte[512];
        int n = store.read(RecordTypes.PROVISIONING, rec, 0, rec.length);
        assertFalse(new String(rec, 0, n, StandardCharsets.US_ASCII).contains("auth_key"), "and from flash");

        assertEquals(0, id.rotateNodeKey());
        assertFalse(id.isRegistered(), "the new key is not registered yet");
        byte[] old = new byte[32];
        assertEquals(32, id.oldNodePublicKey(old, 0));
        assertArrayEquals(node, old);
        byte[] fresh = new byte[32];
        id.nodePublicKey(fresh, 0);
        assertFalse(Arrays.equals(node, fresh));
        assertEquals(0, id.rotateNodeKey(), "a second expiry before confirmation keeps the pending rotation");
        byte[] still = new byte[32];
        id.nodePublicKey(still, 0);
        assertArrayEquals(fresh, still);

        assertEquals(0, id.registered());
        assertTrue(id.isRegistered());
        assertEquals(0, id.oldNodePublicKey(old, 0), "confirmed: old key forgotten");
        assertEquals(RecordStore.NOT_FOUND, store.read(RecordTypes.OLD_NODE_KEY, old, 0, 32));
        id.unregistered();
        assertFalse(id.isRegistered());
    }

    @Test
    void reusableKeyIsKeptAndDiscoKeyIsFreshAndNonZero() {
        provision(" auth_key_reusable=true");
        StoreIdentity id = new StoreIdentity(store, keys, drbg, config, log);
        assertEquals(0, id.registered());
        byte[] k = new byte[128];
        assertEquals(9, id.authKey(k, 0, k.length));
        byte[] d1 = new byte[32];
        byte[] d2 = new byte[32];
        assertEquals(32, id.discoPublicKey(d1, 0));
        assertFalse(Arrays.equals(new byte[32], d1));
        new StoreIdentity(store, keys, drbg, config, log).discoPublicKey(d2, 0);
        assertFalse(Arrays.equals(d1, d2), "a new disco key per boot");
        byte[] m = new byte[32];
        assertEquals(32, id.machinePrivateKey(m, 0));
        byte[] stored = new byte[32];
        store.read(RecordTypes.MACHINE_KEY, stored, 0, 32);
        assertArrayEquals(stored, m);
    }
}
