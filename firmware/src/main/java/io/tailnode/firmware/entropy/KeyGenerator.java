package io.tailnode.firmware.entropy;

import io.tailnode.crypto.ConstantTime;
import io.tailnode.crypto.X25519;
import io.tailnode.firmware.hal.HalStatus;
import io.tailnode.firmware.keystore.RecordStore;
import io.tailnode.firmware.keystore.RecordTypes;
import io.tailnode.lang.Bytes;

/**
 * Creates the device's long-term X25519 keys from the {@link Drbg} and persists them: the machine key and the
 * node key at first boot ({@link #ensureKeys}), and node-key rotation ({@link #rotateNodeKey},
 * {@link #confirmRotation}). Keys are generated on the device and never shipped in an image (issue #3).
 * <p>
 * Nothing is written unless every key needed was produced: if the DRBG is failed, the call returns
 * {@link HalStatus#ERR_ENTROPY_HEALTH} and the store is untouched. An existing key is never overwritten by
 * {@link #ensureKeys}. Keys pass through three 32-byte scratch arrays that are wiped before every return; the
 * class has no toString and logs nothing. Not thread-safe: the event loop owns it.
 */
public final class KeyGenerator {
    /** X25519 private key length. */
    public static final int KEY_LENGTH = 32;
    /** A stored key has the wrong length: left alone, the caller must decide (factory reset). */
    public static final int ERR_CORRUPT_KEY = -30;
    /** {@link #rotateNodeKey} while an earlier rotation is unconfirmed (its old key is still needed). */
    public static final int ERR_ROTATION_PENDING = -31;
    /** No node key yet: call {@link #ensureKeys} first. */
    public static final int ERR_NO_NODE_KEY = -32;

    /** {@link #ensureKeys} result bits: which keys this call created. */
    public static final int CREATED_MACHINE = 1;
    public static final int CREATED_NODE = 2;

    private final Drbg drbg;
    private final RecordStore store;
    private final byte[] a = new byte[KEY_LENGTH];
    private final byte[] b = new byte[KEY_LENGTH];
    private final byte[] c = new byte[KEY_LENGTH];

    public KeyGenerator(Drbg drbg, RecordStore store) {
        this.drbg = drbg;
        this.store = store;
    }

    /**
     * First boot: creates whichever of MACHINE_KEY and NODE_KEY is absent (both are generated before either is
     * written). A power cut between the two writes leaves the machine key stored and the node key absent; the
     * next boot creates the node key.
     *
     * @return a non-negative mask of {@link #CREATED_MACHINE} / {@link #CREATED_NODE} (0: both existed), or a
     *         negative code: {@link HalStatus#ERR_ENTROPY_HEALTH} (nothing stored), {@link #ERR_CORRUPT_KEY}, or
     *         the store's error
     */
    public int ensureKeys() {
        try {
            int machine = presence(RecordTypes.MACHINE_KEY);
            if (machine < 0) {
                return machine;
            }
            int node = presence(RecordTypes.NODE_KEY);
            if (node < 0) {
                return node;
            }
            if (machine == 1 && node == 1) {
                return 0;
            }
            // Generate everything first: a DRBG failure must leave the store exactly as it was.
            if (machine == 0 && !newKey(a)) {
                return HalStatus.ERR_ENTROPY_HEALTH;
            }
            if (node == 0 && !newKey(b)) {
                return HalStatus.ERR_ENTROPY_HEALTH;
            }
            int created = 0;
            if (machine == 0) {
                int st = store.write(RecordTypes.MACHINE_KEY, a, 0, KEY_LENGTH);
                if (st < 0) {
                    return st;
                }
                created |= CREATED_MACHINE;
            }
            if (node == 0) {
                int st = store.write(RecordTypes.NODE_KEY, b, 0, KEY_LENGTH);
                if (st < 0) {
                    return st;
                }
                created |= CREATED_NODE;
            }
            return created;
        } finally {
            wipeScratch();
        }
    }

