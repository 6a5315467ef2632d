package io.tailnode.firmware.derp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailnode.derp.DerpClient;
import io.tailnode.derp.DerpConnections;
import io.tailnode.wg.WgConstants;
import io.tailnode.wg.WgPeerStatus;
import org.junit.jupiter.api.Test;

/**
 * A send the relay drops because its connection is not logged in yet makes the login itself send a new handshake
 * initiation to that peer, instead of WireGuard's retry REKEY_TIMEOUT (5 s) later: the real tunnel loop with the
 * {@link DerpDriver} as relay path and hook ({@link RelayedLoopRig}), virtual time.
 */
class DerpRetryOnLoginTest {
    final RelayedLoopRig rig = new RelayedLoopRig();
    final RelayedLoopRig.Peer b = rig.peers[RelayedLoopRig.B];
    final RelayedLoopRig.Peer c = rig.peers[RelayedLoopRig.C];

    @Test
    void anInitiationDroppedWhileTheRelayDialsIsSentAgainAtItsLogin() {
        rig.relays[0].pollsUntilAnswer = 3;
        rig.step();
        assertTrue(rig.derp.isDialing(0), "home region 1 dialling");
        long sentAt = rig.clock.now;
        rig.ping(RelayedLoopRig.B);
        assertEquals(1, rig.derp.sendsDropped(), "the initiation found the relay not logged in");
        assertTrue(rig.derp.retryPending(b.slot));
        assertEquals(0, b.initiations);

        rig.stepUntilConnected(1, 10);
        for (int i = 0; i < 2 && b.initiations == 0; i++) {
            rig.step();
        }
        assertEquals(1, b.initiations, "a new initiation went through the relay at the login");
        assertTrue(b.lastInitiationAt - sentAt < 100, "not WireGuard's 5 s retry: " + (b.lastInitiationAt - sentAt));
        assertEquals(1, rig.derp.loginRetries());
        assertFalse(rig.derp.retryPending(b.slot));
        // B answered through the relay: the handshake completes and the held ping reaches B
        for (int i = 0; i < 3; i++) {
            rig.step();
        }
        assertEquals(1, rig.loop.handshakeCount(b.slot));
        assertEquals(1, b.innerPackets, "the held ping was delivered");
        assertEquals(0, c.initiations + c.dataPackets, "nothing for a peer nobody sent to");
    }

    @Test
    void aPeerWithASessionGetsNoExtraInitiationAtLogin() {
        rig.stepUntilConnected(1, 10);
        rig.ping(RelayedLoopRig.B);
        for (int i = 0; i < 3; i++) {
            rig.step();
        }
        assertEquals(1, rig.loop.handshakeCount(b.slot));
        assertEquals(1, b.initiations);
        assertEquals(0, rig.derp.loginRetries(), "nothing was dropped");

        // the relay drops the connection; a ping while it reconnects is dropped (a data packet: B has a session)
        rig.relays[0].dropConnection();
        rig.step();
        assertFalse(rig.derp.isConnected(1));
        long dataBefore = b.dataPackets;
        rig.ping(RelayedLoopRig.B);
        assertEquals(1, rig.derp.sendsDropped());
        assertEquals(dataBefore, b.dataPackets);
        rig.clock.now = rig.derp.client(0).reconnectAt();
        rig.stepUntilConnected(1, 10);
        for (int i = 0; i < 3; i++) {
            rig.step();
        }
        assertEquals(1, b.initiations, "no initiation for a peer with a session");
        assertEquals(0, rig.derp.loginRetries());
        assertFalse(rig.derp.retryPending(b.slot), "the flag does not outlive the login");
        rig.ping(RelayedLoopRig.B);
        assertEquals(dataBefore + 1, b.dataPackets, "the session carries data again");
    }

    @Test
    void aPeerOfAnotherRegionStaysFlaggedUntilItsOwnRelayLogsIn() {
        rig.relays[0].pollsUntilAnswer = 3;
        rig.step(); // home region 1 takes slot 0 and dials
        rig.relays[1].behaviour = MemoryTlsRelay.STALL;
        rig.ping(RelayedLoopRig.B);
        rig.ping(RelayedLoopRig.C); // region 2: slot 1 acquired, the send dropped
        assertEquals(2, rig.derp.sendsDropped());
        assertEquals(2, rig.derp.regionAt(1));

        rig.stepUntilConnected(1, 10);
        rig.step();
        assertEquals(1, b.initiations);
        assertEquals(1, rig.derp.loginRetries(), "region 1's login retried B only");
        assertEquals(0, c.initiations);
        assertTrue(rig.derp.retryPending(c.slot), "C waits for region 2");
        assertTrue(rig.derp.isDialing(1));

        rig.relays[1].behaviour = MemoryTlsRelay.CONNECT;
        long before = rig.clock.now;
        rig.stepUntilConnected(2, 10);
        for (int i = 0; i < 2 && c.initiations == 0; i++) {
            rig.step();
        }
        assertEquals(1, c.initiations, "region 2's login retried C");
        assertTrue(c.lastInitiationAt - before < 100);
        assertEquals(2, rig.derp.loginRetries());
        assertEquals(1, b.initiations, "B not again");
        assertFalse(rig.derp.retryPending(c.slot));
        for (int i = 0; i < 3; i++) {
            rig.step();
        }
        assertEquals(1, rig.loop.handshakeCount(c.slot));
        assertEquals(1, c.innerPackets);
    }

