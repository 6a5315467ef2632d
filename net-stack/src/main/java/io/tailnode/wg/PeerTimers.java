package io.tailnode.wg;

import io.tailnode.lang.HotPath;

/**
 * Every WireGuard timer rule of one peer, in one place (whitepaper §6; boringtun timers.rs, wireguard-go
 * timers.go). Read whitepaper §6.1-§6.5 before editing.
 * <p>
 * Sans-I/O: no clock, no sockets. Timers are absolute {@code long} deadlines in the caller's monotonic
 * milliseconds (0 = unset, so the caller's clock must start above 0). Hooks named for what just happened
 * record events; {@link #poll} evaluates every rule and returns a bit set of actions ({@link #SEND_INITIATION},
 * {@link #SEND_KEEPALIVE}, {@link #DROP_QUEUED}, {@link #WIPE_KEYS}) for the caller to perform; the timers
 * count each returned action as done. Call {@code poll} after every event and at {@link #nextDeadline}.
 * <p>
 * Expiry of a keypair at REJECT_AFTER_TIME / REJECT_AFTER_MESSAGES is enforced by {@link Session} itself
 * (encrypt and decrypt refuse); the caller reacts to that refusal with {@link #onDataWaitingForSession}.
 * Not thread-safe; one event loop. Allocates nothing after construction.
 */
public final class PeerTimers {
    /** Build and send a handshake initiation (new ephemeral key). */
    public static final int SEND_INITIATION = 1;
    /** Send a keepalive (empty transport message) on the current keypair; if none, treat as queued data. */
    public static final int SEND_KEEPALIVE = 2;
    /** The handshake was given up: drop packets queued for this peer. */
    public static final int DROP_QUEUED = 4;
    /** Zero every key of the peer: sessions ({@link PeerSessions#wipeAll}) and handshake state. */
    public static final int WIPE_KEYS = 8;

    private final PeerSessions sessions;
    private final Jitter jitter;
    private long persistentKeepaliveMs;

    /** Start of the current run of initiation attempts (REKEY_ATTEMPT_TIME budget); 0 = no handshake running. */
    private long attemptStartMs;
    private long lastInitiationSentMs;
    private long retransmitAtMs;
    /** Passive keepalive: first unanswered data receive + KEEPALIVE_TIMEOUT. */
    private long keepaliveAtMs;
    /** First unanswered data send + KEEPALIVE_TIMEOUT + REKEY_TIMEOUT + jitter. */
    private long newHandshakeAtMs;
    private long persistentKeepaliveAtMs;
    private long wipeAtMs;
    /** An event asked for a handshake; poll starts it (rate-limited to one initiation per REKEY_TIMEOUT). */
    private boolean initiationWanted;
    /** The 165 s receive-side rekey fires once per session. */
    private boolean lastMinuteHandshakeSent;
    /** As initiator with fresh keys: send something so the responder can confirm them (whitepaper §6.1). */
    private boolean confirmationWanted;

    /**
     * @param sessions the peer's keypairs, read for the rekey rules (age, role, counter)
     * @param jitter random source for REKEY_TIMEOUT jitter
     */
    public PeerTimers(PeerSessions sessions, Jitter jitter) {
        this.sessions = sessions;
        this.jitter = jitter;
    }

    /** wg(8) PersistentKeepalive: 0 disables, else 1-65535 s. */
    public void setPersistentKeepaliveSeconds(int seconds) {
        persistentKeepaliveMs = seconds * 1000L;
        if (seconds == 0) {
            persistentKeepaliveAtMs = 0;
        }
    }

    /**
     * Forgets every deadline and flag (the slot is reused for another peer); keeps the persistent keepalive
     * interval, which the caller sets again. Added for WireGuardDevice slot reuse.
     */
    void reset() {
        attemptStartMs = 0;
        lastInitiationSentMs = 0;
        retransmitAtMs = 0;
        keepaliveAtMs = 0;
        newHandshakeAtMs = 0;
        persistentKeepaliveAtMs = 0;
        wipeAtMs = 0;
        initiationWanted = false;
        lastMinuteHandshakeSent = false;
        confirmationWanted = false;
    }

    // ---------------------------------------------------------------- events

