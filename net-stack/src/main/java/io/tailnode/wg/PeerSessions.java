package io.tailnode.wg;

import io.tailnode.crypto.ChaCha20Poly1305;

/**
 * A peer's three keypair slots and their rotation (whitepaper §6.1 and wireguard-go keypair handling):
 * <ul>
 * <li><b>current</b>: used to send; </li>
 * <li><b>previous</b>: kept so packets in flight on the replaced keys still decrypt;</li>
 * <li><b>next</b>: a responder's new keys, unconfirmed until the initiator sends on them.</li>
 * </ul>
 * Why "next" exists: the responder must not send with keys before it knows the initiator derived them too (it
 * has received the response), and the first transport packet from the initiator is that proof. The initiator
 * has that proof on reading the response, so its new keys become current at once.
 * <p>
 * Three {@link Session} objects are allocated once and rotated by reference; dropped slots are wiped at the
 * moment they are dropped. Not thread-safe; one event loop.
 */
public final class PeerSessions {
    private final Session[] slots = new Session[3];
    private Session current;
    private Session previous;
    private Session next;

    /** Sessions with engines of their own (tests, standalone use). */
    public PeerSessions() {
        for (int i = 0; i < slots.length; i++) {
            slots[i] = new Session();
        }
    }

    /**
     * Sessions that share {@code aead} (the device's one transport engine, see {@link Session}), each with a
     * replay window of {@code replayWindow} counters.
     */
    public PeerSessions(ChaCha20Poly1305 aead, int replayWindow) {
        for (int i = 0; i < slots.length; i++) {
            slots[i] = new Session(aead, replayWindow);
        }
    }

    /** The keypair to send with, or null. It may still be expired: {@link Session#encrypt} says so. */
    public Session current() {
        return current;
    }

    public Session previous() {
        return previous;
    }

    public Session next() {
        return next;
    }

    /**
     * Installs the keys of a completed handshake ({@code derived.isInitiator} picks the rule) and returns the
     * slot now holding them. Initiator: the new keys become current, the old current becomes previous (or, if an
     * unconfirmed next existed, that next becomes previous and the old current is dropped). Responder: the new
     * keys become next, replacing any older next, and previous is dropped; current stays until
     * {@link #onReceivedWith} confirms next. Dropped slots are wiped. Copies {@code derived}; the caller wipes it.
     */
    public Session install(Keypair derived) {
        if (derived.isInitiator) {
            if (next != null) {
                drop(current);
                drop(previous);
                previous = next;
                next = null;
            } else {
                drop(previous);
                previous = current;
            }
            current = freeSlot();
            current.install(derived);
            return current;
        }
        drop(next);
        drop(previous);
        previous = null;
        next = freeSlot();
        next.install(derived);
        return next;
    }

    /**
     * Call after a packet authenticated on {@code s}. If {@code s} is the unconfirmed next keypair it becomes
     * current, the old current becomes previous and the old previous is wiped; returns true then, and the
     * façade should treat the handshake as complete (wireguard-go calls its handshake-complete timer hook here and
     * sends the packets it held back).
     */
    public boolean onReceivedWith(Session s) {
        if (s == null || s != next) {
            return false;
        }
        drop(previous);
        previous = current;
        current = next;
        next = null;
        return true;
    }

    /** The slot whose local index is {@code receiverIndex}, or null (then drop as UNKNOWN_INDEX). */
    public Session forLocalIndex(int receiverIndex) {
        if (current != null && current.localIndex() == receiverIndex) {
            return current;
        }
        if (previous != null && previous.localIndex() == receiverIndex) {
            return previous;
        }
        if (next != null && next.localIndex() == receiverIndex) {
            return next;
        }
        return null;
    }

    /** Whitepaper §6.3: zero every key of the peer (540 s without a new session, or peer removed). */
    public void wipeAll() {
        for (int i = 0; i < slots.length; i++) {
            slots[i].wipe();
        }
        current = null;
        previous = null;
        next = null;
    }

    /** Wipes a slot that is leaving the rotation; the reference fields are reassigned by the caller. */
    private void drop(Session s) {
        if (s != null) {
            s.wipe();
            if (s == current) {
                current = null;
            }
            if (s == previous) {
                previous = null;
            }
            if (s == next) {
                next = null;
            }
        }
    }

    /** A slot referenced by none of current/previous/next; after the drops in install one always exists. */
    private Session freeSlot() {
        for (int i = 0; i < slots.length; i++) {
            Session s = slots[i];
            if (s != current && s != previous && s != next) {
                return s;
            }
        }
        throw new IllegalStateException("no free keypair slot");
    }
}
