package io.tailnode.firmware.control;

import io.tailnode.control.client.ControlIdentity;
import io.tailnode.crypto.ConstantTime;
import io.tailnode.crypto.X25519;
import io.tailnode.firmware.config.ConfigStatus;
import io.tailnode.firmware.config.DeviceConfig;
import io.tailnode.firmware.config.ProvisioningRecord;
import io.tailnode.firmware.entropy.Drbg;
import io.tailnode.firmware.entropy.KeyGenerator;
import io.tailnode.firmware.hal.HalStatus;
import io.tailnode.firmware.keystore.RecordStore;
import io.tailnode.firmware.keystore.RecordTypes;
import io.tailnode.firmware.log.LogEvents;
import io.tailnode.firmware.log.LogLevel;
import io.tailnode.firmware.log.Logger;
import io.tailnode.lang.Bytes;

/**
 * The control client's identity on the device's key store: machine and node keys from their records
 * ({@link RecordTypes#MACHINE_KEY}, {@link RecordTypes#NODE_KEY}, {@link RecordTypes#OLD_NODE_KEY}), rotation
 * through {@link KeyGenerator} (power-cut safe), the auth key from the provisioning record (deleted after a
 * successful registration unless provisioned reusable), and the registration state in
 * {@link RecordTypes#REGISTRATION}:
 * <pre>
 *   REGISTRATION = version (1) | node public key the server accepted (32)
 * </pre>
 * "Registered" means that record names the current node public key, so a rotation (new key, record stale)
 * re-registers by itself. The disco key is made fresh at every boot from the DRBG and never stored (as the Go
 * client does, §1). Private keys pass through one scratch array that is wiped before every return. Allocation in
 * the constructor only; not thread-safe: the event loop owns it.
 */
public final class StoreIdentity implements ControlIdentity {
    private static final int REGISTRATION_VERSION = 1;
    private static final int REGISTRATION_LENGTH = 33;

    private final RecordStore store;
    private final KeyGenerator keys;
    private final DeviceConfig config;
    private final ProvisioningRecord provisioning;
    private final Logger log;
    private final X25519 x25519 = new X25519();
    private final byte[] secret = new byte[32];
    private final byte[] pub = new byte[32];
    private final byte[] record = new byte[REGISTRATION_LENGTH];
    private final byte[] discoPrivate = new byte[32];
    private final byte[] discoPublic = new byte[32];
    private boolean discoReady;

    public StoreIdentity(RecordStore store, KeyGenerator keys, Drbg drbg, DeviceConfig config, Logger log) {
        this.store = store;
        this.keys = keys;
        this.config = config;
        this.log = log;
        this.provisioning = new ProvisioningRecord();
        if (drbg.generate(discoPrivate, 0, 32) == 32) {
            X25519.clamp(discoPrivate, 0);
            x25519.publicKey(discoPublic, 0, discoPrivate, 0);
            discoReady = true;
        }
    }

    public int machinePrivateKey(byte[] out, int off) {
        int n = store.read(RecordTypes.MACHINE_KEY, out, off, 32);
        return n == 32 ? 32 : n < 0 ? n : KeyGenerator.ERR_CORRUPT_KEY;
    }

    public int nodePublicKey(byte[] out, int off) {
        return publicOf(RecordTypes.NODE_KEY, out, off);
    }

    public int oldNodePublicKey(byte[] out, int off) {
        int n = publicOf(RecordTypes.OLD_NODE_KEY, out, off);
        return n == RecordStore.NOT_FOUND ? 0 : n;
    }

    public int discoPublicKey(byte[] out, int off) {
        if (!discoReady) {
            return HalStatus.ERR_ENTROPY_HEALTH;
        }
        System.arraycopy(discoPublic, 0, out, off, 32);
        return 32;
    }

    /** This boot's disco private key (for the disco/DERP layers); 32 or a negative code. */
    public int discoPrivateKey(byte[] out, int off) {
        if (!discoReady) {
            return HalStatus.ERR_ENTROPY_HEALTH;
        }
        System.arraycopy(discoPrivate, 0, out, off, 32);
        return 32;
    }

    public int authKey(byte[] out, int off, int max) {
        int n = config.authKeyLength();
        if (n == 0 || n > max) {
            return 0;
        }
        return config.copyAuthKey(out, off);
    }

    public boolean isRegistered() {
        int n = store.read(RecordTypes.REGISTRATION, record, 0, REGISTRATION_LENGTH);
        if (n != REGISTRATION_LENGTH || record[0] != REGISTRATION_VERSION || nodePublicKey(pub, 0) != 32) {
            return false;
        }
        return ConstantTime.equals(record, 1, pub, 0, 32);
    }

    public int rotateNodeKey() {
        int r = keys.rotateNodeKey();
        // An unconfirmed earlier rotation: keep it (its old key is the one the server knows) and register again.
        return r == KeyGenerator.ERR_ROTATION_PENDING ? HalStatus.OK : r;
    }

    public int registered() {
        int n = nodePublicKey(pub, 0);
        if (n != 32) {
            return n;
        }
        record[0] = REGISTRATION_VERSION;
        System.arraycopy(pub, 0, record, 1, 32);
        int w = store.write(RecordTypes.REGISTRATION, record, 0, REGISTRATION_LENGTH);
        int c = keys.confirmRotation();
        int d = provisioning.deleteAuthKey(store, config);
        if (d == ConfigStatus.OK) {
            log.log(LogLevel.INFO, LogEvents.AUTH_KEY_DELETED, 0);
        } else if (d == ConfigStatus.KEPT_REUSABLE) {
            log.log(LogLevel.INFO, LogEvents.AUTH_KEY_KEPT_REUSABLE, 0);
        }
        return w < 0 ? w : c;
    }

    public void unregistered() {
        store.delete(RecordTypes.REGISTRATION);
    }

    /** Node private key for the WireGuard device (32 or a negative code); the caller wipes its copy. */
    public int nodePrivateKey(byte[] out, int off) {
        int n = store.read(RecordTypes.NODE_KEY, out, off, 32);
        return n == 32 ? 32 : n < 0 ? n : KeyGenerator.ERR_CORRUPT_KEY;
    }

    private int publicOf(int type, byte[] out, int off) {
        int n = store.read(type, secret, 0, 32);
        if (n == 32) {
            x25519.publicKey(out, off, secret, 0);
        }
        Bytes.wipe(secret, 0, 32);
        return n < 0 ? n : n == 32 ? 32 : KeyGenerator.ERR_CORRUPT_KEY;
    }
}