    /**
     * Data is waiting but there is no usable current keypair (none, expired, or at REJECT_AFTER_MESSAGES).
     * Whitepaper §6.4: the REKEY_ATTEMPT_TIME budget "is reset when a peer explicitly attempts to send a new
     * transport data message".
     */
    public void onDataWaitingForSession(long nowMs) {
        initiationWanted = true;
        if (attemptStartMs != 0) {
            attemptStartMs = nowMs;
        }
    }

    /** A transport message carrying data (not a keepalive) was sent. */
    @HotPath
    public void onDataSent(long nowMs) {
        if (newHandshakeAtMs == 0) {
            newHandshakeAtMs = nowMs + WgConstants.NEW_HANDSHAKE_AFTER_SILENCE_MS + jitterMs();
        }
        Session cur = sessions.current();
        if (cur != null && cur.wantsRekeyOnSend(nowMs)) {
            initiationWanted = true;
        }
    }

    /** A transport message carrying data (not a keepalive) was received and authenticated. */
    @HotPath
    public void onDataReceived(long nowMs) {
        if (keepaliveAtMs == 0) {
            keepaliveAtMs = nowMs + WgConstants.KEEPALIVE_TIMEOUT_MS;
        }
        Session cur = sessions.current();
        if (cur != null && !lastMinuteHandshakeSent && cur.wantsRekeyOnReceive(nowMs)) {
            lastMinuteHandshakeSent = true;
            initiationWanted = true;
        }
    }

    /** Any authenticated packet (transport, keepalive or handshake message) was sent to the peer. */
    @HotPath
    public void onAuthenticatedPacketSent(long nowMs) {
        keepaliveAtMs = 0;
        confirmationWanted = false;
    }

    /** Any authenticated packet (transport, keepalive or handshake message) was received from the peer. */
    @HotPath
    public void onAuthenticatedPacketReceived(long nowMs) {
        newHandshakeAtMs = 0;
    }

    /** Any authenticated packet went either way (persistent keepalive counts from the last one). */
    @HotPath
    public void onAnyAuthenticatedPacketTraversal(long nowMs) {
        if (persistentKeepaliveMs != 0) {
            persistentKeepaliveAtMs = nowMs + persistentKeepaliveMs;
        }
    }

    /**
     * An initiation was sent. {@link #poll} calls this for the initiations it asks for; call it only for one sent
     * on another path (e.g. an explicit "connect now").
     */
    public void onHandshakeInitiated(long nowMs) {
        lastInitiationSentMs = nowMs;
        if (attemptStartMs == 0) {
            attemptStartMs = nowMs;
        }
        retransmitAtMs = nowMs + WgConstants.REKEY_TIMEOUT_MS + jitterMs();
        initiationWanted = false;
    }

    /**
     * The handshake finished: as initiator on consuming the response, as responder when the first packet
     * arrived on the "next" keypair ({@link PeerSessions#onReceivedWith} returned true). Call after the keypair is
     * installed or promoted.
     */
    public void onHandshakeComplete(long nowMs) {
        attemptStartMs = 0;
        retransmitAtMs = 0;
        initiationWanted = false;
        lastMinuteHandshakeSent = false;
        Session cur = sessions.current();
        confirmationWanted = cur != null && cur.isInitiator();
    }

    /** New transport keys were derived (either role): restarts the 540 s key-wipe countdown. */
    public void onSessionDerived(long nowMs) {
        wipeAtMs = nowMs + WgConstants.WIPE_AFTER_TIME_MS;
    }

    // ---------------------------------------------------------------- rules

