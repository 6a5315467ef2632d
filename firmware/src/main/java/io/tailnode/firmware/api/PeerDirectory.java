package io.tailnode.firmware.api;

/**
 * Name lookup of tailnet peers: host name (ASCII, case-insensitive) → tunnel address. Today {@link
 * StaticPeerDirectory}, a small fixed table the device fills from its configuration; once the control client
 * lands, the netmap (MapNode names and addresses) feeds an implementation of this same interface.
 */
public interface PeerDirectory {
    /** {@link #lookup} result: no peer of that name. */
    int NOT_FOUND = -1;

    /**
     * Looks up {@code name[off, off+len)}; on a hit writes the address (4 bytes for IPv4, 16 for IPv6) to
     * {@code addrOut[outOff...]} and returns its family (4 or 6), else {@link #NOT_FOUND}. No allocation.
     */
    int lookup(byte[] name, int off, int len, byte[] addrOut, int outOff);
}
