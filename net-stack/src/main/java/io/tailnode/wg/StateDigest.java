package io.tailnode.wg;

import io.tailnode.crypto.Blake2s;
import io.tailnode.lang.Bytes;

/**
 * {@link WireGuardDevice#stateDigest()}: keyed BLAKE2s (random per-device key, so the 64-bit result reveals
 * nothing about the secrets it covers) over all protocol state: peers, public and handshake keys, handshake
 * state and indices, keypairs (indices, send counter, creation time, replay window front), the timers' next
 * deadline, endpoints, held packets, traffic counters and table sizes. Not covered: drop counters, the
 * load/cookie-secret bookkeeping of CookieChecker and the RateLimiter buckets (they move on mac1-valid input by
 * design). For tests and diagnostics; not a hot path.
 */
final class StateDigest {
    /** The device's shared engine: the digest is computed within one call, between no other use of it. */
    private final Blake2s blake;
    private final byte[] key = new byte[WgConstants.KEY_SIZE];
    private final byte[] scratch = new byte[8];

    StateDigest(WgRandom random, Blake2s blake) {
        this.blake = blake;
        random.nextBytes(key, 0, WgConstants.KEY_SIZE);
    }

    long digest(Peer[] peers, IndexTable indices, AllowedIps allowedIps) {
        blake.init(8, key, 0, WgConstants.KEY_SIZE);
        mix(indices.size());
        mix(allowedIps.size());
        for (int i = 0; i < peers.length; i++) {
            Peer p = peers[i];
            mix(p.inUse ? 1 : 0);
            if (!p.inUse) {
                continue;
            }
            PeerHandshake h = p.handshake;
            blake.update(p.publicKey, 0, WgConstants.KEY_SIZE);
            blake.update(p.endpoint, 0, p.endpoint.length);
            blake.update(h.chainingKey, 0, WgConstants.KEY_SIZE);
            blake.update(h.hash, 0, WgConstants.KEY_SIZE);
            blake.update(h.ephemeralPrivate, 0, WgConstants.KEY_SIZE);
            blake.update(h.remoteEphemeral, 0, WgConstants.KEY_SIZE);
            blake.update(h.presharedKey, 0, WgConstants.KEY_SIZE);
            blake.update(h.lastTimestamp, 0, WgConstants.TAI64N_SIZE);
            mix(p.endpointLength);
            mix(h.state);
            mix(h.localIndex);
            mix(h.remoteIndex);
            mixSession(p.sessions.current());
            mixSession(p.sessions.previous());
            mixSession(p.sessions.next());
            mix(p.timers.nextDeadline());
            mix(p.heldCount());
            mix(p.oldestHeldOffset());
            mix(p.pendingActions);
            mix(p.rxBytes);
            mix(p.txBytes);
            mix(p.rxPackets);
            mix(p.txPackets);
            mix(p.lastHandshakeMs);
        }
        blake.doFinal(scratch, 0);
        return Bytes.getLongLE(scratch, 0);
    }

    private void mixSession(Session s) {
        if (s == null) {
            mix(-1);
            return;
        }
        mix(s.isValid() ? 1 : 0);
        mix(s.localIndex());
        mix(s.remoteIndex());
        mix(s.sendCounter());
        mix(s.createdMs());
        mix(s.greatestReceived());
        mix(s.isInitiator() ? 1 : 0);
    }

    private void mix(long v) {
        Bytes.putLongLE(scratch, 0, v);
        blake.update(scratch, 0, 8);
    }
}
