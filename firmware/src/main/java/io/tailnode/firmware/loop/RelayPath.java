package io.tailnode.firmware.loop;

/**
 * Where {@link TunnelLoop} sends WireGuard datagrams whose endpoint is a DERP endpoint ({@code SourceAddress.derp}:
 * 0x44 + the peer's node key) instead of the UDP transport (issue #7). The implementation picks the DERP
 * connection of the peer's home region (by WireGuard slot) and queues a SendPacket frame. Loop thread only; must
 * not allocate.
 */
public interface RelayPath {
    /**
     * Sends {@code pkt[off..off+len)} to the node key in {@code endpoint[epOff+1..epOff+33)} for WireGuard peer
     * {@code slot}.
     *
     * @return >= 0 queued, < 0 not sent (no connection for the region yet, output full, too large)
     */
    int sendRelayed(int slot, byte[] endpoint, int epOff, byte[] pkt, int off, int len);
}
