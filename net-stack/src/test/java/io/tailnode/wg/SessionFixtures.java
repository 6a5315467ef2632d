package io.tailnode.wg;

import java.util.Random;

/** Mirrored keypairs: what two peers' handshakes would derive (A's send key is B's receive key, indices swapped). */
final class SessionFixtures {
    static final int MTU = 1420;
    static final int HEAD = WgConstants.TRANSPORT_HEADER_SIZE;

    private SessionFixtures() {
    }

    static Keypair[] mirrored(long seed, int indexA, int indexB, long createdMs, boolean aInitiates) {
        Random r = new Random(seed);
        Keypair a = new Keypair();
        Keypair b = new Keypair();
        r.nextBytes(a.sendKey);
        r.nextBytes(a.receiveKey);
        System.arraycopy(a.sendKey, 0, b.receiveKey, 0, 32);
        System.arraycopy(a.receiveKey, 0, b.sendKey, 0, 32);
        a.localIndex = indexA;
        a.remoteIndex = indexB;
        b.localIndex = indexB;
        b.remoteIndex = indexA;
        a.isInitiator = aInitiates;
        b.isInitiator = !aInitiates;
        a.createdMs = createdMs;
        b.createdMs = createdMs;
        return new Keypair[] {a, b};
    }

    static Session session(Keypair k) {
        Session s = new Session();
        s.install(k);
        return s;
    }

    /** A buffer with header room, {@code plain} at offset HEAD and tail room for padding + tag. */
    static byte[] packet(byte[] plain) {
        byte[] buf = new byte[HEAD + plain.length + 16 + 16];
        System.arraycopy(plain, 0, buf, HEAD, plain.length);
        return buf;
    }
}
