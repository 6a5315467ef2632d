package io.tailnode.wg;

import static io.tailnode.wg.SessionFixtures.HEAD;
import static io.tailnode.wg.SessionFixtures.MTU;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Keypair rotation between two peers, A usually the initiator, following whitepaper §6.1 / wireguard-go. */
class PeerSessionsTest {
    private final PeerSessions a = new PeerSessions();
    private final PeerSessions b = new PeerSessions();
    private int nextIndex = 100;

    /** One handshake: A's keypair installed as initiator (or responder), B's as the other role. */
    private Session[] handshake(PeerSessions initiator, PeerSessions responder, long now) {
        Keypair[] kp = SessionFixtures.mirrored(nextIndex, nextIndex++, nextIndex++, now, true);
        return new Session[] {initiator.install(kp[0]), responder.install(kp[1])};
    }

    private static byte[] send(PeerSessions from, long now) {
        byte[] buf = SessionFixtures.packet(new byte[24]);
        int n = from.current().encrypt(buf, HEAD, 24, MTU, now);
        assertTrue(n > 0, "encrypt " + n);
        return Arrays.copyOf(buf, n);
    }

    /** What the façade does on receive: find the slot by receiver index, open, then let rotation see it. */
    private static int receive(PeerSessions at, byte[] msg, long now) {
        Session s = at.forLocalIndex(io.tailnode.lang.Bytes.getIntLE(msg, 4));
        if (s == null) {
            return SessionReason.UNKNOWN_INDEX;
        }
        int n = s.decrypt(msg, 0, msg.length, now);
        if (n >= 0) {
            at.onReceivedWith(s);
        }
        return n;
    }

    @Test
    void initiatorUsesNewKeysAtOnceResponderAfterFirstPacket() {
        Session[] s = handshake(a, b, 0);
        assertSame(s[0], a.current());
        assertNull(b.current(), "responder may not send before confirmation");
        assertSame(s[1], b.next());
        byte[] msg = send(a, 1);
        assertTrue(receive(b, msg, 1) >= 0);
        assertSame(s[1], b.current(), "first packet on next promotes it");
        assertNull(b.next());
        assertTrue(receive(a, send(b, 2), 2) >= 0);
    }

    @Test
    void rekeyKeepsPreviousForPacketsInFlight() {
        handshake(a, b, 0);
        assertTrue(receive(b, send(a, 1), 1) >= 0);
        Session oldA = a.current();
        byte[] inFlightFromB = send(b, 2); // sealed with the first keypair
        Session[] s2 = handshake(a, b, 3);
        assertSame(s2[0], a.current());
        assertSame(oldA, a.previous());
        assertTrue(receive(a, inFlightFromB, 4) >= 0, "previous still decrypts");
        // B still sends with its old current until A's first packet on the new keys arrives.
        byte[] stillOld = send(b, 5);
        assertTrue(receive(a, stillOld, 5) >= 0);
        assertTrue(receive(b, send(a, 6), 6) >= 0);
        assertSame(s2[1], b.current());
        assertNotNull(b.previous());
    }

    @Test
    void thirdRotationWipesTheOldestKeypair() {
        handshake(a, b, 0);
        Session first = a.current();
        int firstIndex = first.localIndex();
        handshake(a, b, 1);
        handshake(a, b, 2);
        assertNull(a.forLocalIndex(firstIndex), "the oldest keypair is gone");
        assertEquals(3, countDistinct(a), "still three objects, reused");
    }

    @Test
    void responderReplacesUnconfirmedNextAndDropsPrevious() {
        handshake(a, b, 0);
        assertTrue(receive(b, send(a, 1), 1) >= 0);
        handshake(a, b, 2);
        assertTrue(receive(b, send(a, 3), 3) >= 0);
        assertNotNull(b.previous());
        Session[] s3 = handshake(b, a, 4); // roles swap: B initiates, A responds
        assertSame(s3[1], a.next());
        int replacedIndex = s3[1].localIndex();
        Session[] s4 = handshake(b, a, 5); // A's unconfirmed next replaced, A's previous dropped
        assertSame(s4[1], a.next());
        assertNull(a.previous());
        assertNull(a.forLocalIndex(replacedIndex), "replaced next is gone (its object wiped and reused)");
    }

    @Test
    void initiatorWithUnconfirmedNextMakesNextPrevious() {
        handshake(a, b, 0);
        Session[] asResponder = handshake(b, a, 1); // A now has an unconfirmed next
        int oldCurrentIndex = a.current().localIndex();
        Session[] asInitiator = handshake(a, b, 2);
        assertSame(asInitiator[0], a.current());
        assertSame(asResponder[1], a.previous(), "the unconfirmed next may still receive");
        assertNull(a.next());
        assertNull(a.forLocalIndex(oldCurrentIndex), "old current dropped");
    }

    @Test
    void packetOnPreviousDoesNotRotate() {
        handshake(a, b, 0);
        assertTrue(receive(b, send(a, 1), 1) >= 0);
        byte[] old = send(b, 2);
        handshake(a, b, 3);
        Session cur = a.current();
        assertTrue(receive(a, old, 4) >= 0);
        assertSame(cur, a.current());
    }

    @Test
    void wipeAllForgetsEverything() {
        handshake(a, b, 0);
        handshake(b, a, 1);
        a.wipeAll();
        assertNull(a.current());
        assertNull(a.previous());
        assertNull(a.next());
    }

    private static int countDistinct(PeerSessions p) {
        java.util.Set<Session> set = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Session s : new Session[] {p.current(), p.previous(), p.next()}) {
            if (s != null) {
                set.add(s);
            }
        }
        return set.size() + 1; // the free slot
    }
}
