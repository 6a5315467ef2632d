package io.tailnode.wg;

import io.tailnode.crypto.Blake2s;
import io.tailnode.crypto.XChaCha20Poly1305;

/**
 * One of "our" devices for two-party tests: static key, index table, cookie checker, handshake and a small
 * peer table implementing {@link PeerDirectory} without allocation (so it can serve allocation tests).
 */
final class TestNode implements PeerDirectory {
    static final int MAX_PEERS = 4;

    final byte[] privateKey = new byte[32];
    final byte[] publicKey = new byte[32];
    final TestRandom random;
    final CountingX25519 x25519 = new CountingX25519();
    final IndexTable indices;
    final CookieChecker checker;
    final Handshake handshake;
    final Blake2s sharedBlake = new Blake2s();
    final XChaCha20Poly1305 sharedAead = new XChaCha20Poly1305();
    final byte[][] peerKeys = new byte[MAX_PEERS][];
    final PeerHandshake[] peers = new PeerHandshake[MAX_PEERS];
    final CookieGenerator[] cookies = new CookieGenerator[MAX_PEERS];
    final Keypair[] keypairs = new Keypair[MAX_PEERS];
    int peerCount;

    TestNode(long seed) {
        this(seed, null, null);
    }

    /** With {@code fixedPrivate}/{@code prologue} for vector tests (null: random key, WireGuard prologue). */
    TestNode(long seed, byte[] fixedPrivate, byte[] prologue) {
        random = new TestRandom(seed);
        if (fixedPrivate != null) {
            System.arraycopy(fixedPrivate, 0, privateKey, 0, 32);
        } else {
            random.nextBytes(privateKey, 0, 32);
        }
        x25519.publicKey(publicKey, 0, privateKey, 0);
        indices = new IndexTable(4 * MAX_PEERS, random);
        checker = new CookieChecker(publicKey, 0, random, 1000);
        handshake = prologue == null
                ? new Handshake(privateKey, 0, x25519, random, indices, this, checker)
                : new Handshake(privateKey, x25519, random, indices, this, checker, prologue);
        x25519.scalarMults = 0;
    }

    /** Adds {@code other} as a peer; returns its slot here. */
    int addPeer(byte[] otherPublic, byte[] psk) {
        int slot = peerCount++;
        peerKeys[slot] = otherPublic.clone();
        peers[slot] = new PeerHandshake();
        cookies[slot] = new CookieGenerator(sharedBlake, sharedAead);
        cookies[slot].init(otherPublic, 0);
        keypairs[slot] = new Keypair();
        int r = handshake.configurePeer(peers[slot], slot, otherPublic, 0, psk, 0);
        if (r != WgReason.OK) {
            peerCount--;
            return r;
        }
        return slot;
    }

    int addPeer(TestNode other, byte[] psk) {
        return addPeer(other.publicKey, psk);
    }

    @Override
    public int peerSlotForStaticKey(byte[] key, int off) {
        for (int s = 0; s < peerCount; s++) {
            byte[] k = peerKeys[s];
            int diff = 0;
            for (int i = 0; i < 32; i++) {
                diff |= k[i] ^ key[off + i];
            }
            if (diff == 0) {
                return s;
            }
        }
        return -1;
    }

    @Override
    public PeerHandshake handshakeForSlot(int slot) {
        return peers[slot];
    }
}
