package io.tailnode.wg;

import static io.tailnode.wg.PeerTimers.DROP_QUEUED;
import static io.tailnode.wg.PeerTimers.SEND_INITIATION;
import static io.tailnode.wg.PeerTimers.SEND_KEEPALIVE;
import static io.tailnode.wg.PeerTimers.WIPE_KEYS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Every timer rule on virtual time, asserted at its boundary: nothing at deadline - 1 ms, the action at it. */
class PeerTimersTest {
    private static final long T0 = 1_000_000L;
    private static final int J = 100; // fixed jitter, proves it is added

    private final PeerSessions sessions = new PeerSessions();
    private int lastJitterMax;
    private final PeerTimers timers = new PeerTimers(sessions, max -> {
        lastJitterMax = max;
        return J;
    });

    private void installSession(long createdMs, boolean initiator) {
        Keypair[] kp = SessionFixtures.mirrored(3, 10, 20, createdMs, initiator);
        Session s = sessions.install(kp[0]);
        if (!initiator) {
            sessions.onReceivedWith(s);
        }
        timers.onSessionDerived(createdMs);
        timers.onHandshakeComplete(createdMs);
        timers.onAuthenticatedPacketSent(createdMs); // the confirmation went out
    }

    private void assertEdge(long deadline, int action) {
        assertEquals(0, timers.poll(deadline - 1) & action, "nothing 1 ms before " + (deadline - T0));
        assertEquals(deadline, timers.nextDeadline(), "nextDeadline");
        assertEquals(action, timers.poll(deadline) & action, "action at " + (deadline - T0));
    }

    @Test
    void dataWithoutSessionStartsHandshakeAtOnce() {
        timers.onDataWaitingForSession(T0);
        assertTrue(timers.nextDeadline() <= T0);
        assertEquals(SEND_INITIATION, timers.poll(T0));
        assertTrue(timers.isHandshakeInProgress());
    }

    @Test
    void retryEveryRekeyTimeoutPlusJitter() {
        timers.onDataWaitingForSession(T0);
        timers.poll(T0);
        assertEquals(334, lastJitterMax, "jitter bound as wireguard-go");
        long t = T0;
        for (int i = 1; i <= 5; i++) {
            t += 5000 + J;
            assertEdge(t, SEND_INITIATION);
        }
    }

    /** wireguard.md §5 item 4: the lwip family never gives up (bug-regression test). */
    @Test
    void givesUpAfterRekeyAttemptTimeAndDropsQueuedData() {
        timers.onDataWaitingForSession(T0);
        int initiations = Integer.bitCount(timers.poll(T0) & SEND_INITIATION);
        long giveUp = T0 + WgConstants.REKEY_ATTEMPT_TIME_MS;
        for (long t = T0 + 1; t < giveUp; t += 1) {
            if (timers.nextDeadline() <= t) {
                int a = timers.poll(t);
                assertEquals(0, a & DROP_QUEUED, "no give-up before 90 s, t=" + (t - T0));
                initiations += a & SEND_INITIATION;
            }
        }
        assertEquals(18, initiations, "first + retries at 5.1 s intervals within 90 s");
        assertEquals(giveUp, timers.nextDeadline());
        int a = timers.poll(giveUp);
        assertEquals(DROP_QUEUED, a, "give up at exactly REKEY_ATTEMPT_TIME, without another initiation");
        // Silence afterwards until the key wipe, 540 s later.
        long wipe = giveUp + WgConstants.WIPE_AFTER_TIME_MS;
        assertEquals(wipe, timers.nextDeadline());
        for (long t = giveUp + 1; t < wipe; t += 1000) {
            assertEquals(0, timers.poll(t), "no retries after giving up, t=" + (t - T0));
        }
        assertEquals(WIPE_KEYS, timers.poll(wipe));
    }

    @Test
    void newDataAttemptResetsTheAttemptBudget() {
        timers.onDataWaitingForSession(T0);
        timers.poll(T0);
        timers.onDataWaitingForSession(T0 + 60_000);
        long t = T0;
        boolean dropped = false;
        while (t < T0 + 60_000 + 90_000 - 1) {
            t = Math.min(timers.nextDeadline(), T0 + 60_000 + 90_000 - 1);
            dropped |= (timers.poll(t) & DROP_QUEUED) != 0;
        }
        assertTrue(!dropped, "budget restarted at 60 s");
        assertEquals(DROP_QUEUED, timers.poll(T0 + 150_000) & DROP_QUEUED);
    }

    @Test
    void handshakeCompleteStopsRetriesAndInitiatorConfirms() {
        timers.onDataWaitingForSession(T0);
        timers.poll(T0);
        installSessionAfterResponse(T0 + 300);
        assertEquals(SEND_KEEPALIVE, timers.poll(T0 + 300), "initiator confirms the new keys at once");
        assertEquals(0, timers.poll(T0 + 5100));
        assertEquals(0, timers.poll(T0 + 90_000));
    }

    private void installSessionAfterResponse(long now) {
        Keypair[] kp = SessionFixtures.mirrored(3, 10, 20, now, true);
        sessions.install(kp[0]);
        timers.onSessionDerived(now);
        timers.onHandshakeComplete(now);
    }

