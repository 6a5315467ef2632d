package io.tailnode.firmware.loop;

/**
 * Where {@link TunnelLoop} also sends a WireGuard datagram that went to the relay (issue #7): Tailscale's dual send.
 * While a peer's direct path is known but no longer trusted, each packet goes to DERP and to that stale UDP address
 * as well, so the direct path (and the NATs on it) stay warm and it comes back at the next pong. The loop knows
 * nothing of disco; the implementation (the disco driver) answers from its path state. Loop thread only; must not
 * allocate.
 */
public interface SecondaryUdpPath {
    /**
     * The UDP endpoint (source form, {@code SourceAddress}) to also send to for WireGuard peer {@code slot}, whose
     * endpoint is a DERP one, written at {@code out[off..)}.
     *
     * @return its length, or 0 when DERP alone carries the peer's packets
     */
    int secondaryUdpEndpoint(int slot, long nowMs, byte[] out, int off);
}
