package io.tailnode.disco;

import io.tailnode.crypto.CryptoBox;
import io.tailnode.lang.Bytes;
import io.tailnode.lang.HotPath;
import io.tailnode.wg.WgRandom;

/**
 * Our disco key pair and a fixed table of peers' disco public keys with their precomputed NaCl shared keys
 * (crypto_box_beforenm once per peer, so a seal or open costs no X25519; tailscale-protocol.md §4.1). Seals and
 * opens whole disco packets ({@link DiscoWire}): magic, our public key, a random 24-byte nonce, box.
 * <p>
 * The disco private key is regenerated per boot by the caller (§1) and never leaves this object's arrays; the
 * shared keys are wiped when a slot is removed. Lookups by sender key are linear (tables are small: the peers of a
 * device). Not thread-safe; no allocation after construction.
 */
public final class DiscoKeys {
    private final CryptoBox box;
    private final WgRandom random;
    private final int capacity;
    private final byte[] peerKeys;
    private final byte[] shared;
    private final boolean[] used;
    private final byte[] localPrivate = new byte[32];
    private final byte[] localPublic = new byte[32];
    private final byte[] nonce = new byte[DiscoWire.NONCE];
    private int openedSlot = -1;

    public DiscoKeys(CryptoBox box, WgRandom random, int capacity) {
        if (box == null || random == null || capacity < 1) {
            throw new IllegalArgumentException("bad argument");
        }
        this.box = box;
        this.random = random;
        this.capacity = capacity;
        peerKeys = new byte[capacity * 32];
        shared = new byte[capacity * 32];
        used = new boolean[capacity];
    }

    /** Sets our disco key pair (copied); peers added before are recomputed. */
    public void setLocal(byte[] priv, int privOff, byte[] pub, int pubOff) {
        System.arraycopy(priv, privOff, localPrivate, 0, 32);
        System.arraycopy(pub, pubOff, localPublic, 0, 32);
        for (int i = 0; i < capacity; i++) {
            if (used[i] && !box.beforenm(shared, i * 32, peerKeys, i * 32, localPrivate, 0)) {
                used[i] = false;
            }
        }
    }

    /** Our disco public key into out[off..+32) (what the lite update advertises as DiscoKey). */
    public void localPublic(byte[] out, int off) {
        System.arraycopy(localPublic, 0, out, off, 32);
    }

    /** Adds a peer's disco key (or finds it); returns its slot, FULL or BAD_KEY. One X25519. */
    public int add(byte[] pub, int off) {
        int s = find(pub, off);
        if (s >= 0) {
            return s;
        }
        for (int i = 0; i < capacity; i++) {
            if (!used[i]) {
                if (!box.beforenm(shared, i * 32, pub, off, localPrivate, 0)) {
                    return DiscoReason.BAD_KEY;
                }
                System.arraycopy(pub, off, peerKeys, i * 32, 32);
                used[i] = true;
                return i;
            }
        }
        return DiscoReason.FULL;
    }

    /** Forgets a slot (peer removed or its disco key rotated). */
    public void remove(int slot) {
        if (slot >= 0 && slot < capacity && used[slot]) {
            used[slot] = false;
            Bytes.wipe(shared, slot * 32, 32);
            Bytes.wipe(peerKeys, slot * 32, 32);
        }
    }

    /** Slot of a peer disco key, or -1. */
    @HotPath
    public int find(byte[] pub, int off) {
        for (int i = 0; i < capacity; i++) {
            if (used[i] && equal32(peerKeys, i * 32, pub, off)) {
                return i;
            }
        }
        return -1;
    }

    /** The peer disco key of a slot into out. */
    public void peerKey(int slot, byte[] out, int off) {
        System.arraycopy(peerKeys, slot * 32, out, off, 32);
    }

    /**
     * Seals plaintext p[off..+len) for the peer in {@code slot} into out[outOff..): magic, our key, fresh nonce,
     * box. Returns the packet length (len + 78), OUT_TOO_SMALL or BAD_SLOT.
     */
    @HotPath
    public int seal(int slot, byte[] p, int off, int len, byte[] out, int outOff, int cap) {
        if (slot < 0 || slot >= capacity || !used[slot]) {
            return DiscoReason.BAD_SLOT;
        }
        if (len < 0 || len + DiscoWire.OVERHEAD > cap) {
            return DiscoReason.OUT_TOO_SMALL;
        }
        random.nextBytes(nonce, 0, DiscoWire.NONCE);
        DiscoWire.writeMagic(out, outOff);
        System.arraycopy(localPublic, 0, out, outOff + DiscoWire.MAGIC_LENGTH, 32);
        System.arraycopy(nonce, 0, out, outOff + DiscoWire.MAGIC_LENGTH + 32, DiscoWire.NONCE);
        box.sealAfternm(shared, slot * 32, nonce, 0, p, off, len, out, outOff + DiscoWire.HEADER);
        return len + DiscoWire.OVERHEAD;
    }

    /**
     * Opens the disco packet pkt[off..+len) into out[outOff..) (may be the same array at off + 62 or
     * earlier). Returns the plaintext length ({@link #openedSlot} names the sender), or NOT_DISCO,
     * UNKNOWN_SENDER, OUT_TOO_SMALL, BAD_BOX; on a refusal {@code out} is untouched.
     */
    @HotPath
    public int open(byte[] pkt, int off, int len, byte[] out, int outOff, int cap) {
        openedSlot = -1;
        if (!DiscoWire.looksLikeDisco(pkt, off, len)) {
            return DiscoReason.NOT_DISCO;
        }
        int slot = find(pkt, off + DiscoWire.MAGIC_LENGTH);
        if (slot < 0) {
            return DiscoReason.UNKNOWN_SENDER;
        }
        int plain = len - DiscoWire.OVERHEAD;
        if (plain > cap) {
            return DiscoReason.OUT_TOO_SMALL;
        }
        int n = box.openAfternm(shared, slot * 32, pkt, off + DiscoWire.MAGIC_LENGTH + 32,
                pkt, off + DiscoWire.HEADER, len - DiscoWire.HEADER, out, outOff);
        if (n < 0) {
            return DiscoReason.BAD_BOX;
        }
        openedSlot = slot;
        return n;
    }

    /** Sender slot of the last successful {@link #open}, else -1. */
    public int openedSlot() {
        return openedSlot;
    }

    @HotPath
    private static boolean equal32(byte[] a, int aOff, byte[] b, int bOff) {
        for (int i = 0; i < 32; i++) {
            if (a[aOff + i] != b[bOff + i]) {
                return false;
            }
        }
        return true;
    }
}
