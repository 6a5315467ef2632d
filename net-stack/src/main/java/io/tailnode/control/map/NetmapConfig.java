package io.tailnode.control.map;

/**
 * Capacities and admission policy of the netmap ({@link PeerTable}, {@link NetmapApplier}); everything is
 * allocated from these at construction (capacities are configuration, not constants). Plain fields with
 * defaults, checked once by {@link #validate} (IllegalArgumentException on a bad value).
 * <p>
 * The per-node maxima should equal the ones given to the MapResponseScanner: the scanner already drops a node
 * whose lists overflow them (counted there), so the table never sees more.
 * <p>
 * Pinning (issue 6, "first those pinned in configuration"): by node key or by StableID (which survives node-key
 * rotation). Tags are not supported yet: the scanner skips {@code Tags} (a list of strings it would need to
 * store per node); a pin list for them can be added here once MapNode carries them.
 */
public final class NetmapConfig {
    /** Peer entries kept (the WireGuardDevice needs at least this many peer slots). */
    public int maxPeers = 16;
    /** Addresses kept per peer (tailnet nodes have one IPv4 /32 and one IPv6 /128). */
    public int maxAddresses = 2;
    /** AllowedIPs kept per peer (addresses plus subnet routes). */
    public int maxAllowedIps = 8;
    /** Endpoints kept per peer. */
    public int maxEndpoints = 4;
    /** Persistent keepalive given to every WireGuard peer: 0 disables (the Go client's default for peers). */
    public int persistentKeepaliveSeconds;
    /**
     * Pinned node public keys, 32 bytes each, concatenated (length a multiple of 32); null or empty = none.
     * Copied at construction.
     */
    public byte[] pinnedNodeKeys;
    /**
     * Pinned StableIDs as their UTF-8 bytes (e.g. "nXXXXXXCNTRL"), each at most MapNode.MAX_STABLE_ID bytes; null
     * = none. Copied at construction.
     */
    public byte[][] pinnedStableIds;

    public NetmapConfig() {
    }

    /** @throws IllegalArgumentException on a bad value */
    public void validate() {
        if (maxPeers < 1 || maxAddresses < 1 || maxAllowedIps < 0 || maxEndpoints < 0) {
            throw new IllegalArgumentException("capacity");
        }
        if (persistentKeepaliveSeconds < 0 || persistentKeepaliveSeconds > 65535) {
            throw new IllegalArgumentException("persistent keepalive");
        }
        if (pinnedNodeKeys != null && pinnedNodeKeys.length % 32 != 0) {
            throw new IllegalArgumentException("pinned keys");
        }
        if (pinnedStableIds != null) {
            for (int i = 0; i < pinnedStableIds.length; i++) {
                if (pinnedStableIds[i] == null || pinnedStableIds[i].length == 0
                        || pinnedStableIds[i].length > io.tailnode.control.json.MapNode.MAX_STABLE_ID) {
                    throw new IllegalArgumentException("pinned StableID");
                }
            }
        }
    }
}