    /** Evaluates every rule at {@code nowMs}; returns the actions due (0 if none). */
    @HotPath
    public int poll(long nowMs) {
        int actions = 0;

        // §6.3: "after REJECT_AFTER_TIME x 3 ... with no new keys, all ... keys are zeroed", so a long-silent
        // device holds no key material that could decrypt recorded traffic.
        if (wipeAtMs != 0 && nowMs >= wipeAtMs) {
            wipeAtMs = 0;
            actions |= WIPE_KEYS;
        }

        // §6.4: "this reinitiation is attempted for REKEY_ATTEMPT_TIME seconds before giving up" and queued
        // packets are dropped; the key wipe is armed if it was not (wireguard-go does the same).
        if (attemptStartMs != 0 && nowMs - attemptStartMs >= WgConstants.REKEY_ATTEMPT_TIME_MS) {
            attemptStartMs = 0;
            retransmitAtMs = 0;
            keepaliveAtMs = 0;
            initiationWanted = false;
            if (wipeAtMs == 0) {
                wipeAtMs = nowMs + WgConstants.WIPE_AFTER_TIME_MS;
            }
            actions |= DROP_QUEUED;
        } else if (retransmitAtMs != 0 && nowMs >= retransmitAtMs) {
            // §6.4: "if a handshake response message is not subsequently received after REKEY_TIMEOUT seconds,
            // a new handshake initiation message is constructed ... and sent", with jitter against lockstep.
            onHandshakeInitiated(nowMs);
            actions |= SEND_INITIATION;
        }

        // §6.5: after sending data, "if no packets have been received ... for KEEPALIVE_TIMEOUT +
        // REKEY_TIMEOUT, a new handshake is initiated" (the peer may have restarted and lost its keys).
        if (newHandshakeAtMs != 0 && nowMs >= newHandshakeAtMs) {
            newHandshakeAtMs = 0;
            initiationWanted = true;
        }

        // §6.2 (rekey on send / on receive) and §6.4 (data waiting) only set initiationWanted; one initiation per
        // REKEY_TIMEOUT at most, and none while a handshake is already retrying.
        if (initiationWanted) {
            if (attemptStartMs != 0) {
                initiationWanted = false;
            } else if (lastInitiationSentMs == 0
                    || nowMs - lastInitiationSentMs >= WgConstants.REKEY_TIMEOUT_MS) {
                onHandshakeInitiated(nowMs);
                actions |= SEND_INITIATION;
            }
        }

        // §6.5: "if a peer has received a validly-authenticated transport data message, but does not have any
        // packets itself to send back for KEEPALIVE_TIMEOUT seconds, it sends a keepalive message".
        if (keepaliveAtMs != 0 && nowMs >= keepaliveAtMs) {
            keepaliveAtMs = 0;
            actions |= SEND_KEEPALIVE;
        }

        // §6.1 / 5.4.7: the responder uses new keys only after receiving on them, so the initiator sends at once
        // (a keepalive if it has no data).
        if (confirmationWanted) {
            confirmationWanted = false;
            actions |= SEND_KEEPALIVE;
        }

        // wg(8) PersistentKeepalive: an authenticated packet at least every interval, to hold NAT mappings.
        if (persistentKeepaliveAtMs != 0 && nowMs >= persistentKeepaliveAtMs) {
            persistentKeepaliveAtMs = persistentKeepaliveMs == 0 ? 0 : nowMs + persistentKeepaliveMs;
            actions |= SEND_KEEPALIVE;
        }
        return actions;
    }

    /**
     * The earliest absolute time at which {@link #poll} has something to do, or {@code Long.MAX_VALUE}. A value
     * at or below the current time means "poll now".
     */
    @HotPath
    public long nextDeadline() {
        long d = Long.MAX_VALUE;
        d = earliest(d, wipeAtMs);
        if (attemptStartMs != 0) {
            d = earliest(d, attemptStartMs + WgConstants.REKEY_ATTEMPT_TIME_MS);
        }
        d = earliest(d, retransmitAtMs);
        d = earliest(d, newHandshakeAtMs);
        d = earliest(d, keepaliveAtMs);
        d = earliest(d, persistentKeepaliveAtMs);
        if (confirmationWanted) {
            d = earliest(d, 1);
        }
        if (initiationWanted) {
            d = earliest(d, lastInitiationSentMs == 0 ? 1 : lastInitiationSentMs + WgConstants.REKEY_TIMEOUT_MS);
        }
        return d;
    }

    /** True while initiations are being (re)sent and no response has completed the handshake. */
    public boolean isHandshakeInProgress() {
        return attemptStartMs != 0;
    }

    @HotPath
    private static long earliest(long d, long t) {
        return t != 0 && t < d ? t : d;
    }

    @HotPath
    private long jitterMs() {
        return jitter.nextJitterMs((int) WgConstants.REKEY_TIMEOUT_JITTER_MAX_MS);
    }
}
