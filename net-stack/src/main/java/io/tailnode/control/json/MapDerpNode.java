package io.tailnode.control.json;

/**
 * One DERPMap node at the level the device needs to pick and dial a relay (shared tailscale-protocol.md §3.5):
 * region, host name, IPv4 if given, ports, STUN-only flag. Reused for every DERP node; valid only during
 * {@link MapResponseVisitor#derpNode}.
 */
public final class MapDerpNode {
    final byte[] hostName;
    final byte[] ipv4 = new byte[4];
    int hostNameLength;
    int regionId;
    int derpPort;
    int stunPort;
    boolean stunOnly;
    boolean hasIpv4;

    MapDerpNode(int maxHostName) {
        hostName = new byte[maxHostName];
    }

    void clear(int region) {
        hostNameLength = 0;
        regionId = region;
        derpPort = 0;
        stunPort = 0;
        stunOnly = false;
        hasIpv4 = false;
    }

    /** The node's RegionID, else its region's. */
    public int regionId() {
        return regionId;
    }

    /** Host name bytes (first {@link #hostNameLength()} are valid). */
    public byte[] hostName() {
        return hostName;
    }

    public int hostNameLength() {
        return hostNameLength;
    }

    /** DERPPort; 0 means 443. */
    public int derpPort() {
        return derpPort;
    }

    /** STUNPort; 0 means 3478, -1 disabled. */
    public int stunPort() {
        return stunPort;
    }

    /** A STUN-only node: never dial it for DERP (pitfall 14). */
    public boolean stunOnly() {
        return stunOnly;
    }

    public boolean hasIpv4() {
        return hasIpv4;
    }

    public byte[] ipv4() {
        return ipv4;
    }
}