    @Test
    void confirmationNotNeededWhenDataGoesOut() {
        installSessionAfterResponse(T0);
        timers.onAuthenticatedPacketSent(T0);
        assertEquals(0, timers.poll(T0));
    }

    @Test
    void passiveKeepaliveAfterTenSecondsOfReceiveOnly() {
        installSession(T0, true);
        timers.onDataReceived(T0 + 1000);
        timers.onDataReceived(T0 + 4000); // still the first unanswered receive that counts
        assertEdge(T0 + 1000 + WgConstants.KEEPALIVE_TIMEOUT_MS, SEND_KEEPALIVE);
        assertEquals(0, timers.poll(T0 + 30_000) & SEND_KEEPALIVE, "one keepalive, not a stream");
    }

    @Test
    void noKeepaliveWhenWeAnswered() {
        installSession(T0, true);
        timers.onDataReceived(T0 + 1000);
        timers.onAuthenticatedPacketSent(T0 + 5000);
        assertEquals(0, timers.poll(T0 + 11_000));
    }

    /** wireguard.md §5 item 5: the lwip family lacks this rule (bug-regression test). */
    @Test
    void newHandshakeAfterFifteenSecondsWithoutReply() {
        installSession(T0, true);
        timers.onDataSent(T0 + 1000);
        timers.onDataSent(T0 + 3000);
        assertEdge(T0 + 1000 + 15_000 + J, SEND_INITIATION);
    }

    @Test
    void replyCancelsTheFifteenSecondRule() {
        installSession(T0, true);
        timers.onDataSent(T0 + 1000);
        timers.onAuthenticatedPacketReceived(T0 + 15_000);
        assertEquals(0, timers.poll(T0 + 16_100));
    }

    @Test
    void rekeyAfterTimeOnSendAsInitiator() {
        installSession(T0, true);
        long edge = T0 + WgConstants.REKEY_AFTER_TIME_MS;
        timers.onDataSent(edge - 1);
        timers.onAuthenticatedPacketReceived(edge - 1);
        assertEquals(0, timers.poll(edge - 1));
        timers.onDataSent(edge);
        assertEquals(SEND_INITIATION, timers.poll(edge));
    }

    @Test
    void responderDoesNotRekeyOnAge() {
        installSession(T0, false);
        timers.onDataSent(T0 + 150_000);
        assertEquals(0, timers.poll(T0 + 150_000));
    }

    @Test
    void rekeyAfterMessagesOnSendEitherRole() {
        installSession(T0, false);
        sessions.current().forceSendCounter(WgConstants.REKEY_AFTER_MESSAGES);
        timers.onDataSent(T0 + 1);
        assertEquals(SEND_INITIATION, timers.poll(T0 + 1));
    }

    @Test
    void rekeyOnReceiveAt165SecondsOnce() {
        installSession(T0, true);
        long edge = T0 + 165_000;
        timers.onDataReceived(edge - 1);
        timers.onAuthenticatedPacketSent(edge - 1);
        assertEquals(0, timers.poll(edge - 1));
        timers.onDataReceived(edge);
        assertEquals(SEND_INITIATION, timers.poll(edge) & SEND_INITIATION);
        timers.onHandshakeComplete(edge + 10); // pretend it failed to rotate: same old session stays current
        timers.onAuthenticatedPacketSent(edge + 10);
        timers.onDataReceived(edge + 6000);
        assertEquals(SEND_INITIATION, timers.poll(edge + 6000) & SEND_INITIATION,
                "a completed handshake re-arms the rule");
    }

    @Test
    void rekeyOnReceiveOnlyOncePerSession() {
        installSession(T0, true);
        timers.onDataReceived(T0 + 165_000);
        assertEquals(SEND_INITIATION, timers.poll(T0 + 165_000) & SEND_INITIATION);
        timers.onDataReceived(T0 + 168_000);
        assertEquals(0, timers.poll(T0 + 168_000) & SEND_INITIATION, "no second run; retransmission handles it");
    }

    @Test
    void persistentKeepalive() {
        timers.setPersistentKeepaliveSeconds(25);
        installSession(T0, true);
        timers.onAnyAuthenticatedPacketTraversal(T0 + 2000);
        assertEdge(T0 + 27_000, SEND_KEEPALIVE);
        assertEdge(T0 + 52_000, SEND_KEEPALIVE);
        timers.setPersistentKeepaliveSeconds(0);
        assertEquals(0, timers.poll(T0 + 200_000) & SEND_KEEPALIVE);
    }

    @Test
    void wipeKeysAfter540SecondsWithoutNewSession() {
        installSession(T0, true);
        assertEdge(T0 + 540_000, WIPE_KEYS);
        assertEquals(Long.MAX_VALUE, timers.nextDeadline());
    }

    @Test
    void newSessionPostponesTheWipe() {
        installSession(T0, true);
        installSession(T0 + 100_000, true);
        assertEquals(0, timers.poll(T0 + 540_000));
        assertEquals(WIPE_KEYS, timers.poll(T0 + 640_000));
    }

    @Test
    void idleTimersHaveNoDeadline() {
        assertEquals(Long.MAX_VALUE, timers.nextDeadline());
        assertEquals(0, timers.poll(T0));
    }
}