    /**
     * Rotates the node key. Order of writes, so that a power cut at any point keeps the current key:
     * <ol>
     * <li>generate the new key (DRBG failure: nothing written);</li>
     * <li>OLD_NODE_KEY := current (a cut here: NODE_KEY is still the current key, rotation simply restarts);</li>
     * <li>NODE_KEY := new (a cut before it completes: the store's atomic write leaves NODE_KEY old or new, and the
     * current key is in OLD_NODE_KEY either way).</li>
     * </ol>
     * OLD_NODE_KEY stays until {@link #confirmRotation} (the control server accepted the new key). The caller must
     * not announce the new public key before this returns OK, since before then it may not be persisted.
     * A retry after a cut between steps 2 and 3 (OLD_NODE_KEY equal to NODE_KEY) is allowed; a rotation while
     * an older one is unconfirmed is refused ({@link #ERR_ROTATION_PENDING}), because it would lose the key the
     * server still knows.
     *
     * @return {@link HalStatus#OK} or a negative code
     */
    public int rotateNodeKey() {
        try {
            int len = store.read(RecordTypes.NODE_KEY, a, 0, KEY_LENGTH);
            if (len == RecordStore.NOT_FOUND) {
                return ERR_NO_NODE_KEY;
            }
            if (len == RecordStore.BUFFER_TOO_SMALL || (len >= 0 && len != KEY_LENGTH)) {
                return ERR_CORRUPT_KEY;
            }
            if (len < 0) {
                return len;
            }
            int oldLen = store.read(RecordTypes.OLD_NODE_KEY, b, 0, KEY_LENGTH);
            if (oldLen == KEY_LENGTH) {
                if (!ConstantTime.equals(a, 0, b, 0, KEY_LENGTH)) {
                    return ERR_ROTATION_PENDING;
                }
            } else if (oldLen == RecordStore.BUFFER_TOO_SMALL || oldLen >= 0) {
                return ERR_CORRUPT_KEY;
            } else if (oldLen != RecordStore.NOT_FOUND) {
                return oldLen;
            }
            if (!newKey(c)) {
                return HalStatus.ERR_ENTROPY_HEALTH;
            }
            int st = store.write(RecordTypes.OLD_NODE_KEY, a, 0, KEY_LENGTH);
            if (st < 0) {
                return st;
            }
            st = store.write(RecordTypes.NODE_KEY, c, 0, KEY_LENGTH);
            return st < 0 ? st : HalStatus.OK;
        } finally {
            wipeScratch();
        }
    }

    /**
     * The server confirmed the new node key: forget the old one.
     *
     * @return OK (also if there was none) or the store's error
     */
    public int confirmRotation() {
        int st = store.delete(RecordTypes.OLD_NODE_KEY);
        return st == RecordStore.NOT_FOUND ? HalStatus.OK : st;
    }

    /** 1 if a well-formed key of {@code type} is stored, 0 if none, negative on corruption or store error. */
    private int presence(int type) {
        int len = store.read(type, c, 0, KEY_LENGTH);
        Bytes.wipe(c, 0, KEY_LENGTH);
        if (len == RecordStore.NOT_FOUND) {
            return 0;
        }
        if (len == KEY_LENGTH) {
            return 1;
        }
        if (len >= 0 || len == RecordStore.BUFFER_TOO_SMALL) {
            return ERR_CORRUPT_KEY;
        }
        return len;
    }

    /**
     * Fills {@code key} from the DRBG and clamps it (RFC 7748 §5); false if the DRBG refused. Reseeds first: a
     * long-term key gets fresh source bytes (and a fresh health check of the source), not only the DRBG state.
     */
    private boolean newKey(byte[] key) {
        if (drbg.reseed(null, 0, 0) != HalStatus.OK || drbg.generate(key, 0, KEY_LENGTH) != KEY_LENGTH) {
            return false;
        }
        X25519.clamp(key, 0);
        return true;
    }

    private void wipeScratch() {
        Bytes.wipe(a, 0, KEY_LENGTH);
        Bytes.wipe(b, 0, KEY_LENGTH);
        Bytes.wipe(c, 0, KEY_LENGTH);
    }
}
