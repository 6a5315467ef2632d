package io.tailnode.control.json;

/**
 * One DERPMap node at the level the device needs to pick and dial a relay (shared tailscale-protocol.md §3.5):
 * region, host name, CertName (a {@code sha256-raw:} pin or the name the certificate must carry), IPv4 if given,
 * ports, STUN-only flag. Reused for every DERP node; valid only during {@link MapResponseVisitor#derpNode}.
 */
public final class MapDerpNode {
    /** Length of a {@code sha256-raw:<64 hex>} CertName: the CertName buffer holds at least this much. */
    public static final int PIN_TEXT_LENGTH = 11 + 64;

    final byte[] hostName;
    final byte[] certName;
    final byte[] ipv4 = new byte[4];
    int hostNameLength;
    int certNameLength;
    int regionId;
    int derpPort;
    int stunPort;
    boolean stunOnly;
    boolean hasIpv4;

    MapDerpNode(int maxHostName) {
        hostName = new byte[maxHostName];
        certName = new byte[Math.max(maxHostName, PIN_TEXT_LENGTH)];
    }

    void clear(int region) {
        hostNameLength = 0;
        certNameLength = 0;
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

    /** CertName bytes (first {@link #certNameLength()} are valid); absent or empty: length 0. */
    public byte[] certName() {
        return certName;
    }

    public int certNameLength() {
        return certNameLength;
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
