package io.tailnode.wg;

/**
 * Capacities of a {@link WireGuardDevice}: everything it allocates is sized from these at construction
 * (style anchors: capacities are configuration, not constants). Plain fields with defaults; the device checks
 * them once ({@link #validate}) and throws IllegalArgumentException on a bad value.
 * <p>
 * There is no handshake queue: the device is sans-I/O and processes each handshake message inside
 * {@code receive}, so "load" is the number of mac1-valid handshake messages per second
 * ({@link #underLoadThresholdPerSecond}, see {@link CookieChecker}).
 */
public final class WgDeviceConfig {
    /** Peer slots. */
    public int maxPeers = 16;
    /** Allowed-IP prefixes, all peers and both families together. */
    public int maxAllowedIps = 64;
    /** Largest inner packet (tunnel MTU); transport padding is capped at it. */
    public int mtu = 1420;
    /** Packets held per peer while no session exists (drop-oldest when full). 0 disables holding. */
    public int heldPacketsPerPeer = 4;
    /**
     * Held-packet slots shared by all peers ({@code HeldPackets}: per-peer cap {@link #heldPacketsPerPeer}, the
     * busiest peer's oldest dropped when full); 0 = {@code maxPeers x heldPacketsPerPeer}, a full share each.
     */
    public int heldPacketsShared = 0;
    /**
     * Replay window per keypair, in counters (a multiple of 64, 64..8128): 2048 by default; 1024 (boringtun's)
     * saves 128 B per keypair, 384 B per peer slot, on boards.
     */
    public int replayWindow = (int) ReplayWindow.WINDOW_SIZE;
    /** Sources tracked by the handshake rate limiter (20/s, burst 5 per source). */
    public int rateLimiterEntries = 64;
    /** Handshake messages per second answered without demanding cookies (CookieChecker class doc). */
    public int underLoadThresholdPerSecond = 25;

    public WgDeviceConfig() {
    }

    void validate() {
        if (maxPeers < 1 || maxPeers > (1 << 16)) {
            throw new IllegalArgumentException("maxPeers");
        }
        if (maxAllowedIps < 0 || mtu < 68 || mtu > 65535 || heldPacketsPerPeer < 0 || heldPacketsShared < 0
                || rateLimiterEntries < 1
                || underLoadThresholdPerSecond < 1 || replayWindow < ReplayWindow.MIN_USABLE
                || replayWindow > ReplayWindow.MAX_USABLE || replayWindow % ReplayWindow.MIN_USABLE != 0) {
            throw new IllegalArgumentException("capacity");
        }
    }
}
