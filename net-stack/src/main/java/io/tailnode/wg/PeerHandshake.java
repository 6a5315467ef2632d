package io.tailnode.wg;

import io.tailnode.lang.Bytes;

/**
 * One peer's Noise_IKpsk2 handshake state (whitepaper §5.4.2–§5.4.5), allocated when the peer is created and
 * reused for every handshake with it; {@link Handshake} reads and writes it. Holds the peer's static key, the
 * preshared key, the precomputed static-static DH and initial hash, and for the handshake in flight the
 * ephemeral private key, chaining key, hash, remote ephemeral and both indices; plus the last TAI64N accepted
 * from the peer (replay protection for initiations, kept across handshakes). Never printed: holds keys.
 * Not thread-safe; one event loop.
 */
public final class PeerHandshake {
    static final int STATE_ZEROED = 0;
    static final int STATE_INITIATION_CREATED = 1;
    static final int STATE_INITIATION_CONSUMED = 2;
    static final int STATE_RESPONSE_CREATED = 3;
    static final int STATE_RESPONSE_CONSUMED = 4;

    final byte[] remoteStatic = new byte[WgConstants.KEY_SIZE];
    final byte[] presharedKey = new byte[WgConstants.KEY_SIZE];
    /** DH(our static, their static): fixed per peer, so computed once at configuration (kernel, lwip do). */
    final byte[] staticStatic = new byte[WgConstants.KEY_SIZE];
    final byte[] ephemeralPrivate = new byte[WgConstants.KEY_SIZE];
    final byte[] remoteEphemeral = new byte[WgConstants.KEY_SIZE];
    final byte[] chainingKey = new byte[WgConstants.KEY_SIZE];
    final byte[] hash = new byte[WgConstants.KEY_SIZE];
    final byte[] lastTimestamp = new byte[WgConstants.TAI64N_SIZE];
    int state;
    boolean configured;
    int slot;
    /** Our index for the handshake in flight (0 = none); moves to the Keypair when keys are derived. */
    int localIndex;
    int remoteIndex;
    long lastInitiationConsumedMs;
    boolean hasConsumedInitiation;

    /** The peer slot this state belongs to (set by {@link Handshake#configurePeer}). */
    public int slot() {
        return slot;
    }

    /** Our index of the handshake in flight, 0 if none. */
    public int localIndex() {
        return localIndex;
    }

    /** The peer's index of the handshake in flight. */
    public int remoteIndex() {
        return remoteIndex;
    }

    /** We sent an initiation and wait for its response. */
    public boolean isInitiationOutstanding() {
        return state == STATE_INITIATION_CREATED;
    }

    /** An initiation was consumed: {@link Handshake#createResponse} may run. */
    public boolean canCreateResponse() {
        return state == STATE_INITIATION_CONSUMED;
    }

    /** A response was created or consumed: {@link Handshake#deriveKeypair} may run. */
    public boolean canDeriveKeypair() {
        return state == STATE_RESPONSE_CREATED || state == STATE_RESPONSE_CONSUMED;
    }

    /** Copies the last accepted TAI64N out, e.g. for persistence; all zero if none. */
    public void lastTimestamp(byte[] out, int off) {
        System.arraycopy(lastTimestamp, 0, out, off, WgConstants.TAI64N_SIZE);
    }

    /** Zeroes the in-flight secrets; keeps configuration, indices bookkeeping is the caller's. */
    void wipeTransient() {
        Bytes.wipe(ephemeralPrivate, 0, WgConstants.KEY_SIZE);
        Bytes.wipe(remoteEphemeral, 0, WgConstants.KEY_SIZE);
        Bytes.wipe(chainingKey, 0, WgConstants.KEY_SIZE);
        Bytes.wipe(hash, 0, WgConstants.KEY_SIZE);
        state = STATE_ZEROED;
        remoteIndex = 0;
    }

    /** Zeroes everything including the peer's keys and replay floor (peer removed). */
    void wipeAll() {
        wipeTransient();
        Bytes.wipe(remoteStatic, 0, WgConstants.KEY_SIZE);
        Bytes.wipe(presharedKey, 0, WgConstants.KEY_SIZE);
        Bytes.wipe(staticStatic, 0, WgConstants.KEY_SIZE);
        Bytes.wipe(lastTimestamp, 0, WgConstants.TAI64N_SIZE);
        configured = false;
        hasConsumedInitiation = false;
        localIndex = 0;
    }
}