    /**
     * The case the retry exists for on a long-running device: C (region 2) was idle past REJECT_AFTER_TIME, so its
     * keypair is expired but still "current", and its region's connection was idle-closed. The next ping needs a
     * handshake, whose initiation finds region 2 dialling: the login must retry it (an expired keypair is no
     * session).
     */
    @Test
    void aPeerWhoseSessionExpiredIsRetriedAtItsRelaysLogin() {
        rig.stepUntilConnected(1, 10);
        rig.ping(RelayedLoopRig.C); // acquires region 2: dropped, retried at its login
        rig.stepUntilConnected(2, 10);
        for (int i = 0; i < 5; i++) {
            rig.step();
        }
        assertEquals(1, rig.loop.handshakeCount(c.slot));
        long retries = rig.derp.loginRetries();
        // idle: region 2 closes after DerpConnections.IDLE_CLOSE_MS, the keypair expires after REJECT_AFTER_TIME
        long idleUntil = rig.clock.now + WgConstants.REJECT_AFTER_TIME_MS + 20_000;
        while (rig.clock.now < idleUntil) {
            rig.clock.now += 999;
            rig.relays[0].serverKeepAlive(); // the home relay stays up
            rig.step();
        }
        assertFalse(rig.derp.isConnected(2), "idle-closed after " + DerpConnections.IDLE_CLOSE_MS + " ms");
        WgPeerStatus st = new WgPeerStatus();
        rig.wg.peerStatus(c.slot, st);
        assertTrue(st.hasSession, "an expired keypair is still the current one");
        long initiations = c.initiations;
        int handshakes = rig.loop.handshakeCount(c.slot);

        long sentAt = rig.clock.now;
        rig.ping(RelayedLoopRig.C);
        assertTrue(rig.derp.retryPending(c.slot));
        rig.stepUntilConnected(2, 10);
        for (int i = 0; i < 2 && c.initiations == initiations; i++) {
            rig.step();
        }
        assertEquals(initiations + 1, c.initiations, "initiation sent at region 2's login");
        assertTrue(c.lastInitiationAt - sentAt < 100, "not 5 s later: " + (c.lastInitiationAt - sentAt));
        assertEquals(retries + 1, rig.derp.loginRetries());
        for (int i = 0; i < 3; i++) {
            rig.step();
        }
        assertEquals(handshakes + 1, rig.loop.handshakeCount(c.slot), "a new session");
        assertEquals(DerpClient.STATE_OPEN, rig.derp.client(1).state());
    }

    /**
     * A flag is for one handshake attempt: region 2 stays unreachable until WireGuard gives the handshake up
     * (REKEY_ATTEMPT_TIME); when region 2 finally logs in, nothing is waiting for that initiation any more, so the
     * login sends none (the next ping starts a handshake of its own).
     */
    @Test
    void aFlagDoesNotOutliveItsHandshakeAttempt() {
        rig.stepUntilConnected(1, 10);
        rig.relays[1].behaviour = MemoryTlsRelay.STALL;
        rig.ping(RelayedLoopRig.C);
        assertTrue(rig.derp.retryPending(c.slot));
        long giveUp = rig.clock.now + WgConstants.REKEY_ATTEMPT_TIME_MS + 1_000;
        while (rig.clock.now < giveUp) {
            rig.clock.now += 999;
            rig.relays[0].serverKeepAlive();
            rig.step();
        }
        assertFalse(rig.derp.isConnected(2));
        assertTrue(rig.derp.dialTimeouts() >= 3, "region 2 kept timing out");
        WgPeerStatus st = new WgPeerStatus();
        rig.wg.peerStatus(c.slot, st);
        assertFalse(st.handshakeInProgress, "WireGuard gave the handshake up");
        assertFalse(st.hasSession);

        rig.relays[1].behaviour = MemoryTlsRelay.CONNECT;
        rig.clock.now = Math.max(rig.clock.now, rig.derp.client(1).reconnectAt());
        rig.stepUntilConnected(2, 10);
        rig.step();
        assertEquals(0, c.initiations, "no initiation for an attempt that is over");
        assertEquals(0, rig.derp.loginRetries());
        assertFalse(rig.derp.retryPending(c.slot));
        rig.ping(RelayedLoopRig.C);
        assertEquals(1, c.initiations, "a new ping starts its own handshake");
    }
}
