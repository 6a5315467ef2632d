package io.tailnode.firmware.api;

/**
 * Tunnel peer up/down, by WireGuard peer slot, called on the event loop's thread (must not block). Up: a
 * handshake with the peer completed while it was down. Down: no handshake for
 * {@code WgConstants.REJECT_AFTER_TIME_MS} (180 s) — its session keys are dead (an active session rekeys every
 * 120 s, so a live peer never goes down).
 */
public interface PeerListener {
    void onPeerUp(int slot, long nowMs);

    void onPeerDown(int slot, long nowMs);
}
