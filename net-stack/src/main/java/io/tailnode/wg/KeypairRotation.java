package io.tailnode.wg;

import io.tailnode.lang.HotPath;

/**
 * Moves a freshly derived keypair into a peer's current/previous/next rotation and keeps the index table in
 * step: {@link Handshake#deriveKeypair} hands our local index to the keypair, so whoever drops a keypair must
 * release its index, or the table fills with dead sessions (and a stale index could route to a new session).
 */
final class KeypairRotation {
    private final IndexTable indices;
    /** Where the handshake derives keys; wiped as soon as they are installed. */
    final Keypair derived = new Keypair();

    KeypairRotation(IndexTable indices) {
        this.indices = indices;
    }

    /** Installs {@link #derived} and retires every index whose keypair the rotation dropped. */
    @HotPath
    void install(Peer p, long nowMs) {
        int i0 = indexOf(p.sessions.current());
        int i1 = indexOf(p.sessions.previous());
        int i2 = indexOf(p.sessions.next());
        p.sessions.install(derived);
        derived.wipe();
        retire(p, i0);
        retire(p, i1);
        retire(p, i2);
        p.timers.onSessionDerived(nowMs);
        p.lastHandshakeMs = nowMs;
    }

    /**
     * A packet authenticated on {@code s}: if that promoted the peer's "next" keypair (whitepaper §6.1, the
     * responder confirms on first use), the keypair pushed out of "previous" releases its index. Returns true
     * on promotion.
     */
    @HotPath
    boolean receivedWith(Peer p, Session s) {
        int previousIndex = indexOf(p.sessions.previous());
        if (!p.sessions.onReceivedWith(s)) {
            return false;
        }
        retire(p, previousIndex);
        return true;
    }

    /** Whitepaper §6.3: zeroes every session key of the peer and releases their indices. */
    @HotPath
    void wipeSessions(Peer p) {
        int i0 = indexOf(p.sessions.current());
        int i1 = indexOf(p.sessions.previous());
        int i2 = indexOf(p.sessions.next());
        p.sessions.wipeAll();
        retire(p, i0);
        retire(p, i1);
        retire(p, i2);
    }

    @HotPath
    private static int indexOf(Session s) {
        return s == null ? 0 : s.localIndex();
    }

    @HotPath
    private void retire(Peer p, int index) {
        if (index != 0 && p.sessions.forLocalIndex(index) == null) {
            indices.remove(index);
        }
    }
}
