package io.tailnode.control.json;

/**
 * The fields of one tailcfg.Node (or PeerChange, for PeersChangedPatch) the device consumes, as the scanner
 * collected them (shared tailscale-protocol.md §2.6 "Node object"). One instance is reused for every node of a
 * stream: valid only during {@link MapResponseVisitor#node}; copy what you keep. Capacities are fixed at
 * construction.
 */
public final class MapNode {
    /** Self node (MapResponse.Node). */
    public static final int KIND_SELF = 0;
    /** An entry of MapResponse.Peers: the full list, replacing every peer. */
    public static final int KIND_PEER = 1;
    /** An entry of MapResponse.PeersChanged: whole-node upsert. */
    public static final int KIND_CHANGED = 2;
    /** An entry of MapResponse.PeersChangedPatch: only the present fields change. */
    public static final int KIND_PATCH = 3;

    /** Longest StableID kept; a longer one is reported as absent (it is only used to pin nodes). */
    public static final int MAX_STABLE_ID = 64;

    final byte[] key = new byte[KeyText.KEY_LENGTH];
    final byte[] stableId = new byte[MAX_STABLE_ID];
    int stableIdLength;
    final byte[] discoKey = new byte[KeyText.KEY_LENGTH];
    final IpList addresses;
    final IpList allowedIps;
    final IpList endpoints;
    int kind;
    long id;
    boolean hasId;
    boolean hasKey;
    boolean hasDiscoKey;
    boolean hasAddresses;
    boolean hasAllowedIps;
    boolean hasEndpoints;
    int homeDerp;
    int legacyDerp;
    /** Node.KeyExpiry in Unix ms; 0 = absent or the zero time (never expires). */
    long keyExpiry;

    MapNode(int maxAddresses, int maxAllowedIps, int maxEndpoints) {
        addresses = new IpList(maxAddresses);
        allowedIps = new IpList(maxAllowedIps);
        endpoints = new IpList(maxEndpoints);
    }

    void clear(int newKind) {
        kind = newKind;
        id = 0;
        hasId = false;
        hasKey = false;
        hasDiscoKey = false;
        hasAddresses = false;
        hasAllowedIps = false;
        hasEndpoints = false;
        homeDerp = 0;
        legacyDerp = 0;
        keyExpiry = 0;
        stableIdLength = 0;
        addresses.clear();
        allowedIps.clear();
        endpoints.clear();
    }

    /** One of the KIND_ constants. */
    public int kind() {
        return kind;
    }

    /** Node ID (int64: SaaS IDs exceed 2^52). Present on every reported node. */
    public long id() {
        return id;
    }

    /** Length of the StableID in {@link #stableId()}; 0 if absent, null or longer than {@link #MAX_STABLE_ID}. */
    public int stableIdLength() {
        return stableIdLength;
    }

    /** The StableID bytes as sent (UTF-8), valid up to {@link #stableIdLength()} (array owned by this object). */
    public byte[] stableId() {
        return stableId;
    }

    public boolean hasKey() {
        return hasKey;
    }

    /** The 32-byte node public key (array owned by this object). */
    public byte[] key() {
        return key;
    }

    public boolean hasDiscoKey() {
        return hasDiscoKey;
    }

    /** The 32-byte disco public key (array owned by this object). */
    public byte[] discoKey() {
        return discoKey;
    }

    /** False if Addresses was absent or null (in a patch/delta: unchanged). */
    public boolean hasAddresses() {
        return hasAddresses;
    }

    /** Addresses, value = prefix length. */
    public IpList addresses() {
        return addresses;
    }

    /** False if AllowedIPs was absent or null: then it is the same as Addresses (capver &gt;= 112). */
    public boolean hasAllowedIps() {
        return hasAllowedIps;
    }

    /** AllowedIPs as sent, value = prefix length; see {@link #hasAllowedIps}. */
    public IpList allowedIps() {
        return allowedIps;
    }

    public boolean hasEndpoints() {
        return hasEndpoints;
    }

    /** Endpoints, value = UDP port. */
    public IpList endpoints() {
        return endpoints;
    }

    /**
     * Home DERP region: HomeDERP (capver &gt;= 111; DERPRegion in a patch), else the legacy "127.3.3.40:N" DERP
     * field, else 0 (none).
     */
    public int derpRegion() {
        return homeDerp != 0 ? homeDerp : legacyDerp;
    }

    /**
     * Node.KeyExpiry in Unix milliseconds; 0 when absent, null or Go's zero time (the key does not expire). The
     * control client reads it on the self node (issue 6: expiry within 14 days shows, expired re-registers).
     */
    public long keyExpiry() {
        return keyExpiry;
    }
}
